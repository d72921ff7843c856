import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A port that is free now, for a child process to bind a moment later. Chosen below the kernel's
 * ephemeral range: a port from that range, once released, can be handed to any other process's
 * `listen(0)` (or an outgoing connection) before our child binds it — a full test run once saw the
 * stack's API port answered by another test's Safari simulator. Below the range, only a process
 * asking for that very number can take it. Falls back to the kernel's choice if no port there is free.
 */

const LOWEST = 10_000;
const TRIES = 50;
/** Handed out by this process already: two concurrent picks never get the same number. */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  const below = ephemeralLow();
  for (let i = 0; below - LOWEST >= 1_000 && i < TRIES; i++) {
    const port = LOWEST + Math.floor(Math.random() * (below - LOWEST));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await isFree(port)) return port;
  }
  return kernelsChoice();
}

/** The ephemeral range's first port (Linux); 32768 where it cannot be read (macOS's starts higher still). */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? Math.min(low, 32_768) : 32_768;
  } catch {
    return 32_768;
  }
}

/** Free on every IPv4 address and on IPv6 loopback (where `localhost` may go first). */
export async function isFree(port: number): Promise<boolean> {
  return (await canListen(port, '0.0.0.0')) && (await canListen(port, '::1'));
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) =>
      // No IPv6 on this machine: nothing can answer there either.
      resolve(host === '::1' && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT')),
    );
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function kernelsChoice(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

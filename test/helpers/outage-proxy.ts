import net from 'node:net';

/**
 * A TCP hop in front of a real server that a test can cut, as when the database's machine drops
 * off the network: while down, open connections are reset and new ones closed on arrival, so a
 * client sees exactly what it would in an outage (and nothing is faked about the server itself).
 *
 * Or stall, as a stopped process (SIGSTOP) or a hung gateway does: connections are accepted and
 * nothing is answered, the open ones included; what was sent waits, unread, and goes through
 * unchanged on `up()`, as it would after SIGCONT.
 */
export interface OutageProxy {
  url: string;
  down: () => void;
  stall: () => void;
  up: () => void;
  close: () => Promise<void>;
}

interface Hop {
  client: net.Socket;
  upstream: net.Socket | null;
}

export async function startOutageProxy(target: string): Promise<OutageProxy> {
  const { hostname, port, protocol } = new URL(target);
  const open = new Set<net.Socket>();
  const hops = new Set<Hop>();
  let mode: 'up' | 'down' | 'stalled' = 'up';
  const track = (s: net.Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined); // a reset is the point, not a test failure
  };
  const connect = (hop: Hop) => {
    const upstream = net.connect(Number(port), hostname);
    track(upstream);
    hop.upstream = upstream;
    hop.client.pipe(upstream).pipe(hop.client);
    hop.client.on('close', () => upstream.destroy());
    upstream.on('close', () => hop.client.destroy());
  };
  const halt = (hop: Hop) => {
    hop.client.unpipe();
    hop.upstream?.unpipe();
    hop.client.pause();
    hop.upstream?.pause();
  };
  const server = net.createServer((client) => {
    if (mode === 'down') return void client.destroy();
    track(client);
    const hop: Hop = { client, upstream: null };
    hops.add(hop);
    client.on('close', () => hops.delete(hop));
    if (mode === 'stalled') client.pause();
    else connect(hop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    url: `${protocol}//127.0.0.1:${own}`,
    down: () => {
      mode = 'down';
      for (const s of open) s.destroy();
    },
    stall: () => {
      mode = 'stalled';
      for (const hop of hops) halt(hop);
    },
    up: () => {
      const wasStalled = mode === 'stalled';
      mode = 'up';
      if (!wasStalled) return;
      for (const hop of hops) {
        if (!hop.upstream) connect(hop);
        else hop.client.pipe(hop.upstream).pipe(hop.client);
      }
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

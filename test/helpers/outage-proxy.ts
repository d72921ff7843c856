import net from 'node:net';

/**
 * A TCP hop in front of a real server that a test can cut, as when the database's machine drops
 * off the network: while down, open connections are reset and new ones closed on arrival, so a
 * client sees exactly what it would in an outage (and nothing is faked about the server itself).
 */
export interface OutageProxy {
  url: string;
  down: () => void;
  up: () => void;
  close: () => Promise<void>;
}

export async function startOutageProxy(target: string): Promise<OutageProxy> {
  const { hostname, port, protocol } = new URL(target);
  const open = new Set<net.Socket>();
  let isDown = false;
  const server = net.createServer((client) => {
    if (isDown) return void client.destroy();
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined); // a reset is the point, not a test failure
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    url: `${protocol}//127.0.0.1:${own}`,
    down: () => {
      isDown = true;
      for (const s of open) s.destroy();
    },
    up: () => {
      isDown = false;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

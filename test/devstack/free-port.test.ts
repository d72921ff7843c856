import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { ephemeralLow, freePort, isFree } from '../../src/devstack/free-port';

const listen = (port: number, host: string) =>
  new Promise<Server>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, host, () => resolve(srv));
  });
const close = (srv: Server) => new Promise<void>((resolve) => srv.close(() => resolve()));

describe('freePort', () => {
  it('picks below the ephemeral range, so no listen(0) elsewhere can be handed the port meanwhile', async () => {
    const low = ephemeralLow();
    assert.ok(low > 10_000, `this machine's ephemeral range starts at ${low}`);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) assert.ok(port >= 10_000 && port < low, `${port} is outside 10000..${low - 1}`);
    assert.equal(new Set(ports).size, ports.length, 'concurrent picks never share a number');
    // Each is really free: the API binds every IPv4 address, the data APIs loopback.
    for (const port of ports.slice(0, 5)) await close(await listen(port, '0.0.0.0'));
  });

  it('takes a port held on IPv4 loopback or IPv6 loopback as not free', async () => {
    const port = await freePort();
    assert.equal(await isFree(port), true);
    const v4 = await listen(port, '127.0.0.1');
    try {
      assert.equal(await isFree(port), false, 'held on 127.0.0.1');
    } finally {
      await close(v4);
    }
    // IPv6 loopback: where a client's `localhost` may connect first.
    const v6 = await listen(port, '::1');
    try {
      assert.equal(await isFree(port), false, 'held on ::1');
    } finally {
      await close(v6);
    }
    assert.equal(await isFree(port), true, 'free again once released');
  });
});

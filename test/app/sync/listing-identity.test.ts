import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRegistry } from '../../../src/app/sync/listing-identity';
import { clientFor, startSimulator } from '../../simulator/sim-fixture';

// Which server lists real handles: only one without the thread registry route (ccf4331). A later
// server whose registry fails to answer is still the later server: its names may be display names.
describe('readRegistry', () => {
  it('tells ccf4331 (no registry route: real handles) from the later server, even when that one fails', async () => {
    const [old, head] = await Promise.all([startSimulator({ flavor: 'ccf4331' }), startSimulator({ flavor: 'head' })]);
    try {
      assert.deepEqual(await readRegistry(clientFor(old.url), {}), { registry: {}, namesAreHandles: true });
      await head.sim.fetch(
        new Request(`${head.url}/api/threads/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'ana.x', threadId: 'T1' }),
        }),
      );
      assert.deepEqual(await readRegistry(clientFor(head.url), {}), {
        registry: { 'ana.x': 'T1' },
        namesAreHandles: false,
      });
      head.control.scriptFaults('/api/threads', ['server_error']);
      assert.deepEqual(await readRegistry(clientFor(head.url), {}), { registry: {}, namesAreHandles: false });
    } finally {
      await old.close();
      await head.close();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DbError } from '../../src/adapters/db/db-errors';
import type { OutreachRepository } from '../../src/adapters/db/outreach-repository';
import { createApp } from '../../src/api/app';
import { ErrorEnvelope } from '../../src/api/schemas/common';
import type { OutreachItem } from '../../src/domain/outreach';
import { makeApiDeps, withKey } from '../helpers/api';

// DELETE /api/outreach/queue/:id of what cannot be removed: the status and the error envelope, with
// the original server's `removed: false` beside it (its clients read that field).

const ID = '00000000-0000-4000-8000-0000000000aa';
const sent = { id: ID, accountId: 'test-account', status: 'sent' } as OutreachItem;

function appWith(outreach: Partial<OutreachRepository>) {
  return createApp(makeApiDeps({ outreach: outreach as OutreachRepository }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = async (res: Response): Promise<any> => ({ status: res.status, body: await res.json() });

describe('DELETE /api/outreach/queue/{id} that removes nothing', () => {
  it('answers 404 NOT_FOUND with removed: false for an unknown item', async () => {
    const app = appWith({ get: async () => null });
    const { status, body } = await read(await app.request(`/api/outreach/queue/${ID}`, withKey({ method: 'DELETE' })));
    assert.equal(status, 404);
    assert.equal(body.removed, false);
    assert.equal(body.error.code, 'NOT_FOUND');
    assert.ok(ErrorEnvelope.safeParse(body).success, 'still a valid error envelope');
  });

  it('answers 409 CONFLICT with removed: false for an item already sent, and changes nothing', async () => {
    const moves: string[] = [];
    const app = appWith({
      get: async () => ({ item: sent, token: null }),
      transition: async (_id, t) => {
        moves.push(t.move);
        return { applied: false, already: false, item: sent, token: null };
      },
    });
    const { status, body } = await read(await app.request(`/api/outreach/queue/${ID}`, withKey({ method: 'DELETE' })));
    assert.equal(status, 409);
    assert.deepEqual([body.removed, body.error.code, moves], [false, 'CONFLICT', ['cancel']]);
    assert.match(body.error.message, /is sent/);
    assert.ok(ErrorEnvelope.safeParse(body).success, 'still a valid error envelope');
  });

  it('keeps a malformed id a plain 400 envelope, and an outage a 503 (not a removed: false)', async () => {
    const bad = await read(await appWith({}).request('/api/outreach/queue/msg_1_abc', withKey({ method: 'DELETE' })));
    assert.deepEqual([bad.status, bad.body.error.code, 'removed' in bad.body], [400, 'VALIDATION_FAILED', false]);
    const down = appWith({
      get: async () => {
        throw new DbError('DB_UNAVAILABLE', 'connect ECONNREFUSED', true);
      },
    });
    const out = await read(await down.request(`/api/outreach/queue/${ID}`, withKey({ method: 'DELETE' })));
    assert.deepEqual([out.status, out.body.error.code, 'removed' in out.body], [503, 'DB_UNAVAILABLE', false]);
  });
});

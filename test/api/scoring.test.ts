import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScoreRepository } from '../../src/adapters/db/score-repository';
import { createApp } from '../../src/api/app';
import { jsonBody, makeApiDeps, withKey } from '../helpers/api';

// Scoring routes over fakes: validation, 404s and the batch's answer when nothing is found.

type Envelope = { error: { code: string; message: string } };

describe('POST /api/scoring/batch', () => {
  const refused = createApp(makeApiDeps());
  const BAD: [string, unknown][] = [
    ['no usernames', {}],
    ['an empty list', { usernames: [] }],
    ['more than 500', { usernames: Array.from({ length: 501 }, (_, i) => `u${i}`) }],
    ['a bad handle', { usernames: ['ok', 'not ok'] }],
    ['a string instead of a list', { usernames: 'maker' }],
    ['an unknown field', { usernames: ['maker'], force: true }],
  ];
  for (const [label, body] of BAD) {
    it(`answers 400 without reading anything for ${label}`, async () => {
      const res = await refused.request('/api/scoring/batch', withKey(jsonBody(body)));
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as Envelope).error.code, 'VALIDATION_FAILED');
    });
  }

  it('reports every name as failed when none is found, writing nothing', async () => {
    const asked: string[][] = [];
    const scores: Partial<ScoreRepository> = {
      byUsernames: async (_account, names) => {
        asked.push(names);
        return [];
      },
      recentMessages: async () => new Map(),
    };
    const app = createApp(makeApiDeps({ scores: scores as ScoreRepository }));
    const res = await app.request(
      '/api/scoring/batch',
      withKey(jsonBody({ usernames: ['@Ghost', 'ghost', 'Other.One'] })),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { updated: 0, changed: 0, failed: ['@Ghost', 'Other.One'] });
    assert.deepEqual(asked, [['ghost', 'other.one']], 'names normalized and asked once, in one request');
  });
});

describe('/api/contacts/{id}/score', () => {
  const asked: string[] = [];
  const getScored = async (_account: string, key: string) => {
    asked.push(key);
    return null;
  };
  const app = createApp(makeApiDeps({ contacts: { getScored } as never }));
  for (const method of ['GET', 'POST']) {
    it(`${method} answers 404 "Contact not found" for an unknown contact`, async () => {
      const res = await app.request('/api/contacts/nobody/score', withKey({ method }));
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as Envelope).error.message, 'Contact not found');
    });
  }

  it('reads /api/contacts/import/score as the score of a contact named "import", not as an import id', async () => {
    const res = await app.request('/api/contacts/import/score', withKey());
    assert.equal(res.status, 404);
    assert.equal(asked.at(-1), 'import');
  });
});

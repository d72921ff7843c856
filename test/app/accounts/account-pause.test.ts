import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountRepository, type AccountRepository } from '../../../src/adapters/db/account-repository';
import { createSupabase } from '../../../src/adapters/db/supabase';
import { endLapsedPause, pauseAccount, resumeAccount, type PausePorts } from '../../../src/app/accounts/account-pause';
import { startTestSupabase, type TestSupabase } from '../../helpers/supabase';

// Pausing and resuming through the data API on PostgreSQL, where callers really race: several
// sender steps that all see the same pause run out write one account.resumed between them, and a
// pause set again meanwhile is not undone by a step that saw the old one.

let sb: TestSupabase;
let accounts: AccountRepository;
let nowMs = Date.now();
let ports: PausePorts;

before(async () => {
  sb = await startTestSupabase('postgres');
  accounts = createAccountRepository(createSupabase({ url: sb.url, key: sb.serviceRoleKey }));
  ports = { accounts, now: () => nowMs };
});
after(async () => {
  await sb?.stop();
});

const events = async (id: string) =>
  (
    await sb.sql.query<{ type: string; by: string }>(
      `select type, payload ->> 'by' as by from event_outbox where entity_type = 'account' and entity_id = $1 order by seq`,
      [id],
    )
  ).map((e) => `${e.type}:${e.by}`);

describe('account pause', () => {
  it('a pause that ran out is ended once however many steps race to end it', async () => {
    await accounts.ensure('racing', 'http://127.0.0.1:3100');
    nowMs = Date.now();
    await pauseAccount(ports, 'racing', {
      until: new Date(nowMs + 1_000).toISOString(),
      reason: 'RATE_LIMITED',
      by: 'sender',
    });
    const seen = (await accounts.get('racing'))!;
    nowMs += 2_000;
    const ended = await Promise.all(Array.from({ length: 8 }, () => endLapsedPause(ports, seen)));
    assert.ok(ended.every((a) => !a.paused));
    assert.deepEqual(await events('racing'), ['account.paused:sender', 'account.resumed:timer']);
  });

  it('a step that saw an older pause does not end a newer one; a pause still running is left alone', async () => {
    await accounts.ensure('newer', 'http://127.0.0.1:3100');
    nowMs = Date.now();
    await pauseAccount(ports, 'newer', {
      until: new Date(nowMs + 1_000).toISOString(),
      reason: 'first block',
      by: 'sender',
    });
    const stale = (await accounts.get('newer'))!;
    await pauseAccount(ports, 'newer', { until: null, reason: 'a person paused it', by: 'user' });
    nowMs += 2_000;
    await endLapsedPause(ports, stale);
    const now = (await accounts.get('newer'))!;
    assert.deepEqual([now.paused, now.pauseReason], [true, 'a person paused it']);
    assert.equal((await endLapsedPause(ports, now)).paused, true, 'until resumed: nothing runs out');
    assert.deepEqual(await events('newer'), ['account.paused:sender', 'account.paused:user']);
    await resumeAccount(ports, now);
    await resumeAccount(ports, (await accounts.get('newer'))!);
    assert.deepEqual(
      await events('newer'),
      ['account.paused:sender', 'account.paused:user', 'account.resumed:user'],
      'resuming twice writes one event',
    );
  });
});

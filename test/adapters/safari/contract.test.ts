import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SAFARI_OUTCOMES, type SafariOutcome } from '../../../src/adapters/safari/outcomes';
import type { SafariClient, SafariResult } from '../../../src/adapters/safari/safari-client';
import type { SimulatorControl } from '../../../src/simulator/control';
import { clientFor, HOUR_MS, someUser, startSimulator, START_MS } from '../../simulator/sim-fixture';

/**
 * The adapter against the simulator over real HTTP: every outcome code, in both server flavours.
 * Each row sets the world up, makes one call, and states the code, retrySafe and what really got sent.
 */

interface Row {
  name: string;
  code: SafariOutcome;
  retrySafe?: boolean;
  /** How many times the DM really went out at the simulator; checked for send rows. */
  sent?: number;
  run(client: SafariClient, control: SimulatorControl, flavor: 'ccf4331' | 'head'): Promise<SafariResult<unknown>>;
}

const TEXT = 'Hey, what are you building this month?';
const send = (client: SafariClient, control: SimulatorControl) => client.sendTo(someUser(control), TEXT);

const ROWS: Row[] = [
  { name: 'send-to delivers', code: 'OK', sent: 1, run: (c, ctl) => send(c, ctl) },
  { name: 'reading a thread', code: 'OK', run: (c, ctl) => c.readThread(someUser(ctl), 20) },
  { name: 'listing every tab', code: 'OK', run: (c) => c.listAllConversations() },
  { name: 'health', code: 'OK', run: (c) => c.health() },
  { name: 'rate limits', code: 'OK', run: (c) => c.rateLimits() },
  {
    name: '429 from the server limiter',
    code: 'RATE_LIMITED',
    retrySafe: true,
    sent: 1,
    run: async (c, ctl) => {
      ctl.setRateLimits({ perHour: 1 });
      assert.equal((await send(c, ctl)).code, 'OK');
      return send(c, ctl);
    },
  },
  {
    name: '429 injected',
    code: 'RATE_LIMITED',
    retrySafe: true,
    sent: 0,
    run: (c, ctl) => {
      ctl.scriptFaults('/api/messages/send-to', ['rate_limit']);
      return send(c, ctl);
    },
  },
  {
    name: 'block banner (rateLimited:true on HEAD, page text on ccf4331)',
    code: 'RATE_LIMITED',
    retrySafe: true,
    sent: 0,
    run: (c, ctl) => {
      ctl.scriptFaults('/api/messages/send-to', ['block_banner']);
      return send(c, ctl);
    },
  },
  {
    name: 'outside active hours',
    code: 'OUTSIDE_HOURS',
    retrySafe: true,
    sent: 0,
    run: (c, ctl) => {
      ctl.setClock(START_MS + 10 * HOUR_MS); // 22:00 at UTC+0
      return send(c, ctl);
    },
  },
  {
    name: 'session missing',
    code: 'SESSION_MISSING',
    retrySafe: true,
    run: (c, ctl, flavor) => {
      // HEAD's middleware answers 503 by itself; ccf4331 has none, so only an injected 503 shows it.
      if (flavor === 'head') ctl.setSession(false);
      else ctl.scriptFaults('/api/conversations', ['session_missing']);
      return c.listConversations();
    },
  },
  {
    name: 'send-to an unknown user',
    code: 'NOT_FOUND',
    retrySafe: false,
    sent: 0,
    run: (c) => c.sendTo('nobody.here.at.all', TEXT),
  },
  {
    name: 'soft failure on send',
    code: 'SOFT_FAILURE',
    retrySafe: false,
    sent: 0,
    run: (c, ctl) => {
      ctl.scriptFaults('/api/messages/send-to', ['soft_failure']);
      return send(c, ctl);
    },
  },
  {
    name: 'open fails softly',
    code: 'SOFT_FAILURE',
    retrySafe: true,
    run: (c) => c.openConversation('nobody.here.at.all'),
  },
  { name: 'empty text', code: 'INVALID', retrySafe: false, sent: 0, run: (c, ctl) => c.sendTo(someUser(ctl), '') },
  {
    name: '500 on a read',
    code: 'SERVER_ERROR',
    retrySafe: true,
    run: (c, ctl) => {
      ctl.scriptFaults('/api/conversations/all', ['server_error']);
      return c.listAllConversations();
    },
  },
  {
    name: 'malformed body on a read',
    code: 'SERVER_ERROR',
    retrySafe: true,
    run: (c, ctl) => {
      ctl.scriptFaults('/api/messages', ['malformed']);
      return c.readMessages(10);
    },
  },
  {
    name: 'send-then-timeout',
    code: 'OUTCOME_UNKNOWN',
    retrySafe: false,
    sent: 1,
    run: (c, ctl) => {
      ctl.scriptFaults('/api/messages/send-to', ['send_then_timeout']);
      return send(c, ctl);
    },
  },
  {
    name: 'slow read past its timeout',
    code: 'OUTCOME_UNKNOWN',
    retrySafe: true,
    run: (c, ctl) => {
      ctl.scriptFaults('/api/messages', [{ kind: 'slow', delayMs: 1_500 }]);
      return c.readMessages(10);
    },
  },
];

for (const flavor of ['ccf4331', 'head'] as const) {
  describe(`Safari adapter contract against the ${flavor} simulator`, () => {
    let sim: Awaited<ReturnType<typeof startSimulator>>;
    let client: SafariClient;
    before(async () => {
      sim = await startSimulator({ flavor });
      // Short send/read timeouts so the no-answer rows end quickly; a warm-up keeps the first row off a cold start.
      client = clientFor(sim.url, {
        timeouts: { defaultMs: 2_000, statusMs: 2_000, readMs: 500, sendMs: 800, allConversationsMs: 2_000 },
      });
      await client.sendTo(someUser(sim.control), 'warm-up');
      await client.readThread(someUser(sim.control), 5);
    });
    after(() => sim.close());
    beforeEach(() => sim.control.reset());

    for (const row of ROWS) {
      it(`${row.code}: ${row.name}`, async () => {
        const result = await row.run(client, sim.control, flavor);
        assert.equal(result.code, row.code, result.ok ? 'ok' : result.message);
        if (!result.ok) assert.equal(result.retrySafe, row.retrySafe);
        if (row.sent !== undefined) assert.equal(sim.control.sentCount(someUser(sim.control), TEXT), row.sent);
      });
    }

    it('covers every outcome code', () => {
      assert.deepEqual(new Set(ROWS.map((r) => r.code)), new Set(SAFARI_OUTCOMES));
    });
  });
}

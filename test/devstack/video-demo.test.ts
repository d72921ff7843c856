import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { runVideoDemo, type VideoDemoOptions } from '../../src/devstack/video-demo';
import { TEST_API_KEY } from '../helpers/api';
import { launchBrowser, openPage, screenshot, show, signIn, waitInPage } from '../helpers/browser';
import { eventually, startOutreachStack } from '../helpers/outreach-stack';
import { startTestSupabase } from '../helpers/supabase';
import { startTestTemporal } from '../helpers/temporal';
import { TEST_ENV } from '../helpers/test-env';
import { clientFor, startSimulator } from '../simulator/sim-fixture';

// `npm run demo:video-posted` on a first run, through the real parts: `npm start`'s simulator inbox
// (seed 42, 40 people, the later server), the API over HTTP, the worker's workflows on a real
// Temporal server, the CRM over PostgreSQL and MediaPoster's fixture. The CRM knows nobody, so the
// demo reads the inbox in first; the video then reaches the people it matches who have a handle —
// with the 7-day cooldown on, as shipped: our untimed messages in a first read are not "just
// written" — and their DMs go out, once each, as the simulator's own ledger and the dashboard show.

const VIDEO = '6f1d2a10-0000-4000-8000-000000000006'; // "How I automate my content calendar"
const VIDEO_URL = 'https://www.instagram.com/reel/C4aBc98ZyXw/';
type Stack = Awaited<ReturnType<typeof startOutreachStack>>;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let stack: Stack;
let baseUrl: string;
let stop: () => Promise<void>;

before(async () => {
  const [env, simulator, mp] = await Promise.all([
    startTestTemporal(),
    startSimulator({ flavor: 'head', seed: 42, conversations: 40 }),
    startTestSupabase('pglite', 'mediaposter'),
  ]);
  sim = simulator;
  // TEST_ENV's pacing (open hours, no gap), the default account, cooldown and approval as shipped.
  stack = await startOutreachStack(env, {
    safari: () => clientFor(sim.url),
    safariUrl: sim.url,
    mediaPoster: mp,
    backend: 'postgres',
    env: { CRM_ACCOUNT_ID: 'default' },
  });
  await stack.account('default');
  const server = serve({ fetch: stack.api().app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stack.stop();
    await mp.stop();
    await sim.close();
    await env.teardown();
  };
});
after(async () => {
  await stop?.();
});

function demo(said: string[]): VideoDemoOptions {
  return {
    apiUrl: baseUrl,
    apiKey: TEST_API_KEY,
    webhookSecret: TEST_ENV.WEBHOOK_SECRET!,
    videoId: VIDEO,
    temporalUiUrl: 'http://localhost:8233',
    namespace: 'default',
    waits: { pollMs: 50, syncMs: 60_000, summaryMs: 30_000, firstSendMs: 30_000 },
    say: (line) => said.push(line),
  };
}

const CHOSEN = ['hana.makes', 'sofia_codes', 'amara.codes'];

describe('npm run demo:video-posted on a first run', () => {
  it('reads the inbox in, then the video reaches the matched people with a handle and their DMs go out', async () => {
    const said: string[] = [];
    const result = await runVideoDemo(demo(said));
    assert.equal(result.synced, true, 'the CRM knew nobody: the demo synced first');
    assert.ok(said.includes('no contacts yet: reading the inbox in first (POST /api/conversations/sync)...'));
    assert.ok(
      said.some((l) => /^sync COMPLETED in \d+ s$/.test(l)),
      said.join('\n'),
    );
    const s = result.summary!;
    // 14 of 40 match the video from their own words; 11 of those are listed by display name only.
    assert.deepEqual(
      [s.scanned, s.matched, s.skipped, s.outcome, s.queued],
      [40, 14, { below_min_score: 26, no_handle: 11 }, 'queued', 3],
      'none left out by the cooldown',
    );
    assert.deepEqual(
      (s.items as { username: string }[]).map((i) => i.username),
      CHOSEN,
    );
    assert.ok(
      result.items.some((i) => i.status === 'sent'),
      'the demo ends once the first DM went out',
    );
    assert.ok(said.includes(`the rest go out paced; watch them (and approve any held) on ${baseUrl}/app#/outreach`));

    await eventually(
      async () => sim.control.sends().length,
      (n) => n >= 3,
      'the three DMs to go out',
      30_000,
    );
    const sends = sim.control.sends();
    assert.deepEqual(sends.map((d) => d.username).sort(), [...CHOSEN].sort(), 'one DM each, to nobody else');
    for (const d of sends) assert.ok(d.text.includes(VIDEO_URL), d.text);
  });

  it('run again, it syncs nothing and sends nothing twice', async () => {
    const result = await runVideoDemo(demo([]));
    assert.equal(result.synced, false);
    assert.deepEqual(result.items.map((i) => [i.username, i.status]).sort(), CHOSEN.map((u) => [u, 'sent']).sort());
    assert.equal(sim.control.sends().length, 3);
  });

  it("shows the campaign's DMs as sent on the dashboard's Outreach page", async () => {
    const browser = await launchBrowser();
    try {
      const { page, problems } = await openPage(browser);
      await signIn(page, baseUrl, TEST_API_KEY);
      await show(page, '#/outreach');
      const sent = `section[data-account="default"] tr[data-item][data-status="sent"]`;
      await waitInPage(page, 'three sent DMs', `document.querySelectorAll('${sent}').length === 3`);
      const rows = await page.$$eval(sent, (els) => els.map((e) => e.textContent ?? ''));
      for (const u of CHOSEN)
        assert.ok(
          rows.some((r) => r.includes(u)),
          `${u} in ${rows.join(' | ')}`,
        );
      await screenshot(page, 'outreach-video-demo');
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});

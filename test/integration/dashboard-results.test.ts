import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'puppeteer-core';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { createResultsRepository } from '../../src/adapters/db/results-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { createApp } from '../../src/api/app';
import { makeApiDeps, TEST_API_KEY } from '../helpers/api';
import { launchBrowser, openPage, screenshot, waitForPage } from '../helpers/browser';
import { RESULTS_ACCOUNT, seedResults } from '../helpers/results-world';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// The Results page in a real headless Chromium against the real API app on a real port, over the
// CRM data API (PGlite, the local stack's other backend), on results-world.ts with a 48 h reply
// window: the table as the API counts it, sorted by a column on a click, a sent/replied chart per
// group, and another grouping and period chosen on the page.

const WINDOW_MS = 48 * 3_600_000;
let sb: TestSupabase;
let server: ServerType;
let browser: Browser;
let page: Page;
let problems: string[];

before(async () => {
  sb = await startTestSupabase('pglite');
  await seedResults(sb, 'http://127.0.0.1:9');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  const app = createApp(
    makeApiDeps({
      accounts: createAccountRepository(db),
      results: createResultsRepository(db),
      config: { accountId: RESULTS_ACCOUNT, analytics: { replyWindowMs: WINDOW_MS } },
    }),
  );
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!(server as { listening?: boolean }).listening) await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser));
  await page.goto(`${baseUrl}/app#/results`, { waitUntil: 'load' });
  await page.waitForSelector('#login:not([hidden]) #key');
  await page.type('#key', TEST_API_KEY);
  await page.click('#login button[type=submit]');
  await waitForPage(page, 'results');
});
after(async () => {
  await browser?.close();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await sb?.stop();
});

/** Each row: its group and the cells named, as shown. */
const shown = (cols: string[]) =>
  page.$$eval(
    'table.results tbody tr',
    (trs, names) => [
      trs.map((tr) => [
        tr.getAttribute('data-group'),
        ...names.map((n) => (tr.querySelector(`td[data-col="${n}"]`)?.textContent ?? '').trim()),
      ]),
    ],
    cols,
  );
const groups = async () => (await shown([]))[0]!.map((r) => r[0]);

/** Does something that re-renders the page and waits for it to be ready again. */
async function rerender(action: () => Promise<unknown>) {
  await page.evaluate(`document.querySelector('main').dataset.state = 'navigating'`);
  await action();
  await waitForPage(page, 'results');
}

describe('dashboard: Results', () => {
  it('shows one row per campaign with the counts, the rate and the median, and a sent/replied chart each', async () => {
    // All time, 48 h window: autumn 2 sent, both replied (10 and 2100 min); old (10-01) 1 sent, no
    // reply; spring 4 sent to 3, 2 replied (90, 360), 1 failed, 1 queued; no campaign 1 sent, no reply.
    const [rows] = await shown(['sent', 'failed', 'queued', 'reached', 'replied', 'replyRate', 'medianMinutesToReply']);
    assert.deepEqual(rows, [
      ['autumn', '2', '0', '0', '2', '2', '100.0%', '17.6 h'],
      ['old', '1', '0', '0', '1', '0', '0.0%', '—'],
      ['spring', '4', '1', '1', '3', '2', '66.7%', '3.8 h'],
      ['', '1', '0', '0', '1', '0', '0.0%', '—'],
    ]);
    const charts = await page.$$eval('table.results svg.sent-replied', (svgs) =>
      svgs.map((s) => [
        s.getAttribute('data-sent'),
        s.getAttribute('data-replied'),
        ...[...s.querySelectorAll('rect')].map((r) => `${r.getAttribute('class')} ${r.getAttribute('width')}`),
      ]),
    );
    // One scale for every group: spring's 4 sent DMs fill the 160 px.
    assert.deepEqual(charts, [
      ['2', '2', 'bar sent 80', 'bar replied 80'],
      ['1', '0', 'bar sent 40', 'bar replied 0'],
      ['4', '2', 'bar sent 160', 'bar replied 80'],
      ['1', '0', 'bar sent 40', 'bar replied 0'],
    ]);
    await screenshot(page, 'results-campaigns');
    assert.deepEqual(problems, []);
  });

  it('sorts by a column on a click, the other way on a second, an empty value last either way', async () => {
    await rerender(() => page.click('button[data-sort="replyRate"]'));
    assert.deepEqual(
      await groups(),
      ['autumn', 'spring', 'old', ''],
      'highest rate first; equal rates keep their order',
    );
    await rerender(() => page.click('button[data-sort="replyRate"]'));
    assert.deepEqual(await groups(), ['old', '', 'spring', 'autumn']);
    await rerender(() => page.click('button[data-sort="medianMinutesToReply"]'));
    assert.deepEqual(await groups(), ['autumn', 'spring', 'old', ''], 'no median: last');
    await rerender(() => page.click('button[data-sort="medianMinutesToReply"]'));
    assert.deepEqual(await groups(), ['spring', 'autumn', 'old', ''], 'no median: last ascending too');
    await rerender(() => page.click('button[data-sort="group"]'));
    assert.deepEqual(await groups(), ['autumn', 'old', 'spring', '']);
    assert.deepEqual(problems, []);
  });

  it('groups by step over a period chosen on the page', async () => {
    await rerender(() => page.select('#group-by', 'step'));
    const setDate = (id: string, value: string) =>
      page.$eval(
        `#${id}`,
        (el, v) => {
          (el as unknown as { value: string }).value = v;
          el.dispatchEvent(new Event('change'));
        },
        value,
      );
    await rerender(() => setDate('since', '2026-11-01'));
    await rerender(() => setDate('until', '2026-11-08'));
    // Step 0 (old's 10-01 DM left out): 6 sent to ana, ben, cy, fay; 3 replied (10, 90, 360 min).
    // Step 1: ana's follow-up, answered 30 min later.
    const [rows] = await shown([
      'sent',
      'reached',
      'replied',
      'replyRate',
      'medianMinutesToReply',
      'optedOut',
      'interested',
    ]);
    assert.deepEqual(rows, [
      ['0', '6', '4', '3', '75.0%', '90 min', '1', '1'],
      ['1', '1', '1', '1', '100.0%', '30 min', '0', '0'],
    ]);
    assert.match(await page.$eval('main', (m) => m.textContent ?? ''), /48 h .* days in America\/New_York/);
    assert.deepEqual(problems, []);
  });
});

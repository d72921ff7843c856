import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'puppeteer-core';
import { createAccountRepository } from '../../src/adapters/db/account-repository';
import { createAutomationRepository } from '../../src/adapters/db/automation-repository';
import { createSupabase } from '../../src/adapters/db/supabase';
import { notConfiguredVideos } from '../../src/adapters/mediaposter/video-repository';
import { createApp } from '../../src/api/app';
import { makeApiDeps, TEST_API_KEY } from '../helpers/api';
import { launchBrowser, openPage, screenshot, show, waitForPage, waitInPage } from '../helpers/browser';
import { startTestSupabase, type TestSupabase } from '../helpers/supabase';

// The Automations page in a real headless Chromium against the real API app on a real port, over
// the CRM data API (PGlite): the list with each automation's stats, adding one through the form
// (and the API's refusal shown as it comes), disabling and enabling it.

const ACCOUNT = 'test-account';
let sb: TestSupabase;
let server: ServerType;
let browser: Browser;
let page: Page;
let problems: string[];

before(async () => {
  sb = await startTestSupabase('pglite');
  const db = createSupabase({ url: sb.url, key: sb.serviceRoleKey });
  const accounts = createAccountRepository(db);
  await accounts.ensure(ACCOUNT, 'http://127.0.0.1:9');
  const app = createApp(
    makeApiDeps({ accounts, automations: createAutomationRepository(db), videos: notConfiguredVideos, now: Date.now }),
  );
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!(server as { listening?: boolean }).listening) await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser));
  await page.goto(`${baseUrl}/app#/automations`, { waitUntil: 'load' });
  await page.waitForSelector('#login:not([hidden]) #key');
  await page.type('#key', TEST_API_KEY);
  await page.click('#login button[type=submit]');
  await waitForPage(page, 'automations');
});
after(async () => {
  await browser?.close();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await sb?.stop();
});

const rows = () =>
  page.$$eval('tr[data-automation]', (els) =>
    els.map((e) => [...e.querySelectorAll('td')].slice(0, 8).map((td) => (td.textContent ?? '').trim())),
  );
const stored = () =>
  sb.sql.query<{ id: string; name: string; keywords: string[]; enabled: boolean }>(
    `select id, name, keywords, enabled from automations order by created_at`,
  );

describe('dashboard: Automations', () => {
  it("adds one through the form; a refusal shows the API's answer and adds nothing", async () => {
    assert.match(await page.$eval('main', (m) => m.textContent ?? ''), /No automations yet/);
    await page.type('#new-automation input[name=name]', 'Free guide');
    await page.type('#new-automation input[name=keywords]', 'guide, ?!');
    await page.type('#new-automation input[name=reply]', 'Here it is: https://example.com/guide');
    await page.click('#new-automation button[type=submit]');
    await waitInPage(page, 'the refusal in the banner', `!document.getElementById('error').hidden`);
    assert.match(
      await page.$eval('#error', (e) => e.textContent ?? ''),
      /^400 VALIDATION_FAILED: Invalid keywords\.1: "\?!" has no letter or digit to match/,
    );
    assert.deepEqual(await stored(), []);
    // The refused call, as the browser reports it: the answer and its console line (bounded wait for both).
    for (let tries = 0; problems.length < 2; tries++) {
      if (tries > 100) throw new Error(`the refusal was not reported twice: ${problems.join('; ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const refused = problems.splice(0);
    assert.equal(refused.length, 2, refused.join('; '));
    assert.ok(
      refused.every((p) => p.includes('400') && p.includes('/api/automations')),
      refused.join('; '),
    );

    await page.evaluate(`document.querySelector('#new-automation input[name=keywords]').value = ''`);
    await page.type('#new-automation input[name=keywords]', 'guide, free guide');
    await page.select('#new-automation select[name=kind]', 'template');
    await page.evaluate(`document.querySelector('#new-automation input[name=reply]').value = ''`);
    await page.type('#new-automation input[name=reply]', 'Hi {{first_name}}! Here it is');
    await page.click('#new-automation button[type=submit]');
    await waitInPage(page, 'the new row', `document.querySelectorAll('tr[data-automation]').length === 1`);
    const [a] = await stored();
    assert.deepEqual([a!.name, a!.keywords, a!.enabled], ['Free guide', ['guide', 'free guide'], true]);
    assert.deepEqual(await rows(), [
      ['Free guide', 'guide, free guide', 'Hi {{first_name}}! Here it is', (await rows())[0]![3]!, '0', '0', '0', '0'],
    ]);
    assert.match((await rows())[0]![3], /^enabled since /);
    assert.deepEqual(problems, []);
  });

  it("shows each automation's stats from what it matched", async () => {
    const [a] = await stored();
    // One match that queued nothing (they had had the reply): matched 1, skipped 1.
    const [k] = await sb.sql.query<{ id: string }>(
      `insert into contacts (account_id, username) values ($1, 'maya') returning id`,
      [ACCOUNT],
    );
    const [c] = await sb.sql.query<{ id: string }>(
      `insert into conversations (account_id, contact_id) values ($1, $2) returning id`,
      [ACCOUNT, k!.id],
    );
    const [m] = await sb.sql.query<{ id: string }>(
      `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound)
       values ($1, $2, $3, 0, 'guide', false) returning id`,
      [ACCOUNT, c!.id, k!.id],
    );
    await sb.sql.query(
      `insert into automation_matches (automation_id, message_id, account_id, contact_id, keyword, outcome)
       values ($1, $2, $3, $4, 'guide', 'already_replied')`,
      [a!.id, m!.id, ACCOUNT, k!.id],
    );
    await show(page, '#/automations');
    assert.deepEqual((await rows())[0]!.slice(4), ['1', '0', '0', '1']);
    await screenshot(page, 'automations');
    assert.deepEqual(problems, []);
  });

  it('disables and enables it through the API', async () => {
    const [a] = await stored();
    await page.click(`tr[data-automation="${a!.id}"] button[data-action=disable]`);
    await waitInPage(page, 'the row disabled', `document.querySelector('tr[data-enabled="false"]') !== null`);
    assert.equal((await stored())[0]!.enabled, false);
    assert.equal((await rows())[0]![3], 'disabled');
    await page.click(`tr[data-automation="${a!.id}"] button[data-action=enable]`);
    await waitInPage(page, 'the row enabled', `document.querySelector('tr[data-enabled="true"]') !== null`);
    assert.equal((await stored())[0]!.enabled, true);
    assert.deepEqual(problems, []);
  });
});

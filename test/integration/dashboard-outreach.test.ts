import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { openPage, screenshot, show, signIn, waitInPage } from '../helpers/browser';
import { ACCOUNT, seedDashboard, startDashboardWorld, type DashboardWorld } from '../helpers/dashboard-world';
import { eventually } from '../helpers/outreach-stack';

// The Outreach page in a real headless Chromium against the running stack: the pacing in the API's
// words, the 24 h timeline, the queue, and approve / pause / resume going through the API.

let w: DashboardWorld;
let seeded: Awaited<ReturnType<typeof seedDashboard>>;
let page: Page;
let problems: string[];

before(async () => {
  w = await startDashboardWorld();
  seeded = await seedDashboard(w);
  ({ page, problems } = await openPage(await w.browser()));
  await signIn(page, w.baseUrl, w.apiKey);
});
after(async () => {
  await w?.stop();
});

const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').trim()));
const attr = (selector: string, name: string) => page.$eval(selector, (e, n) => e.getAttribute(n), name);

describe('dashboard: Outreach', () => {
  it("shows the account, its pacing in the API's words, the timeline of the sends and every queued item", async () => {
    assert.deepEqual(seeded.heldStatuses, ['awaiting_approval', 'awaiting_approval']);
    await show(page, '#/outreach');
    // Nothing is ready (both waiting DMs are held for approval, none scheduled): the sender waits
    // for approval, with no time to name (the full hourly cap only matters once one is approved).
    assert.deepEqual(await texts(`section[data-account="${ACCOUNT}"] .pacing`), ['2 waiting for approval']);
    const rows = await page.$$eval(`section[data-account="${ACCOUNT}"] tr[data-item]`, (els) =>
      els.map((e) => [e.getAttribute('data-item'), e.getAttribute('data-status')]),
    );
    // The account's DMs from the table itself, newest first.
    const inTable = await w.sql.query<{ id: string; status: string }>(
      `select id, status from outreach_items where account_id = $1 order by seq desc`,
      [ACCOUNT],
    );
    assert.deepEqual(
      rows,
      inTable.map((i) => [i.id, i.status]),
      'the page lists the queue newest first',
    );
    assert.deepEqual(
      rows.slice(0, 2),
      [...seeded.heldIds].reverse().map((id) => [id, 'awaiting_approval']),
      'the two held DMs, queued last',
    );
    for (const id of seeded.sentIds)
      assert.ok(
        rows.some(([rid, s]) => rid === id && s === 'sent'),
        `sent item ${id} shown`,
      );
    assert.equal(
      await attr(`section[data-account="${ACCOUNT}"] svg.timeline`, 'data-sends'),
      '3',
      'two queued DMs and one direct DM',
    );
    assert.equal(
      (await page.$$(`section[data-account="${ACCOUNT}"] svg.timeline .send`)).length,
      3,
      'one tick per send',
    );
    // Active 12 h a day, ending two hours from now: in the last 24 h that is the end of yesterday's
    // stretch (it ended 22 h ago) and today's (since 10 h ago): two stretches drawn.
    assert.equal(
      (await page.$$(`section[data-account="${ACCOUNT}"] svg.timeline .window`)).length,
      2,
      'the active hours are drawn',
    );
    assert.deepEqual(problems, []);
  });

  it("shows an item's history on request", async () => {
    const id = seeded.sentIds[0]!;
    await page.click(`tr[data-item="${id}"] button[data-action="history"]`);
    await waitInPage(page, 'the history row', `!document.querySelector('tr[data-item="${id}"] + tr.history').hidden`);
    const shown = await page.$$eval(`tr[data-item="${id}"] + tr.history tbody tr`, (els) => els.length);
    assert.equal(shown, 3, 'queued, sending, sent');
    assert.deepEqual(problems, []);
  });

  it('approves a held item through the API when its Approve button is clicked; the pacing then says why it is not sent yet', async () => {
    const [id, other] = seeded.heldIds as [string, string];
    await page.click(`tr[data-item="${id}"] button[data-action="approve"]`);
    await waitInPage(
      page,
      'the approved item to show queued on the page',
      `document.querySelector('tr[data-item="${id}"]')?.dataset.status === 'queued'`,
    );
    const { body } = await w.call(`/api/outreach/queue/${id}`);
    assert.equal(body.item.status, 'queued', 'approved, and held back by the hourly cap the three sends filled');
    assert.ok(body.item.approved_at, 'approved_at recorded');
    assert.ok(
      body.history.some((e: { detail: { reason?: string } }) => e.detail.reason === 'approved'),
      'the history says approved',
    );
    assert.equal(
      (await w.call(`/api/outreach/queue/${other}`)).body.item.status,
      'awaiting_approval',
      'the other one still waits',
    );
    // The sender hears of the approval by signal: show the page again until it reports the cap (bounded).
    const pacing = await eventually(
      async () =>
        (await w.call(`/api/outreach/queue?accountId=${ACCOUNT}`)).body.pacing.find(
          (p: { accountId: string }) => p.accountId === ACCOUNT,
        ),
      (p) => p.blockedBy === 'hourly_cap',
      'the sender to report the hourly cap',
    );
    const capFull = /^next send \d\d:\d\d — hourly cap 3\/3 reached$/;
    assert.match(pacing.explanation, capFull);
    await show(page, '#/contacts');
    await show(page, '#/outreach');
    assert.match((await texts(`section[data-account="${ACCOUNT}"] .pacing`))[0] ?? '', capFull);
    await screenshot(page, 'outreach');
    assert.deepEqual(problems, []);
  });

  it('rejects a held item through the API', async () => {
    const id = seeded.heldIds[1]!;
    await page.click(`tr[data-item="${id}"] button[data-action="reject"]`);
    await waitInPage(
      page,
      'the rejected item to show cancelled',
      `document.querySelector('tr[data-item="${id}"]')?.dataset.status === 'cancelled'`,
    );
    assert.equal((await w.call(`/api/outreach/queue/${id}`)).body.item.status, 'cancelled');
    assert.deepEqual(problems, []);
  });

  it('pauses and resumes the account through the API', async () => {
    const section = `section[data-account="${ACCOUNT}"]`;
    await page.click(`${section} button[data-action="pause"]`);
    await waitInPage(
      page,
      'the account to show paused',
      `document.querySelector('${section}')?.dataset.paused === 'true'`,
    );
    assert.equal((await w.call(`/api/accounts/${ACCOUNT}`)).body.account.paused, true);
    const words = await texts(`${section} .pacing`);
    assert.match(words[0], /^paused/, 'the pacing says paused');
    assert.equal(await attr(`${section} .pacing`, 'data-blocked-by'), 'paused');
    await screenshot(page, 'outreach-paused');
    await page.click(`${section} button[data-action="resume"]`);
    await waitInPage(
      page,
      'the account to show resumed',
      `document.querySelector('${section}')?.dataset.paused === 'false'`,
    );
    assert.equal((await w.call(`/api/accounts/${ACCOUNT}`)).body.account.paused, false);
    assert.deepEqual(problems, []);
  });

  it('signed in with a read key, it shows the same queue and none of the buttons that key may not press', async () => {
    const issued = await w.post('/api/keys', { name: 'dashboard viewer', scope: 'read' });
    assert.equal(issued.status, 201);
    const { page: viewer, problems: seen } = await openPage(await w.browser());
    await signIn(viewer, w.baseUrl, issued.body.secret as string);
    assert.equal(await viewer.$eval('#who', (e) => e.textContent), 'dashboard viewer (read)');
    await show(viewer, '#/outreach');
    const section = `section[data-account="${ACCOUNT}"]`;
    assert.ok((await viewer.$$(`${section} tr[data-item]`)).length > 0, 'the queue is there');
    for (const action of ['approve', 'reject', 'pause', 'resume'])
      assert.equal((await viewer.$$(`${section} button[data-action="${action}"]`)).length, 0, `no ${action} button`);
    assert.ok((await viewer.$$(`${section} button[data-action="history"]`)).length > 0, 'looking is allowed');
    await show(viewer, '#/webhooks');
    assert.equal((await viewer.$$('button[data-action="test"]')).length, 0);
    assert.deepEqual(seen, []);
  });

  it("shows a campaign item's follow-ups and what each waits for: the first DM, then its time", async () => {
    const id = 'follow-ups';
    await w.ok(
      'an account',
      w.post('/api/accounts', { id, safari_url: w.config.safari.baseUrl, approval_mode: 'all' }),
    );
    const queued = await w.ok(
      'queue a campaign DM with two follow-ups',
      w.post('/api/outreach/queue', {
        accountId: id,
        username: w.people()[5],
        text: 'spring launch is live',
        campaign: 'spring',
        follow_ups: [
          { after: '3d', text: 'did you get to look?' },
          { after: '1d', template: 'last one, {{first_name|friend}}' },
        ],
      }),
    );
    const item = queued.message.id as string;
    const steps = `section[data-account="${id}"] tr[data-item="${item}"] ol.follow-ups li`;
    await show(page, '#/outreach');
    assert.deepEqual(await texts(steps), [
      'after 3d: waits for the first DM to be sent',
      'after 1d: waits for the step before it',
    ]);
    await w.ok('approve it', w.post(`/api/outreach/queue/${item}/approve`));
    const sent = (await w.itemUntil(item, (s) => s === 'sent', 'the first DM to be sent')).body.item;
    await show(page, '#/contacts');
    await show(page, '#/outreach');
    const due = await page.$eval(
      `section[data-account="${id}"] tr[data-item="${item}"] li[data-step="1"]`,
      (e) => e.textContent ?? '',
    );
    assert.match(due, /^after 3d: due .+ unless they reply or opt out$/);
    assert.equal(Date.parse(sent.follow_ups[0].due_at), Date.parse(sent.sent_at) + 3 * 86_400_000);
    assert.deepEqual(problems, []);
  });
});

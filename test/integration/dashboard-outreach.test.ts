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
    // Within the hour before midnight the next send is tomorrow, and the line names the day ("Mon 00:05").
    const capFull = /^next send (?:[A-Z][a-z]{2} )?\d\d:\d\d — hourly cap 3\/3 reached$/;
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

describe('dashboard: Outreach approvals (edit, select several)', () => {
  const section = `section[data-account="${ACCOUNT}"]`;
  const LATER = '2099-01-01T00:00:00Z';
  const hold = async (username: string, text: string) =>
    (await w.ok('queue a DM for approval', w.post('/api/outreach/queue', { username, text, scheduled_at: LATER })))
      .message.id as string;

  it('rewrites a held DM before approving it: the API gets the new text, the history keeps both', async () => {
    const id = await hold(w.people()[4]!, 'Hello from the queue');
    // The read-key test's page came to the front: a background tab gets no animation frames, which a click waits for.
    await page.bringToFront();
    await show(page, '#/outreach');
    await page.click(`tr[data-item="${id}"] button[data-action="edit"]`);
    const box = `tr[data-item="${id}"] ~ tr.editor textarea[name="text"]`;
    await waitInPage(page, 'the editor', `document.querySelector('${box}')?.offsetParent !== null`);
    assert.equal(await page.$eval(box, (e) => (e as unknown as { value: string }).value), 'Hello from the queue');
    await page.$eval(box, (e) => ((e as unknown as { value: string }).value = ''));
    await page.type(box, 'Hi {{first_name|there}}, edited in the browser');
    await page.click(`tr[data-item="${id}"] ~ tr.editor button[data-action="approve-edited"]`);
    await waitInPage(
      page,
      'the edited item to show queued',
      `document.querySelector('tr[data-item="${id}"]')?.dataset.status === 'queued'`,
    );
    assert.equal(
      await page.$eval(`tr[data-item="${id}"] td.text`, (e) => e.textContent),
      'Hi there, edited in the browser',
    );
    const { body } = await w.call(`/api/outreach/queue/${id}`);
    assert.equal(body.item.text, 'Hi there, edited in the browser');
    assert.deepEqual(body.history.at(-1).detail, {
      reason: 'approved',
      by: 'CRM_API_KEY',
      edited: true,
      previous_text: 'Hello from the queue',
      text: 'Hi there, edited in the browser',
    });
    assert.deepEqual(problems, []);
  });

  it('approves, then rejects, the selected held DMs in one call each, and says what was done', async () => {
    const [x, y, z] = [
      await hold(w.people()[5]!, 'Bulk one'),
      await hold(w.people()[6]!, 'Bulk two'),
      await hold(w.people()[7]!, 'Bulk three'),
    ];
    // A read key sees the held DMs but no way to select, edit or decide them.
    const issued = await w.post('/api/keys', { name: 'bulk viewer', scope: 'read' });
    const { page: viewer, problems: seen } = await openPage(await w.browser());
    await signIn(viewer, w.baseUrl, issued.body.secret as string);
    await show(viewer, '#/outreach');
    assert.ok((await viewer.$$(`${section} tr[data-item="${x}"]`)).length === 1, 'the held DM is listed');
    assert.equal((await viewer.$$(`${section} input[data-select]`)).length, 0, 'no checkboxes');
    for (const action of ['edit', 'approve-selected', 'reject-selected'])
      assert.equal((await viewer.$$(`${section} button[data-action="${action}"]`)).length, 0, `no ${action} button`);
    assert.deepEqual(seen, []);
    await viewer.close();

    await page.bringToFront();
    await show(page, '#/outreach');
    await page.click(`input[data-select="${x}"]`);
    await page.click(`input[data-select="${z}"]`);
    await page.click(`${section} button[data-action="approve-selected"]`);
    await waitInPage(
      page,
      'the two selected to show queued',
      `['${x}', '${z}'].every((id) => document.querySelector('tr[data-item="' + id + '"]')?.dataset.status === 'queued')`,
    );
    assert.equal(await page.$eval(`${section} .bulk-result`, (e) => e.textContent), '2 approved');
    const status = async (id: string) => (await w.call(`/api/outreach/queue/${id}`)).body.item.status;
    assert.deepEqual([await status(x), await status(y), await status(z)], ['queued', 'awaiting_approval', 'queued']);

    await page.click(`input[data-select="${y}"]`);
    await page.click(`${section} button[data-action="reject-selected"]`);
    await waitInPage(
      page,
      'the rejected one to show cancelled',
      `document.querySelector('tr[data-item="${y}"]')?.dataset.status === 'cancelled'`,
    );
    assert.equal(await page.$eval(`${section} .bulk-result`, (e) => e.textContent), '1 rejected');
    assert.equal(await status(y), 'cancelled');
    await screenshot(page, 'outreach-bulk');
    assert.deepEqual(problems, []);
  });
});

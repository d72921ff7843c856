import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { openPage, screenshot, show, signIn, waitInPage } from '../helpers/browser';
import { ACCOUNT, seedDashboard, startDashboardWorld, type DashboardWorld } from '../helpers/dashboard-world';
import { eventually } from '../helpers/outreach-stack';
import { startReceiver, type Receiver } from '../helpers/receiver';

// The dashboard's Contacts, Webhooks and Runs pages in a real headless Chromium against the running
// stack (real Temporal, worker, data API, Safari simulator), everything seeded through the API.

let w: DashboardWorld;
let seeded: Awaited<ReturnType<typeof seedDashboard>>;
let receiver: Receiver;
let webhookId: string;
let page: Page;
let problems: string[];

before(async () => {
  w = await startDashboardWorld();
  receiver = await startReceiver();
  const { body } = await w.post('/api/webhooks', { url: receiver.url, events: ['outreach.sent', 'message.sent'] });
  receiver.setSecret(body.webhook.secret);
  webhookId = body.webhook.id;
  seeded = await seedDashboard(w);
  ({ page, problems } = await openPage(await w.browser()));
});
after(async () => {
  await w?.stop();
  await receiver?.close();
});

const rowKeys = (selector: string, name: string) =>
  page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n)), name);
/**
 * The account's contacts in score order, straight from the table (not through the API): the sort
 * the API documents, highest first, unscored last, ties by id in the same direction.
 */
const byScoreInTable = async (order: 'desc' | 'asc') =>
  (
    await w.sql.query<{ key: string }>(
      `select coalesce(username, id::text) as key from contacts where account_id = $1
    order by relationship_score ${order} nulls last, id ${order}`,
      [ACCOUNT],
    )
  ).map((r) => r.key);
/** Records, in the page, each API answer the dashboard has read (fetch, then json), by path. */
const recordAnswers = () =>
  page.evaluate(`(() => {
  const real = window.fetch;
  window.answered = [];
  window.fetch = async (...args) => {
    const res = await real(...args);
    const json = res.json.bind(res);
    res.json = () => json().finally(() => window.answered.push(String(args[0])));
    return res;
  };
})()`);

describe('dashboard', () => {
  it('asks for the key, keeps it in session storage only, and serves the page with a strict CSP', async () => {
    const res = await fetch(`${w.baseUrl}/app`);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    await signIn(page, w.baseUrl, w.apiKey);
    assert.equal(await page.evaluate('sessionStorage.getItem("crm.apiKey")'), w.apiKey);
    assert.deepEqual(await page.cookies(), [], 'no cookie holds the key');
    assert.deepEqual(problems, []);
  });

  it('sends a refused key back to the sign-in form, saying so, and forgets it', async () => {
    const other = await openPage(await w.browser());
    await other.page.goto(`${w.baseUrl}/app#/outreach`);
    await other.page.waitForSelector('#login:not([hidden]) #key', { timeout: 20_000 });
    await other.page.type('#key', 'not-the-key');
    await other.page.click('#login button[type=submit]');
    await waitInPage(
      other.page,
      'the refusal',
      `document.getElementById('error').textContent.includes('not accepted') && !document.getElementById('login').hidden`,
    );
    assert.equal(await other.page.evaluate('sessionStorage.getItem("crm.apiKey")'), null);
    assert.ok(
      other.problems.length > 0 && other.problems.every((p) => p.includes('401')),
      `only the refused calls: ${other.problems.join('; ')}`,
    );
    await other.page.close();
  });

  it("Contacts: lists the contacts in the table's score order, sorts, filters by stage and searches", async () => {
    await show(page, '#/contacts');
    const byScore = await byScoreInTable('desc');
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), byScore);
    for (const c of seeded.contacts) assert.ok(byScore.includes(c.username), `${c.username} shown`);
    await screenshot(page, 'contacts');

    await page.click('button[data-sort="score"]');
    await waitInPage(
      page,
      'the list sorted by score ascending',
      `document.querySelector('button[data-sort="score"]').textContent.endsWith('▲')`,
    );
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), await byScoreInTable('asc'));

    await page.select('#contact-stage', 'micro_win_delivered');
    await waitInPage(page, 'the stage filter', `document.querySelectorAll('tr[data-contact]').length === 1`);
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), [seeded.contacts[0]!.username]);
    await recordAnswers();
    await page.select('#contact-stage', '');
    await page.type('#contact-search', 'Curious');
    await page.keyboard.press('Enter');
    const found = seeded.contacts[1]!.username;
    await waitInPage(
      page,
      'the search',
      `document.querySelectorAll('tr[data-contact]').length === 1 && document.querySelector('tr[data-contact]').dataset.contact === ${JSON.stringify(found)}`,
    );
    // An older answer (the stage filter cleared: no stage, no search) must not replace it. Once the
    // page has read that answer, whatever it does with it is done.
    await waitInPage(
      page,
      'the page to read the answer to the cleared stage filter',
      `window.answered.some((u) => u.startsWith('/api/contacts?') && !/[?&](stage|q)=/.test(u))`,
    );
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), [found]);
    assert.deepEqual(problems, []);
  });

  it("Contact: shows the score's components, the DMs waiting for them, the events about them and the messages", async () => {
    const held = seeded.contacts[2]!.username;
    const { body } = await w.call(`/api/contacts/${held}?accountId=${ACCOUNT}`);
    await show(page, `#/contacts/${body.contact.id}`);
    const components = await page.$$eval('#score tbody tr', (els) => els.map((e) => e.firstElementChild?.textContent));
    const six = ['recency', 'resonance', 'needClarity', 'valueDelivered', 'reliability', 'consent'];
    assert.deepEqual([...components].sort(), six.sort(), 'the six components of crm-engines.md §3.2');
    assert.deepEqual(await rowKeys('tr[data-item]', 'data-item'), [seeded.heldIds[0]]);
    // Their events from the outbox itself, newest first: the contact's own and those of its DMs.
    const events = await w.sql.query<{ id: string; type: string; entity_id: string }>(
      `select id, type, entity_id from event_outbox where account_id = $1
      and ((entity_type = 'contact' and entity_id = $2) or (entity_type = 'outreach_item' and payload->>'contact_id' = $2)) order by seq desc limit 50`,
      [ACCOUNT, body.contact.id],
    );
    assert.deepEqual(
      await rowKeys('tr[data-event]', 'data-event'),
      events.map((e) => e.id),
    );
    const about = events.map((e) => [e.type, e.entity_id]);
    assert.deepEqual(about[0], ['outreach.queued', seeded.heldIds[0]], 'newest: its DM held for approval');
    assert.deepEqual(about.at(-1), ['contact.created', body.contact.id], 'oldest: its creation');
    assert.ok(
      about.every(([, id]: string[]) => id === body.contact.id || id === seeded.heldIds[0]),
      'only events about them',
    );
    // Their newest 50 messages from the table itself, oldest of them first.
    const messagesInTable = async (contactId: string) =>
      (
        await w.sql.query<{ message_text: string }>(
          `select message_text from messages where account_id = $1 and contact_id = $2 order by position desc limit 50`,
          [ACCOUNT, contactId],
        )
      )
        .map((m) => m.message_text)
        .reverse();
    assert.equal(
      await page.$$eval('ol.messages li', (els) => els.length),
      (await messagesInTable(body.contact.id)).length,
    );

    const warm = (await w.call(`/api/contacts/${seeded.contacts[0]!.username}?accountId=${ACCOUNT}`)).body;
    const promised = await w.ok(
      'make a promise',
      w.post(`/api/contacts/${warm.contact.id}/promises?accountId=${ACCOUNT}`, {
        text: 'Send Ada the checklist',
        due: '2026-12-11',
      }),
    );
    await show(page, `#/contacts/${warm.contact.id}`);
    await waitInPage(
      page,
      "the warm contact's page",
      `document.querySelector('main h1')?.textContent.startsWith('@${warm.contact.username}')`,
    );
    const shown = await page.$$eval('ol.messages li', (els) => els.map((e) => e.lastChild?.textContent));
    assert.deepEqual(shown, await messagesInTable(warm.contact.id));
    // The two DMs the seed sent Ada, in order: the queued one, then the direct one ("Hi {{first_name|there}}" for "Ada Warm").
    const ours = shown.filter((t) => t === 'Thanks for the feedback, Ada!' || t === 'Hi Ada, one more thing!');
    assert.deepEqual(
      ours,
      ['Thanks for the feedback, Ada!', 'Hi Ada, one more thing!'],
      'the DMs sent to them are in their conversation',
    );
    // The promise just made, open, under its heading (none kept of one made).
    assert.deepEqual(await rowKeys('tr[data-promise]', 'data-promise'), [promised.promise.id]);
    assert.match(
      await page.$eval('tr[data-promise]', (e) => e.textContent ?? ''),
      /^Send Ada the checklist2026-12-11.*open$/,
    );
    assert.ok(await page.$$eval('h2', (els) => els.some((e) => e.textContent === 'Promises (0 of 1 kept)')));
    await screenshot(page, 'contact');
    assert.deepEqual(problems, []);
  });

  it('Webhooks: shows the endpoint, its health and the delivery log; a test button sends through the API', async () => {
    // Three message.sent (two queued DMs, one direct) and two outreach.sent (the queued ones).
    await eventually(
      () => w.call(`/api/webhooks/events/log?endpoint=${webhookId}`),
      (r) => r.body.count === 5,
      'the seeded sends to be delivered',
    );
    await show(page, '#/webhooks');
    assert.deepEqual(await rowKeys('tr[data-webhook]', 'data-webhook'), [webhookId]);
    assert.match(await page.$eval(`tr[data-webhook="${webhookId}"]`, (e) => e.textContent ?? ''), /healthy/);
    // Every attempt from the table itself, newest first: the five sends, one attempt each.
    const attemptsInTable = async () =>
      await w.sql.query<{ id: string; message_id: string }>(
        `select id, message_id from webhook_attempts order by id desc limit 100`,
      );
    const log = await attemptsInTable();
    assert.equal(log.length, 5);
    assert.deepEqual(
      await rowKeys('tr[data-attempt]', 'data-attempt'),
      log.map((a) => String(a.id)),
    );
    const before = receiver.received.length;
    await page.select('#test-event', 'outreach.sent');
    await page.click('button[data-action="test"]');
    await waitInPage(page, 'the test result', `document.getElementById('test-result').textContent.includes('1 sent')`);
    assert.equal(receiver.received.length, before + 1, 'one test delivery reached the receiver');

    const replayed = log[log.length - 1]!;
    await page.click(`tr[data-attempt="${replayed.id}"] button[data-action="replay-message"]`);
    await waitInPage(
      page,
      'the replay result',
      `document.getElementById('test-result').textContent === '${replayed.message_id}: 1 queued again'`,
    );
    // Logged: the five sends, the test event and the replay (under the same webhook-id).
    const again = await eventually(
      () => w.call(`/api/webhooks/events/log?endpoint=${webhookId}`),
      (r) => r.body.count === 7,
      'the test and the replay to be logged',
    );
    const replays = again.body.events.filter((a: { replay: boolean }) => a.replay);
    assert.deepEqual(
      replays.map((a: { message_id: string }) => a.message_id),
      [replayed.message_id],
    );
    assert.equal(again.body.events.filter((a: { test: boolean }) => a.test).length, 1);
    await show(page, '#/webhooks');
    assert.deepEqual(
      await rowKeys('tr[data-attempt]', 'data-attempt'),
      (await attemptsInTable()).map((a) => String(a.id)),
    );
    await screenshot(page, 'webhooks');
    assert.deepEqual(problems, []);
  });

  it('Runs: lists the sync and the DM workflows with their status and a link to the Temporal Web UI', async () => {
    await show(page, '#/runs');
    // The seed started one sync and one direct DM, nothing else: one row each.
    assert.deepEqual(await rowKeys('section[data-kind="syncConversations"] tr[data-run]', 'data-run'), [
      seeded.syncWorkflowId,
    ]);
    assert.equal(
      await page.$eval(`tr[data-run="${seeded.syncWorkflowId}"]`, (e) => e.getAttribute('data-status')),
      'COMPLETED',
      'the seeded sync, completed',
    );
    const link = await page.$eval(`tr[data-run="${seeded.syncWorkflowId}"] a.temporal`, (a) => a.getAttribute('href'));
    assert.ok(link?.startsWith(`${w.config.temporal.uiUrl}/namespaces/`), `links to the Temporal UI: ${link}`);
    assert.ok(link?.includes(encodeURIComponent(seeded.syncWorkflowId)));
    const dms = (await w.call('/api/workflows?kind=sendDmWithContent')).body.runs;
    assert.deepEqual(
      dms.map((r: { workflowId: string; status: string }) => [r.workflowId, r.status]),
      [[seeded.dmWorkflowId, 'COMPLETED']],
    );
    assert.deepEqual(await rowKeys('section[data-kind="sendDmWithContent"] tr[data-run]', 'data-run'), [
      seeded.dmWorkflowId,
    ]);
    await page.click(`tr[data-run="${seeded.syncWorkflowId}"] button[data-action="outcome"]`);
    await waitInPage(
      page,
      "the sync's outcome",
      `document.querySelector('tr[data-run="${seeded.syncWorkflowId}"] .outcome pre') !== null`,
    );
    await screenshot(page, 'runs');
    assert.deepEqual(problems, []);
  });
});

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

const rowKeys = (selector: string, name: string) => page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n)), name);
const handles = (contacts: { username: string | null; id: string }[]) => contacts.map((c) => c.username ?? c.id);

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
    await waitInPage(other.page, 'the refusal', `document.getElementById('error').textContent.includes('not accepted') && !document.getElementById('login').hidden`);
    assert.equal(await other.page.evaluate('sessionStorage.getItem("crm.apiKey")'), null);
    assert.ok(other.problems.length > 0 && other.problems.every((p) => p.includes('401')), `only the refused calls: ${other.problems.join('; ')}`);
    await other.page.close();
  });

  it('Contacts: lists the seeded contacts in the API\'s score order, sorts, filters by stage and searches', async () => {
    await show(page, '#/contacts');
    const byScore = (await w.call(`/api/contacts?accountId=${ACCOUNT}&sort=score&limit=200`)).body.contacts;
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), handles(byScore));
    for (const c of seeded.contacts) assert.ok(handles(byScore).includes(c.username), `${c.username} shown`);
    await screenshot(page, 'contacts');

    await page.click('button[data-sort="score"]');
    const ascending = (await w.call(`/api/contacts?accountId=${ACCOUNT}&sort=score&order=asc&limit=200`)).body.contacts;
    await waitInPage(page, 'the list sorted by score ascending', `document.querySelector('button[data-sort="score"]').textContent.endsWith('▲')`);
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), handles(ascending));

    await page.select('#contact-stage', 'micro_win_delivered');
    await waitInPage(page, 'the stage filter', `document.querySelectorAll('tr[data-contact]').length === 1`);
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), [seeded.contacts[0]!.username]);
    await page.select('#contact-stage', '');
    await page.type('#contact-search', 'Curious');
    await page.keyboard.press('Enter');
    const found = seeded.contacts[1]!.username;
    await waitInPage(page, 'the search', `document.querySelectorAll('tr[data-contact]').length === 1 && document.querySelector('tr[data-contact]').dataset.contact === ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 300)); // an older answer (the stage filter cleared) must not replace it
    assert.deepEqual(await rowKeys('tr[data-contact]', 'data-contact'), [found]);
    assert.deepEqual(problems, []);
  });

  it('Contact: shows the score\'s components, the DMs waiting for them, the events about them and the messages', async () => {
    const held = seeded.contacts[2]!.username;
    const { body } = await w.call(`/api/contacts/${held}?accountId=${ACCOUNT}`);
    await show(page, `#/contacts/${body.contact.id}`);
    const components = await page.$$eval('#score tbody tr', (els) => els.map((e) => e.firstElementChild?.textContent));
    assert.deepEqual(components, Object.keys(body.score.components));
    assert.deepEqual(await rowKeys('tr[data-item]', 'data-item'), [seeded.heldIds[0]]);
    const { body: events } = await w.call(`/api/contacts/${body.contact.id}/events?accountId=${ACCOUNT}`);
    assert.deepEqual(await rowKeys('tr[data-event]', 'data-event'), events.events.map((e: { id: string }) => e.id));
    const about = events.events.map((e: { type: string; entity_id: string }) => [e.type, e.entity_id]);
    assert.deepEqual(about[0], ['outreach.queued', seeded.heldIds[0]], 'newest: its DM held for approval');
    assert.deepEqual(about.at(-1), ['contact.created', body.contact.id], 'oldest: its creation');
    assert.ok(about.every(([, id]: string[]) => id === body.contact.id || id === seeded.heldIds[0]), 'only events about them');
    assert.equal(await page.$$eval('ol.messages li', (els) => els.length), body.messages.length);

    const warm = (await w.call(`/api/contacts/${seeded.contacts[0]!.username}?accountId=${ACCOUNT}`)).body;
    assert.ok(warm.messages.length >= 1, 'the DM sent to them is in their conversation');
    await show(page, `#/contacts/${warm.contact.id}`);
    await waitInPage(page, 'the warm contact\'s page', `document.querySelector('main h1')?.textContent.startsWith('@${warm.contact.username}')`);
    assert.deepEqual(await page.$$eval('ol.messages li', (els) => els.map((e) => e.lastChild?.textContent)), warm.messages.map((m: { message_text: string }) => m.message_text));
    await screenshot(page, 'contact');
    assert.deepEqual(problems, []);
  });

  it('Webhooks: shows the endpoint, its health and the delivery log; a test button sends through the API', async () => {
    // Three message.sent (two queued DMs, one direct) and two outreach.sent (the queued ones).
    await eventually(() => w.call(`/api/webhooks/events/log?endpoint=${webhookId}`), (r) => r.body.count === 5, 'the seeded sends to be delivered');
    await show(page, '#/webhooks');
    assert.deepEqual(await rowKeys('tr[data-webhook]', 'data-webhook'), [webhookId]);
    assert.match(await page.$eval(`tr[data-webhook="${webhookId}"]`, (e) => e.textContent ?? ''), /healthy/);
    const log = (await w.call('/api/webhooks/events/log?limit=100')).body.events;
    assert.deepEqual(await rowKeys('tr[data-attempt]', 'data-attempt'), log.map((a: { id: number }) => String(a.id)));
    const before = receiver.received.length;
    await page.select('#test-event', 'outreach.sent');
    await page.click('button[data-action="test"]');
    await waitInPage(page, 'the test result', `document.getElementById('test-result').textContent.includes('1 sent')`);
    assert.equal(receiver.received.length, before + 1, 'one test delivery reached the receiver');

    const replayed = log[log.length - 1];
    await page.click(`tr[data-attempt="${replayed.id}"] button[data-action="replay-message"]`);
    await waitInPage(page, 'the replay result', `document.getElementById('test-result').textContent === '${replayed.message_id}: 1 queued again'`);
    // Logged: the five sends, the test event and the replay (under the same webhook-id).
    const again = await eventually(() => w.call(`/api/webhooks/events/log?endpoint=${webhookId}`), (r) => r.body.count === 7, 'the test and the replay to be logged');
    const replays = again.body.events.filter((a: { replay: boolean }) => a.replay);
    assert.deepEqual(replays.map((a: { message_id: string }) => a.message_id), [replayed.message_id]);
    assert.equal(again.body.events.filter((a: { test: boolean }) => a.test).length, 1);
    await show(page, '#/webhooks');
    assert.deepEqual(await rowKeys('tr[data-attempt]', 'data-attempt'), again.body.events.map((a: { id: number }) => String(a.id)));
    await screenshot(page, 'webhooks');
    assert.deepEqual(problems, []);
  });

  it('Runs: lists the sync and the DM workflows with their status and a link to the Temporal Web UI', async () => {
    await show(page, '#/runs');
    const runs = (await w.call('/api/workflows?kind=syncConversations')).body.runs;
    assert.deepEqual(await rowKeys('section[data-kind="syncConversations"] tr[data-run]', 'data-run'), runs.map((r: { workflowId: string }) => r.workflowId));
    assert.ok(runs.some((r: { workflowId: string; status: string }) => r.workflowId === seeded.syncWorkflowId && r.status === 'COMPLETED'), 'the seeded sync, completed');
    const link = await page.$eval(`tr[data-run="${seeded.syncWorkflowId}"] a.temporal`, (a) => a.getAttribute('href'));
    assert.ok(link?.startsWith(`${w.config.temporal.uiUrl}/namespaces/`), `links to the Temporal UI: ${link}`);
    assert.ok(link?.includes(encodeURIComponent(seeded.syncWorkflowId)));
    const dms = (await w.call('/api/workflows?kind=sendDmWithContent')).body.runs;
    assert.deepEqual(dms.map((r: { workflowId: string; status: string }) => [r.workflowId, r.status]), [[seeded.dmWorkflowId, 'COMPLETED']]);
    assert.deepEqual(await rowKeys('section[data-kind="sendDmWithContent"] tr[data-run]', 'data-run'), [seeded.dmWorkflowId]);
    await page.click(`tr[data-run="${seeded.syncWorkflowId}"] button[data-action="outcome"]`);
    await waitInPage(page, 'the sync\'s outcome', `document.querySelector('tr[data-run="${seeded.syncWorkflowId}"] .outcome pre') !== null`);
    await screenshot(page, 'runs');
    assert.deepEqual(problems, []);
  });
});

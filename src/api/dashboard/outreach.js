// Outreach: per account, the pacing in the API's words, pause/resume, the 24 h timeline, and the
// queue with each item's status, its history on demand, and approve (as is or edited) / reject for
// held items, one by one or several selected (approvals.js).

import { act, api, query } from '/app/api.js';
import { badge, button, fill, h, table, time } from '/app/dom.js';
import { timelineChart } from '/app/timeline.js';
import { bulkBar, editButton, selectBox } from '/app/approvals.js';
import { followUpSteps } from '/app/follow-ups.js';

export async function outreachPage(main, { refresh, current }) {
  const { accounts } = await api('/api/accounts');
  const sections = await Promise.all(accounts.map((a) => accountSection(a, refresh)));
  if (!current()) return;
  fill(main, h('h1', {}, 'Outreach'), accounts.length ? sections : h('p', { className: 'muted' }, 'No accounts yet.'));
}

async function accountSection(account, refresh) {
  const accountId = account.id;
  const [{ queue, stats, pacing }, timeline] = await Promise.all([
    api(`/api/outreach/queue${query({ accountId, limit: 200 })}`),
    api(`/api/outreach/timeline${query({ accountId })}`),
  ]);
  const mine = pacing.find((p) => p.accountId === accountId) ?? timeline.pacing;
  const control = account.paused
    ? button('Resume', () => act(() => api('/api/outreach/resume', { method: 'POST', body: { accountId } }), refresh), {
        'data-action': 'resume',
        needs: 'write',
      })
    : button('Pause', () => act(() => api('/api/outreach/pause', { method: 'POST', body: { accountId } }), refresh), {
        'data-action': 'pause',
        needs: 'write',
      });
  const limits =
    `${mine.sentLastHour}/${mine.perHour} this hour · ${mine.sentLastDay}/${mine.dayCap} in 24 h · ` +
    `active ${account.effective.active_hours_start}:00–${account.effective.active_hours_end}:00 ${account.effective.time_zone}`;
  const section = h(
    'section',
    { className: 'account', 'data-account': accountId, 'data-paused': String(account.paused) },
    h('h2', {}, accountId, ' ', badge(account.paused ? 'paused' : mine.state), ' ', control),
    h('p', { className: 'pacing', 'data-blocked-by': mine.blockedBy ?? '' }, mine.explanation),
    h('p', { className: 'muted' }, limits),
    h(
      'figure',
      {},
      timelineChart(timeline),
      h(
        'figcaption',
        { className: 'muted' },
        'Last 24 h: sends per hour against the hourly cap; shaded: active hours.',
      ),
    ),
    h('h3', {}, `Queue (${stats.pending} pending · ${stats.sent} sent · ${stats.failed} failed)`),
    bulkBar(
      accountId,
      () => section,
      refresh,
      queue.some((i) => i.status === 'awaiting_approval'),
    ),
    queueTable(queue, refresh),
  );
  return section;
}

function queueTable(queue, refresh) {
  if (!queue.length) return h('p', { className: 'muted' }, 'The queue is empty.');
  const rows = [];
  const body = h('tbody');
  for (const item of queue) {
    const history = h('tr', { className: 'history', hidden: true }, h('td', { colspan: 8 }));
    const editor = h('tr', { className: 'editor', hidden: true }, h('td', { colspan: 8 }));
    const actions = [];
    if (item.status === 'awaiting_approval') {
      actions.push(editButton(item, editor, refresh));
      actions.push(
        button('Approve', () => act(() => api(`/api/outreach/queue/${item.id}/approve`, { method: 'POST' }), refresh), {
          'data-action': 'approve',
          needs: 'write',
        }),
      );
      actions.push(
        button('Reject', () => act(() => api(`/api/outreach/queue/${item.id}/reject`, { method: 'POST' }), refresh), {
          'data-action': 'reject',
          className: 'secondary',
          needs: 'write',
        }),
      );
    }
    actions.push(
      button('History', () => showHistory(item.id, history), { 'data-action': 'history', className: 'secondary' }),
    );
    const row = h(
      'tr',
      { 'data-item': item.id, 'data-status': item.status },
      h('td', {}, selectBox(item)),
      h('td', {}, badge(item.status)),
      h('td', {}, `@${item.username}`),
      h('td', { className: 'text' }, item.text),
      h('td', {}, item.campaign ?? item.kind, followUpSteps(item, queue)),
      h('td', {}, time(item.created_at)),
      h(
        'td',
        {},
        item.sent_at
          ? `sent ${time(item.sent_at)}`
          : (item.outcome ?? item.error ?? (item.scheduled_at ? `not before ${time(item.scheduled_at)}` : '')),
      ),
      h('td', {}, h('div', { className: 'actions' }, actions)),
    );
    rows.push(row, history, editor);
  }
  body.append(...rows);
  return h(
    'table',
    { className: 'queue' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['', 'Status', 'To', 'Text', 'Campaign / kind', 'Queued', 'Outcome', ''].map((x) => h('th', {}, x)),
      ),
    ),
    body,
  );
}

async function showHistory(id, row) {
  if (!row.hidden) {
    row.hidden = true;
    return;
  }
  const { history } = await api(`/api/outreach/queue/${id}`);
  const lines = history.map((e) => [
    time(e.at),
    badge(e.status),
    Object.entries(e.detail)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · '),
  ]);
  fill(row.firstChild, table(['When', 'Status', 'Detail'], lines));
  row.hidden = false;
}

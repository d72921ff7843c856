// Results: an account's DMs per campaign, template, video, lane, step or day, as GET
// /api/analytics/outreach counts them. The table sorts by any column (here, in the page: the rows
// are few and already counted); each group's sent DMs against its replied contacts drawn as two bars.

import { account, api, query, schemaEnum } from '/app/api.js';
import { fill, h } from '/app/dom.js';

const view = { groupBy: 'campaign', since: '', until: '', sort: 'group', order: 'asc' };
const COLUMNS = [
  ['group', 'Group'],
  ['queued', 'Queued'],
  ['sent', 'Sent'],
  ['failed', 'Failed'],
  ['reached', 'Reached'],
  ['replied', 'Replied'],
  ['replyRate', 'Reply rate'],
  ['medianMinutesToReply', 'Median to reply'],
  ['optedOut', 'Opted out'],
  ['interested', 'Interested'],
];
const NS = 'http://www.w3.org/2000/svg';

export async function resultsPage(main, { refresh, current }) {
  const groups = await schemaEnum('OutreachResults', 'groupBy');
  const answer = await api(
    `/api/analytics/outreach${query({ groupBy: view.groupBy, since: view.since, until: view.until, accountId: account.get() })}`,
  );
  if (!current()) return;
  const rows = sorted(answer.rows);
  const most = Math.max(1, ...rows.map((r) => r.sent));
  const set = (key) => (e) => {
    view[key] = e.target.value;
    void refresh();
  };
  const sortBy = (key) => {
    view.order = view.sort === key ? (view.order === 'asc' ? 'desc' : 'asc') : key === 'group' ? 'asc' : 'desc';
    view.sort = key;
    void refresh();
  };
  fill(
    main,
    h('h1', {}, 'Results'),
    h(
      'div',
      { className: 'controls' },
      h(
        'label',
        {},
        'Group by ',
        h(
          'select',
          { id: 'group-by', onchange: set('groupBy') },
          groups.map((g) => h('option', { value: g, selected: g === view.groupBy }, g)),
        ),
      ),
      h('label', {}, 'From ', h('input', { type: 'date', id: 'since', value: view.since, onchange: set('since') })),
      h('label', {}, 'Until ', h('input', { type: 'date', id: 'until', value: view.until, onchange: set('until') })),
    ),
    h(
      'p',
      { className: 'muted' },
      `${answer.accountId}: replied = wrote within ${Math.round(answer.replyWindowMs / 3_600_000)} h of the group's first DM to them; days in ${answer.timeZone}.`,
    ),
    rows.length ? resultsTable(rows, most, sortBy) : h('p', { className: 'muted' }, 'No DMs in this period.'),
  );
}

function sorted(rows) {
  const { sort, order } = view;
  const sign = order === 'asc' ? 1 : -1;
  // A missing value (no group, no rate, no median) goes last whichever way the column sorts.
  return [...rows].sort((a, b) => {
    const x = a[sort];
    const y = b[sort];
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}

function resultsTable(rows, most, sortBy) {
  const head = COLUMNS.map(([key, label]) => {
    const arrow = view.sort === key ? (view.order === 'asc' ? ' ▲' : ' ▼') : '';
    return h(
      'th',
      {},
      h('button', { type: 'button', className: 'sort', 'data-sort': key, onclick: () => sortBy(key) }, label + arrow),
    );
  });
  return h(
    'table',
    { className: 'results' },
    h('thead', {}, h('tr', {}, head, h('th', {}, 'Sent vs replied'))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { 'data-group': r.group ?? '' },
          COLUMNS.map(([key]) => h('td', { 'data-col': key }, shown(key, r[key]))),
          h('td', {}, chart(r, most)),
        ),
      ),
    ),
  );
}

function shown(key, value) {
  if (key === 'group') return value ?? '(none)';
  if (value === null) return '—';
  if (key === 'replyRate') return `${(value * 100).toFixed(1)}%`;
  if (key === 'medianMinutesToReply') return value < 120 ? `${value} min` : `${(value / 60).toFixed(1)} h`;
  return String(value);
}

/** Two bars on one scale (the most DMs any group sent): DMs sent, contacts who replied. */
function chart(r, most) {
  const svg = document.createElementNS(NS, 'svg');
  const label = `${r.sent} sent, ${r.replied} replied`;
  const attrs = { viewBox: '0 0 160 28', class: 'sent-replied', role: 'img', 'aria-label': label };
  for (const [k, v] of Object.entries({ ...attrs, 'data-sent': r.sent, 'data-replied': r.replied }))
    svg.setAttribute(k, String(v));
  const title = document.createElementNS(NS, 'title');
  title.textContent = label;
  svg.append(title);
  [
    ['sent', r.sent, 2],
    ['replied', r.replied, 15],
  ].forEach(([cls, n, y]) => {
    const bar = document.createElementNS(NS, 'rect');
    const attrs = { x: 0, y, height: 11, width: Math.max((n / most) * 160, n ? 2 : 0), class: `bar ${cls}` };
    for (const [k, v] of Object.entries(attrs)) bar.setAttribute(k, String(v));
    svg.append(bar);
  });
  return svg;
}

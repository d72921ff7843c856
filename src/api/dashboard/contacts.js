// Contacts: the list (sorted by the API, filtered by stage and text) and one contact's page.

import { account, act, api, query, schemaEnum } from '/app/api.js';
import { badge, fill, h, table, time } from '/app/dom.js';
import { fieldValue, lastIntent, learnedCard, messageItem } from '/app/learned.js';

const list = { sort: 'score', order: 'desc', stage: '', q: '' };
const SORTS = [
  ['username', 'Contact'],
  ['score', 'Score'],
  ['recent', 'Last message'],
  ['created', 'Added'],
];

export async function contactsPage(main, { refresh, current }) {
  const [stages, accounts] = await Promise.all([schemaEnum('Contact', 'pipeline_stage'), api('/api/accounts')]);
  const results = h('div', { id: 'contact-results' });
  let latest = 0;
  const load = async () => {
    const mine = ++latest;
    const q = {
      accountId: account.get(),
      sort: list.sort,
      order: list.order,
      stage: list.stage,
      q: list.q,
      limit: 200,
    };
    const { contacts, nextCursor } = await api(`/api/contacts${query(q)}`);
    // Answers can arrive out of order (a filter changed, then a search): only the newest is shown.
    if (!current() || mine !== latest) return;
    const header = SORTS.map(([key, label]) => {
      const arrow = list.sort === key ? (list.order === 'asc' ? ' ▲' : ' ▼') : '';
      return h(
        'button',
        { type: 'button', className: 'sort', 'data-sort': key, onclick: () => sortBy(key) },
        label + arrow,
      );
    });
    fill(
      results,
      h(
        'p',
        { className: 'muted' },
        `${contacts.length} contact${contacts.length === 1 ? '' : 's'}${nextCursor ? ' (first 200)' : ''}`,
      ),
      table(
        [header[0], 'Name', 'Stage', header[1], header[2], header[3]],
        contacts.map((c) => [
          h('a', { href: `#/contacts/${encodeURIComponent(c.id)}` }, c.username ? `@${c.username}` : '(no handle)'),
          c.display_name ?? '',
          c.pipeline_stage,
          String(c.relationship_score ?? '—'),
          time(c.last_message_at),
          time(c.created_at),
        ]),
        (i) => ({ 'data-contact': contacts[i].username ?? contacts[i].id }),
      ),
    );
  };
  const reload = () => act(load, async () => {});
  const sortBy = (key) => {
    list.order = list.sort === key ? (list.order === 'asc' ? 'desc' : 'asc') : key === 'username' ? 'asc' : 'desc';
    list.sort = key;
    void reload();
  };
  const search = h('input', {
    type: 'search',
    id: 'contact-search',
    placeholder: 'Search handle or name',
    value: list.q,
  });
  search.addEventListener('change', () => ((list.q = search.value.trim()), void reload()));
  const stage = h(
    'select',
    { id: 'contact-stage' },
    h('option', { value: '' }, 'Every stage'),
    stages.map((s) => h('option', { value: s, selected: s === list.stage }, s)),
  );
  stage.addEventListener('change', () => ((list.stage = stage.value), void reload()));
  const which = h(
    'select',
    { id: 'contact-account' },
    accounts.accounts.map((a) => h('option', { value: a.id, selected: a.id === account.get() }, a.id)),
  );
  which.addEventListener('change', () => (account.set(which.value), void refresh()));
  fill(
    main,
    h('h1', {}, 'Contacts'),
    h('div', { className: 'controls' }, h('label', {}, 'Account ', which), search, stage),
    results,
  );
  if (!account.get() && accounts.accounts[0]) account.set(which.value);
  await load();
}

export async function contactPage(main, { params, current }) {
  const id = params[0];
  const accountId = account.get();
  const {
    contact: c,
    messages,
    messageCount,
    score,
  } = await api(`/api/contacts/${encodeURIComponent(id)}${query({ accountId })}`);
  const pendingStatuses = 'queued,awaiting_approval,sending';
  const [{ queue }, { events }, promised] = await Promise.all([
    api(`/api/outreach/queue${query({ accountId, status: pendingStatuses, contactId: c.id, limit: 500 })}`),
    api(`/api/contacts/${encodeURIComponent(c.id)}/events${query({ accountId, limit: 50 })}`),
    api(`/api/contacts/${encodeURIComponent(c.id)}/promises${query({ accountId })}`),
  ]);
  if (!current()) return;
  const pending = queue;
  const components = Object.entries(score.components);
  fill(
    main,
    h('p', {}, h('a', { href: '#/contacts' }, '← Contacts')),
    h(
      'h1',
      {},
      c.username ? `@${c.username}` : (c.display_name ?? c.id),
      c.display_name && c.username ? h('small', {}, ` ${c.display_name}`) : null,
    ),
    h(
      'section',
      { className: 'cards' },
      h(
        'div',
        { className: 'card', id: 'score' },
        h(
          'h2',
          {},
          `Score ${score.overall}`,
          ' ',
          h('small', {}, `${score.tier.emoji} ${score.tier.label} · ${score.lane}`),
        ),
        table(
          ['Component', '', 'Value'],
          components.map(([k, v]) => [k, h('meter', { min: 0, max: 100, value: v }), String(v)]),
        ),
      ),
      h(
        'div',
        { className: 'card' },
        h('h2', {}, 'About'),
        table(
          ['Field', 'Value'],
          [
            ['Stage', c.pipeline_stage],
            ['Building', fieldValue(c, 'what_theyre_building')],
            ['Friction', fieldValue(c, 'current_friction')],
            ['Win', fieldValue(c, 'their_definition_of_win')],
            ['Fit signals', fieldValue(c, 'fit_signals')],
            ['Tags', c.tags.join(', ') || '—'],
            ['Last intent', lastIntent(c)],
            ['Sent / received', `${c.total_messages_sent} / ${c.total_messages_received}`],
            ['Value delivered', String(c.value_delivered_count)],
            ['Opted out', optOut(c)],
            ['Last message', time(c.last_message_at)],
          ],
        ),
      ),
      learnedCard(c),
    ),
    h('h2', {}, `Pending DMs (${pending.length})`),
    pending.length
      ? table(
          ['Status', 'Text', 'Queued', 'Not before'],
          pending.map((i) => [badge(i.status), i.text, time(i.created_at), time(i.scheduled_at)]),
          (n) => ({ 'data-item': pending[n].id }),
        )
      : h('p', { className: 'muted' }, 'Nothing waiting to be sent.'),
    promisesSection(promised),
    h('h2', {}, `Events (${events.length} newest)`),
    events.length
      ? table(
          ['When', 'Event', 'About', 'Data'],
          events.map((e) => [time(e.occurred_at), badge(e.type), e.entity_type, summary(e.data)]),
          (n) => ({ 'data-event': events[n].id }),
        )
      : h('p', { className: 'muted' }, 'No events yet.'),
    h('h2', {}, `Messages (${messages.length} newest of ${messageCount})`),
    h('ol', { className: 'messages' }, messages.map(messageItem)),
  );
}

/** Promises made to them, newest first: what, when due, when kept (the reliability score is kept ÷ made). */
function promisesSection({ promises, made, kept }) {
  return [
    h('h2', {}, `Promises (${kept} of ${made} kept)`),
    promises.length
      ? table(
          ['Promise', 'Due', 'Made', 'Kept'],
          promises.map((p) => [p.text, p.due ?? '—', time(p.made_at), p.kept_at ? time(p.kept_at) : 'open']),
          (n) => ({ 'data-promise': promises[n].id }),
        )
      : h('p', { className: 'muted' }, 'No promises made.'),
  ];
}

/** Whether they opted out and why: their own words, or a person; an opt-back-in after it. */
function optOut(c) {
  const why = c.opted_out_by === 'message' ? `they wrote "${c.opted_out_reason}"` : 'by hand';
  if (c.opted_out) return c.opted_out_at ? `yes, ${why}, ${time(c.opted_out_at)}` : 'yes';
  return c.opted_in_at ? `no (opted back in ${time(c.opted_in_at)})` : 'no';
}

/** An event's plain fields in one line (ids and nested records left out). */
function summary(data) {
  return Object.entries(data ?? {})
    .filter(([k, v]) => v !== null && typeof v !== 'object' && !k.endsWith('_id') && k !== 'entity_seq')
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}

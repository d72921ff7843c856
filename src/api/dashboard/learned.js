// What the sync understood about a contact: what they meant (each message's intent, the last one)
// and what their own words taught (each learned field with its sentence, message and time).

import { badge, h, table, time } from '/app/dom.js';

const LEARNED = [
  ['what_theyre_building', 'Building'],
  ['current_friction', 'Friction'],
  ['their_definition_of_win', 'Win'],
  ['fit_signals', 'Fit signals'],
];

/** A field's value, marked "learned" when their words taught it (a typed or imported one is not). */
export function fieldValue(c, field) {
  const value = Array.isArray(c[field]) ? c[field].join(', ') : c[field];
  const learned = c.learned_fields[field];
  return learned ? h('span', { 'data-learned': field }, value || '—', ' ', h('small', {}, '(learned)')) : value || '—';
}

/** The intent of their newest message, with when they wrote. */
export function lastIntent(c) {
  return c.last_intent ? h('span', { id: 'last-intent' }, badge(c.last_intent), ` ${time(c.last_replied_at)}`) : '—';
}

/** Every learned value (each fit signal on its own): their sentence that taught it, a link to that message, when. */
export function learnedCard(c) {
  const entries = LEARNED.flatMap(([field, label]) =>
    [c.learned_fields[field] ?? []].flat().map((s) => ({ field, label, s })),
  );
  return h(
    'div',
    { className: 'card', id: 'learned' },
    h('h2', {}, 'What they told us'),
    entries.length
      ? table(
          ['Field', 'Learned', 'They said', 'From', 'When'],
          entries.map(({ label, s }) => [
            label,
            s.value,
            h('q', {}, s.sentence),
            messageLink(s.message_id),
            time(s.learned_at),
          ]),
          (i) => ({ 'data-field': entries[i].field }),
        )
      : h('p', { className: 'muted' }, 'Nothing learned from their messages yet.'),
  );
}

/** Shows the cited message in the thread below (the page's hash is its route, so it is not a #fragment). */
function messageLink(id) {
  const show = (event) => {
    event.preventDefault();
    const message = document.getElementById(`m-${id}`);
    message?.scrollIntoView({ block: 'center' });
    message?.classList.add('cited');
  };
  return h('a', { href: location.hash, 'data-message': id, onclick: show }, 'their message');
}

/** One message of the thread; an inbound one shows its intent (the deciding phrase on hover). */
export function messageItem(m) {
  return h(
    'li',
    { className: m.is_outbound ? 'out' : 'in', id: `m-${m.id}`, 'data-intent': m.intent ?? undefined },
    h('span', { className: 'muted' }, `${time(m.sent_at)}${m.sent_by_automation ? ' · automated' : ''} `),
    m.intent ? h('span', { className: 'intent', title: m.intent_reason || m.intent }, badge(m.intent), ' ') : null,
    m.message_text,
  );
}

// A campaign item's follow-up steps on the queue page (issue 24): for a first DM, each planned step
// and what it waits for — the first DM, its time (it goes then unless they reply or opt out), the
// step before it — or, once queued, the step's own status; for a step, which step it is.

import { badge, h, time } from '/app/dom.js';

const WAITING = {
  first_dm: () => 'waits for the first DM to be sent',
  timer: (s) => `due ${time(s.due_at)} unless they reply or opt out`,
  previous_step: () => 'waits for the step before it',
  stopped: () => 'stopped: the first DM did not go out',
};

/** The steps of `item` as a small list (null for an item with none); `queue` holds the steps already queued. */
export function followUpSteps(item, queue) {
  if (item.step > 0)
    return h('div', { className: 'muted', 'data-follow-up-step': item.step }, `follow-up ${item.step}`);
  if (!item.follow_ups?.length) return null;
  const queued = stepsAfter(item, queue);
  return h(
    'ol',
    { className: 'follow-ups', 'data-follow-ups': item.id },
    item.follow_ups.map((s) => {
      const own = queued[s.step - 1];
      const what = own ? badge(own.status) : WAITING[s.waiting_for](s);
      return h('li', { 'data-step': s.step }, `after ${s.after}: `, what);
    }),
  );
}

/** The queued steps of a first DM, in order, as far as the listed items go (each follows the one before). */
function stepsAfter(first, queue) {
  const steps = [];
  for (let parent = first.id; steps.length < first.follow_ups.length;) {
    const next = queue.find((i) => i.parent_item_id === parent);
    if (!next) break;
    steps.push(next);
    parent = next.id;
  }
  return steps;
}

// Approvals on the Outreach page: a held DM can be rewritten before it is approved (the API checks
// the new text like any DM), and several can be selected and approved or rejected in one call.

import { act, api, may } from '/app/api.js';
import { button, h } from '/app/dom.js';

/** The last bulk answer per account, shown once after the page re-renders. */
const lastBulk = new Map();

/** A checkbox selecting a held item for the bulk buttons (none for a read key). */
export function selectBox(item) {
  if (item.status !== 'awaiting_approval' || !may('write')) return '';
  return h('input', { type: 'checkbox', 'data-select': item.id, 'aria-label': `select @${item.username}` });
}

/** "Edit": opens the item's text in `editorRow`, with "Approve edited" sending it as the approved text. */
export function editButton(item, editorRow, refresh) {
  return button('Edit', () => toggleEditor(item, editorRow, refresh), {
    'data-action': 'edit',
    className: 'secondary',
    needs: 'write',
  });
}

function toggleEditor(item, row, refresh) {
  if (!row.hidden) {
    row.hidden = true;
    return;
  }
  const text = h('textarea', { name: 'text', rows: 3, cols: 60, maxlength: 2000 });
  text.value = item.text;
  const approve = button(
    'Approve edited',
    () =>
      act(() => api(`/api/outreach/queue/${item.id}/approve`, { method: 'POST', body: { text: text.value } }), refresh),
    { 'data-action': 'approve-edited' },
  );
  row.firstChild.replaceChildren(h('div', { className: 'editor' }, text, ' ', approve));
  row.hidden = false;
  text.focus();
}

/**
 * Approve / reject the selected items of `section`'s queue, shown while some are held; the answer
 * (what was done to each, counted) shows once after the page is drawn again.
 */
export function bulkBar(accountId, section, refresh, anyHeld) {
  const shown = lastBulk.get(accountId);
  lastBulk.delete(accountId);
  if (!may('write') || (!anyHeld && !shown)) return '';
  // Each route named in full, so the dashboard test finds it in the OpenAPI document.
  const calls = {
    approve: (body) => api('/api/outreach/approve', { method: 'POST', body }),
    reject: (body) => api('/api/outreach/reject', { method: 'POST', body }),
  };
  const decide = (decision) => async () => {
    const ids = [...section().querySelectorAll('input[data-select]:checked')].map((box) => box.dataset.select);
    if (!ids.length) return;
    await act(async () => lastBulk.set(accountId, summary(await calls[decision]({ ids, accountId }))), refresh);
  };
  return h(
    'div',
    { className: 'actions bulk' },
    button('Approve selected', decide('approve'), { 'data-action': 'approve-selected' }),
    button('Reject selected', decide('reject'), { 'data-action': 'reject-selected', className: 'secondary' }),
    shown ? h('span', { className: 'muted bulk-result' }, shown) : '',
  );
}

/** "2 approved · 1 not_waiting": the answer's results counted by outcome. */
function summary({ results }) {
  const counts = new Map();
  for (const r of results) counts.set(r.result, (counts.get(r.result) ?? 0) + 1);
  return [...counts].map(([result, n]) => `${n} ${result}`).join(' · ');
}

// Runs: recent syncs, DMs and video outreach with their outcome, each linked to the Temporal Web UI.

import { api, query } from '/app/api.js';
import { badge, button, fill, h, table, time } from '/app/dom.js';

const KINDS = [
  ['syncConversations', 'Inbox syncs'],
  ['sendDmWithContent', 'DM workflows'],
  ['videoPostedOutreach', 'Video outreach'],
];

export async function runsPage(main, { current }) {
  const answers = await Promise.all(KINDS.map(([kind]) => api(`/api/workflows${query({ kind, limit: 25 })}`)));
  if (!current()) return;
  fill(
    main,
    h('h1', {}, 'Runs'),
    KINDS.map(([kind, title], i) => runSection(kind, title, answers[i].runs)),
  );
}

function runSection(kind, title, runs) {
  return h(
    'section',
    { 'data-kind': kind },
    h('h2', {}, `${title} (${runs.length})`),
    runs.length
      ? table(
          ['Started', 'Workflow', 'Account', 'Status', 'Closed', 'Outcome', 'Temporal'],
          runs.map((r) => {
            const outcome = h('span', { className: 'outcome' });
            return [
              time(r.startedAt),
              h('code', {}, r.workflowId),
              r.accountId ?? '—',
              badge(r.status),
              time(r.closedAt),
              h(
                'span',
                {},
                button('Show', () => showOutcome(r.statusUrl, outcome), {
                  className: 'secondary',
                  'data-action': 'outcome',
                }),
                outcome,
              ),
              h(
                'a',
                { href: r.temporalUiUrl, target: '_blank', rel: 'noopener noreferrer', className: 'temporal' },
                'Open in Temporal',
              ),
            ];
          }),
          (i) => ({ 'data-run': runs[i].workflowId, 'data-status': runs[i].status }),
        )
      : h('p', { className: 'muted' }, 'None yet.'),
  );
}

/** The run's progress or result as the API reports it (GET /api/workflows/{id}). */
async function showOutcome(statusUrl, el) {
  const state = await api(statusUrl);
  const what = state.error ?? state.result ?? state.progress ?? null;
  fill(el, h('pre', {}, what === null ? state.status : JSON.stringify(what, null, 2).slice(0, 2000)));
}

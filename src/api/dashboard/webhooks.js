// Webhooks: the endpoints and their health, a test send, replays, and the delivery log with every retry.

import { act, api, openApi, query, showError } from '/app/api.js';
import { badge, button, fill, h, table, time } from '/app/dom.js';

const DAY = 86_400_000;

function health(w) {
  if (!w.enabled) return [badge('disabled'), ` ${w.disabled_reason ?? 'by a user'} (${time(w.disabled_at)})`];
  if (w.failing_since) return [badge('failing'), ` since ${time(w.failing_since)}`];
  return [badge('healthy')];
}

export async function webhooksPage(main, { refresh, current }) {
  const [{ webhooks }, { events }, doc] = await Promise.all([
    api('/api/webhooks'),
    api(`/api/webhooks/events/log${query({ limit: 100 })}`),
    openApi(),
  ]);
  if (!current()) return;
  const eventTypes = Object.keys(doc.webhooks ?? {}).sort();
  const result = h('span', { id: 'test-result', className: 'muted' });
  const select = h(
    'select',
    { id: 'test-event' },
    eventTypes.map((e) => h('option', { value: e }, e)),
  );
  const sendTest = button(
    'Send test event',
    async () => {
      showError(null);
      const { event, result: r } = await api('/api/webhooks/test', { method: 'POST', body: { event: select.value } });
      fill(result, `${event}: ${r.sent} sent, ${r.failed} failed`);
    },
    { 'data-action': 'test', needs: 'admin' },
  );
  const replaySince = (w) => async () => {
    const { replay } = await api(`/api/webhooks/${w.id}/replay`, {
      method: 'POST',
      body: { since: new Date(Date.now() - DAY).toISOString() },
    });
    fill(result, `${w.url}: ${replay.queued} queued again${replay.truncated ? ' (the first 10,000)' : ''}`);
  };
  const byId = new Map(webhooks.map((w) => [w.id, w]));

  fill(
    main,
    h('h1', {}, 'Webhooks'),
    h('div', { className: 'controls' }, select, sendTest, result),
    webhooks.length
      ? table(
          ['Endpoint', 'Events', 'Health', ''],
          webhooks.map((w) => [
            h('span', { className: 'url' }, w.url),
            w.events.join(', '),
            h('span', {}, health(w)),
            w.enabled
              ? button('Replay last 24 h', replaySince(w), {
                  'data-action': 'replay',
                  className: 'secondary',
                  needs: 'admin',
                })
              : button(
                  'Enable',
                  () => act(() => api(`/api/webhooks/${w.id}`, { method: 'PATCH', body: { enabled: true } }), refresh),
                  { 'data-action': 'enable', needs: 'admin' },
                ),
          ]),
          (i) => ({ 'data-webhook': webhooks[i].id }),
        )
      : h('p', { className: 'muted' }, 'No endpoints. Register one with POST /api/webhooks.'),
    h('h2', {}, `Delivery log (${events.length} newest attempts)`),
    events.length
      ? table(
          ['When', 'Event', 'Endpoint', 'Attempt', 'Outcome', 'Answer', 'Next retry', ''],
          events.map((a) => [
            time(a.attempted_at),
            a.event,
            byId.get(a.endpoint_id)?.url ?? a.endpoint_id,
            `#${a.attempt}${a.replay ? ' (replay)' : ''}${a.test ? ' (test)' : ''}`,
            badge(a.status),
            a.response_code ? `${a.response_code} in ${a.latency_ms} ms` : (a.error ?? ''),
            time(a.next_retry_at),
            a.test
              ? ''
              : button(
                  'Replay',
                  async () => {
                    const { replay } = await api(`/api/webhooks/${a.endpoint_id}/replay`, {
                      method: 'POST',
                      body: { message_id: a.message_id },
                    });
                    fill(result, `${a.message_id}: ${replay.queued} queued again`);
                  },
                  { 'data-action': 'replay-message', className: 'secondary', needs: 'admin' },
                ),
          ]),
          (i) => ({ 'data-attempt': events[i].id }),
        )
      : h('p', { className: 'muted' }, 'No delivery attempts yet.'),
  );
}

// Automations (keyword replies): each with its keywords, reply and what it did; a form to add one,
// and enable / disable. The API checks everything (keywords, template, video); its answer is shown.

import { account, act, api, may, query, showError } from '/app/api.js';
import { badge, button, fill, h, table, time } from '/app/dom.js';

const PATH = '/api/automations';

function replyOf(a) {
  return a.reply.template !== undefined ? h('code', {}, a.reply.template) : a.reply.text;
}

function toggle(a, refresh) {
  const label = a.enabled ? 'Disable' : 'Enable';
  return button(
    label,
    () => act(() => api(`${PATH}/${a.id}`, { method: 'PATCH', body: { enabled: !a.enabled } }), refresh),
    { 'data-action': a.enabled ? 'disable' : 'enable', className: a.enabled ? 'secondary' : undefined, needs: 'write' },
  );
}

/** The form that adds one: keywords separated by commas, a plain reply or a template, an optional video. */
function createForm(refresh) {
  const field = (label, input) => h('label', {}, `${label} `, input);
  const name = h('input', { name: 'name', required: true, placeholder: 'Free guide' });
  const keywords = h('input', { name: 'keywords', required: true, placeholder: 'guide, free guide', size: 30 });
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'text' }, 'Text'),
    h('option', { value: 'template' }, 'Template'),
  );
  const reply = h('input', {
    name: 'reply',
    required: true,
    size: 50,
    placeholder: 'Hi {{first_name|there}}! Here it is: …',
  });
  const video = h('input', { name: 'videoId', placeholder: 'MediaPoster video id (optional)', size: 36 });
  const form = h(
    'form',
    { id: 'new-automation', className: 'controls' },
    field('Name', name),
    field('Keywords', keywords),
    kind,
    field('Reply', reply),
    field('Video', video),
    h('button', { type: 'submit' }, 'Add'),
  );
  // A refusal keeps what was typed (the banner says what to fix); an automation added re-renders the page.
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(null);
    const body = {
      name: name.value,
      keywords: keywords.value
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
      reply: { [kind.value]: reply.value },
      ...(video.value.trim() ? { videoId: video.value.trim() } : {}),
      ...(account.get() ? { accountId: account.get() } : {}),
    };
    try {
      await api(PATH, { method: 'POST', body });
    } catch (err) {
      showError(err);
      return;
    }
    await refresh();
  });
  return form;
}

export async function automationsPage(main, { refresh, current }) {
  const { automations } = await api(`${PATH}${query({ accountId: account.get() })}`);
  if (!current()) return;
  fill(
    main,
    h('h1', {}, 'Automations'),
    h(
      'p',
      { className: 'muted' },
      'A message containing a keyword gets the reply, once per person; only messages written after it was enabled.',
    ),
    may('write') ? createForm(refresh) : null,
    automations.length
      ? table(
          ['Name', 'Keywords', 'Reply', 'Status', 'Matched', 'Queued', 'Sent', 'Skipped', ''],
          automations.map((a) => [
            a.name,
            a.keywords.join(', '),
            h('span', { className: 'text' }, replyOf(a), a.video_id ? h('small', {}, ` (video ${a.video_id})`) : null),
            h(
              'span',
              {},
              badge(a.enabled ? 'enabled' : 'disabled'),
              a.enabled ? h('small', {}, ` since ${time(a.active_since)}`) : null,
            ),
            String(a.stats.matched),
            String(a.stats.queued),
            String(a.stats.sent),
            String(a.stats.skipped),
            toggle(a, refresh),
          ]),
          (i) => ({ 'data-automation': automations[i].id, 'data-enabled': String(automations[i].enabled) }),
        )
      : h('p', { className: 'muted' }, 'No automations yet.'),
  );
}

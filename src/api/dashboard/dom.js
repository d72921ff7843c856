// Small DOM helpers: elements are built with textContent only (no innerHTML), times formatted locally.

import { may, showError } from '/app/api.js';

/** h('a', {href: '#'}, 'text', child, …): attributes (on* as listeners, dataset via data-*), children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'className') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "14:32" today, "Nov 29 14:32" another day, in the browser's zone; "—" for none. */
export function time(iso) {
  if (!iso) return '—';
  const at = new Date(iso);
  const hm = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  if (at.toDateString() === new Date().toDateString()) return hm;
  return `${at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${hm}`;
}

/** A table: headers (strings or elements), rows of cells; `rowAttrs(row index)` for each <tr>. */
export function table(headers, rows, rowAttrs = () => ({})) {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((x) => h('th', {}, x)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells, i) =>
        h(
          'tr',
          rowAttrs(i),
          cells.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  );
}

/**
 * A button that runs `action`, disabled while it runs; a failure shows in the error banner. With
 * `needs` (write or admin), a key whose scope does not reach it gets no button at all.
 */
export function button(label, action, { needs, ...attrs } = {}) {
  if (needs && !may(needs)) return document.createTextNode('');
  const el = h('button', { type: 'button', ...attrs }, label);
  el.addEventListener('click', async () => {
    el.disabled = true;
    try {
      await action();
    } catch (err) {
      showError(err);
    } finally {
      el.disabled = false;
    }
  });
  return el;
}

/** A status word as a coloured badge (the colour comes from the stylesheet, by status). */
export const badge = (status) => h('span', { className: `badge s-${String(status).toLowerCase()}` }, status);

// The last 24 h of one account's sends as an SVG chart: active hours shaded, sends per hour as bars
// against the hourly cap, each send as a tick. Everything drawn comes from GET /api/outreach/timeline.

const NS = 'http://www.w3.org/2000/svg';
const W = 760;
const H = 180;
const PAD = { left: 34, right: 12, top: 16, bottom: 36 };
const HOUR = 3_600_000;

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const hhmm = (ms) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The chart for one timeline answer. */
export function timelineChart(t) {
  const from = Date.parse(t.from);
  const to = Date.parse(t.to);
  const sends = t.sends.map(Date.parse);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (ms) => PAD.left + ((ms - from) / (to - from)) * plotW;
  // 24 one-hour buckets ending now: how many sends each holds, drawn against the hourly cap.
  const bucketOf = (ms) => Math.min(23, Math.max(0, Math.floor((ms - from) / HOUR)));
  const buckets = Array(24).fill(0);
  for (const ms of sends) buckets[bucketOf(ms)] += 1;
  const top = Math.max(t.perHour, ...buckets, 1);
  const y = (n) => PAD.top + plotH - (n / top) * plotH;

  const label = `${t.sends.length} sends in the last 24 h (day cap ${t.dayCap}, hourly cap ${t.perHour}); active hours ${t.activeHours.start}:00–${t.activeHours.end}:00 ${t.activeHours.timeZone}`;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'timeline',
    role: 'img',
    'aria-label': label,
    'data-sends': t.sends.length,
  });
  svg.append(s('title', {}, label));
  svg.append(s('rect', { x: PAD.left, y: PAD.top, width: plotW, height: plotH, class: 'closed' }));
  for (const w of t.activeWindows) {
    const a = x(Date.parse(w.from));
    svg.append(
      s('rect', { x: a, y: PAD.top, width: Math.max(x(Date.parse(w.to)) - a, 1), height: plotH, class: 'window' }),
    );
  }
  const barW = plotW / 24;
  buckets.forEach((n, i) => {
    if (n === 0) return;
    const bar = s('rect', {
      x: PAD.left + i * barW + 2,
      y: y(n),
      width: barW - 4,
      height: PAD.top + plotH - y(n),
      class: n >= t.perHour ? 'bar full' : 'bar',
    });
    bar.append(s('title', {}, `${n} sent ${hhmm(from + i * HOUR)}–${hhmm(from + (i + 1) * HOUR)}`));
    svg.append(bar);
  });
  if (t.perHour <= top) {
    svg.append(s('line', { x1: PAD.left, x2: PAD.left + plotW, y1: y(t.perHour), y2: y(t.perHour), class: 'cap' }));
    svg.append(
      s(
        'text',
        { x: PAD.left + plotW - 4, y: y(t.perHour) - 4, 'text-anchor': 'end', class: 'cap-label' },
        `hourly cap ${t.perHour}`,
      ),
    );
  }
  for (const ms of sends)
    svg.append(s('line', { x1: x(ms), x2: x(ms), y1: PAD.top + plotH, y2: PAD.top + plotH + 6, class: 'send' }));
  for (let i = 0; i <= 4; i++) {
    const ms = from + (i * (to - from)) / 4;
    svg.append(
      s(
        'text',
        { x: x(ms), y: H - 10, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle', class: 'axis' },
        i === 4 ? 'now' : hhmm(ms),
      ),
    );
  }
  svg.append(s('text', { x: PAD.left - 6, y: PAD.top + 4, 'text-anchor': 'end', class: 'axis' }, String(top)));
  svg.append(s('text', { x: PAD.left - 6, y: PAD.top + plotH, 'text-anchor': 'end', class: 'axis' }, '0'));
  svg.append(s('text', { x: PAD.left + 4, y: PAD.top + 12, class: 'axis' }, `${t.sends.length}/${t.dayCap} in 24 h`));
  return svg;
}

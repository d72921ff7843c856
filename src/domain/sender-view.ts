import type { OutreachStatus, SenderSnapshot } from './outreach';
import { decidePacing, type PacingSettings } from './pacing';
import { wallTime } from './time-zone';

/**
 * What an account's sender does next, and why, in one place: the sender workflow acts on it and
 * every view (query, queue route, status route) shows the same decision in the same words.
 */

export const SENDER_BLOCKS = [
  'window',
  'hourly_cap',
  'daily_cap',
  'gap',
  'ramp',
  'paused',
  'session',
  'awaiting_approval',
  'empty',
] as const;
export type SenderBlock = (typeof SENDER_BLOCKS)[number];

export interface SenderSituation {
  nowMs: number;
  pacing: PacingSettings;
  /** null: not paused; Infinity: until resumed. */
  pausedUntilMs: number | null;
  pauseReason: string | null;
  sendsMs: readonly number[];
  lastSendMs: number | null;
  gapMs: number;
  nextItemId: string | null;
  nextScheduledMs: number | null;
  awaitingApproval: number;
  /** A missing session or an unreachable server: not before this. */
  retryAtMs: number | null;
  /** The Safari server's own hours are closed until then. */
  serverClosedUntilMs: number | null;
}

/** What the sender reads at the top of each step: the account's pacing and its queue. */
export interface SenderState {
  nowMs: number;
  pacing: PacingSettings;
  /** null: not paused; untilMs null: until resumed. */
  pause: { untilMs: number | null; reason: string | null } | null;
  snapshot: SenderSnapshot;
}

/** The numbers only the sender keeps: the gap it drew, its backoffs. Negative gap: none drawn yet. */
export interface SenderCarried {
  gapMs: number;
  retryAtMs: number | null;
  serverClosedUntilMs: number | null;
}

export function situationOf(s: SenderState, carried: SenderCarried, nowMs: number): SenderSituation {
  const snap = s.snapshot;
  return {
    nowMs,
    pacing: s.pacing,
    pausedUntilMs: s.pause ? (s.pause.untilMs ?? Number.POSITIVE_INFINITY) : null,
    pauseReason: s.pause?.reason ?? null,
    sendsMs: snap.sendsMs,
    lastSendMs: snap.lastSendMs,
    gapMs: Math.max(carried.gapMs, 0),
    nextItemId: snap.nextItemId,
    nextScheduledMs: snap.nextScheduledMs,
    awaitingApproval: snap.counts.awaiting_approval ?? 0,
    retryAtMs: carried.retryAtMs,
    serverClosedUntilMs: carried.serverClosedUntilMs,
  };
}

export interface SenderCounts {
  lastHour: number;
  lastDay: number;
  dayCap: number;
}
export type SenderDecision =
  | { send: true; itemId: string; counts: SenderCounts }
  | { send: false; blockedBy: SenderBlock; nextSendAtMs: number | null; counts: SenderCounts };

const later = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.max(a, b));

export function decideSender(s: SenderSituation): SenderDecision {
  const pacing = decidePacing(s.pacing, {
    nowMs: s.nowMs,
    recentSendsMs: s.sendsMs,
    lastSendMs: s.lastSendMs,
    gapMs: s.gapMs,
    pausedUntilMs: s.pausedUntilMs,
  });
  const counts = pacing.counts;
  const pacingNext = pacing.ok ? s.nowMs : pacing.nextSendAtMs;
  const blocked = (blockedBy: SenderBlock, nextSendAtMs: number | null): SenderDecision => ({
    send: false,
    blockedBy,
    nextSendAtMs,
    counts,
  });
  if (!pacing.ok && pacing.blockedBy === 'paused') return blocked('paused', pacing.nextSendAtMs);
  if (s.nextItemId === null) {
    const reason = s.awaitingApproval > 0 && s.nextScheduledMs === null ? 'awaiting_approval' : 'empty';
    return blocked(reason, s.nextScheduledMs === null ? null : later(s.nextScheduledMs, pacingNext));
  }
  if (s.retryAtMs !== null && s.retryAtMs > s.nowMs) return blocked('session', later(s.retryAtMs, pacingNext));
  if (s.serverClosedUntilMs !== null && s.serverClosedUntilMs > s.nowMs)
    return blocked('window', later(s.serverClosedUntilMs, pacingNext));
  if (!pacing.ok) return blocked(pacing.blockedBy, pacing.nextSendAtMs);
  return { send: true, itemId: s.nextItemId, counts };
}

const REASONS: Record<Exclude<SenderBlock, 'paused'>, (s: SenderSituation, c: SenderCounts) => string> = {
  window: (s) =>
    `outside active hours ${s.pacing.activeStartHour}:00–${s.pacing.activeEndHour}:00 ${s.pacing.timeZone}` +
    (s.serverClosedUntilMs !== null && s.serverClosedUntilMs > s.nowMs ? " (the Safari server's own hours)" : ''),
  hourly_cap: (s, c) => `hourly cap ${c.lastHour}/${s.pacing.perHour} reached`,
  daily_cap: (_s, c) => `daily cap ${c.lastDay}/${c.dayCap} reached`,
  ramp: (_s, c) => `warm-up cap ${c.lastDay}/${c.dayCap} reached`,
  gap: () => 'keeping the gap between two DMs',
  session: () => 'no Safari session (or Safari unreachable); retrying',
  awaiting_approval: (s) => `${s.awaitingApproval} waiting for approval`,
  empty: () => 'nothing queued',
};

/** One line a person can read: "next send 14:32 — hourly cap 5/5 reached". */
export function describeSender(s: SenderSituation, d: SenderDecision): string {
  if (d.send) return 'sending now';
  const at = d.nextSendAtMs === null ? null : localTime(s.pacing.timeZone, d.nextSendAtMs, s.nowMs);
  if (d.blockedBy === 'paused') {
    const why = s.pauseReason ?? 'by hand';
    return at === null ? `paused until resumed: ${why}` : `paused: ${why}, resumes ${at}`;
  }
  const reason = REASONS[d.blockedBy](s, d.counts);
  if (d.blockedBy === 'empty' || d.blockedBy === 'awaiting_approval')
    return at === null ? reason : `next send ${at} — ${reason} before then`;
  return at === null ? `no send possible — ${reason}` : `next send ${at} — ${reason}`;
}

/** "14:32" today, "Tue 09:00" on another day, in the account's zone. */
function localTime(timeZone: string, atMs: number, nowMs: number): string {
  const w = wallTime(timeZone, atMs);
  const today = wallTime(timeZone, nowMs);
  const hm = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  if (w.year === today.year && w.month === today.month && w.day === today.day) return hm;
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).toLocaleDateString('en-US', {
    weekday: 'short',
    timeZone: 'UTC',
  });
  return `${weekday} ${hm}`;
}

/** What a sender says about itself: by query, in GET /api/outreach/queue and GET /api/status. */
export interface SenderProgress {
  accountId: string;
  /** idle: no sender runs for the account (the API applies the same rules to the database). */
  state: 'sending' | 'waiting' | 'idle';
  blockedBy: SenderBlock | null;
  nextSendAt: string | null;
  /** The same, in words: "next send 14:32 — hourly cap 5/5 reached". */
  explanation: string;
  sentLastHour: number;
  sentLastDay: number;
  perHour: number;
  dayCap: number;
  queue: Partial<Record<OutreachStatus, number>>;
  lastSendAt: string | null;
  /** DMs the running sender has sent since it first started. */
  sent: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function senderView(
  accountId: string,
  s: SenderState,
  situation: SenderSituation,
  d: SenderDecision,
  running: { sent: number } | null,
): SenderProgress {
  return {
    accountId,
    state: running === null ? 'idle' : d.send ? 'sending' : 'waiting',
    blockedBy: d.send ? null : d.blockedBy,
    nextSendAt: d.send ? iso(situation.nowMs) : iso(d.nextSendAtMs),
    explanation: describeSender(situation, d),
    sentLastHour: d.counts.lastHour,
    sentLastDay: d.counts.lastDay,
    perHour: s.pacing.perHour,
    dayCap: d.counts.dayCap,
    queue: s.snapshot.counts,
    lastSendAt: iso(s.snapshot.lastSendMs),
    sent: running?.sent ?? 0,
  };
}

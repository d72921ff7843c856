import { isInWindow, localHourMinute, nextWindowOpenMs } from './pacing';
import type { PacingSettings } from './pacing-settings';

/**
 * Whether one tick of an account's reply watch may drive the browser: only inside the account's
 * active hours (the same window its DMs keep, so the Mac is left alone at night), and never beside a
 * full sync of the account, which lists every tab and reads every changed thread anyway.
 */

export type WatchSkip = 'outside_active_hours' | 'sync_running';
export type WatchGate = { run: true } | { run: false; skipped: WatchSkip; explanation: string };

export interface WatchSituation {
  pacing: PacingSettings;
  nowMs: number;
  syncRunning: boolean;
}

const two = (n: number) => String(n).padStart(2, '0');

export function decideWatch(s: WatchSituation): WatchGate {
  const { pacing, nowMs } = s;
  if (!isInWindow(pacing, nowMs)) {
    const { hour, minute } = localHourMinute(pacing.timeZone, nowMs);
    const opens = new Date(nextWindowOpenMs(pacing, nowMs)).toISOString();
    return {
      run: false,
      skipped: 'outside_active_hours',
      explanation:
        `outside the account's active hours (${two(pacing.activeStartHour)}:00–${two(pacing.activeEndHour)}:00 ` +
        `${pacing.timeZone}; it is ${two(hour)}:${two(minute)} there): no browser call until ${opens}`,
    };
  }
  if (s.syncRunning)
    return {
      run: false,
      skipped: 'sync_running',
      explanation: 'a full sync of this account is running: it lists every tab and reads what changed',
    };
  return { run: true };
}

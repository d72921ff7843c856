import type { Registry } from 'prom-client';
import { IN_FLIGHT_STATUSES, PENDING_STATUSES } from '../../domain/outreach-transitions';
import { SENDER_BLOCKS } from '../../domain/sender-view';
import { readGauge } from './read-metrics';

/**
 * Each account's queue and what holds its next DM back, as the API's pacing view decides it (the
 * sender's own answer when one runs, the same rules over the database when none does): nothing
 * here re-applies a pacing rule.
 */
export interface PacingSample {
  accountId: string;
  state: 'sending' | 'waiting' | 'idle';
  blockedBy: string | null;
  queue: Partial<Record<string, number>>;
}

type Read = () => Promise<PacingSample[] | null>;

/** Items not yet settled: waiting their turn, held for approval, being sent. */
const DEPTH_STATUSES = [...PENDING_STATUSES, ...IN_FLIGHT_STATUSES];
const STATES = ['sending', 'waiting', 'idle'] as const;

export function registerPacingMetrics(registry: Registry, read: Read): void {
  const each =
    <R>(f: (p: PacingSample) => R[]) =>
    async () =>
      (await read())?.flatMap(f) ?? null;
  readGauge(
    {
      registry,
      name: 'crm_outreach_queue_depth',
      help: "DMs in an account's queue by status: queued, awaiting_approval, sending",
      labelNames: ['account', 'status'],
    },
    each((p) =>
      DEPTH_STATUSES.map((status) => ({ labels: { account: p.accountId, status }, value: p.queue[status] ?? 0 })),
    ),
  );
  // One series per reason, 1 on the reason that holds the next DM now (all 0 while one is going out),
  // so `crm_outreach_blocked == 1` reads as a list of accounts and why.
  readGauge(
    {
      registry,
      name: 'crm_outreach_blocked',
      help: `1 on what holds an account's next DM back now (blockedBy: ${SENDER_BLOCKS.join(', ')}), 0 on the others`,
      labelNames: ['account', 'blocked_by'],
    },
    each((p) =>
      SENDER_BLOCKS.map((reason) => ({
        labels: { account: p.accountId, blocked_by: reason },
        value: p.blockedBy === reason ? 1 : 0,
      })),
    ),
  );
  readGauge(
    {
      registry,
      name: 'crm_outreach_sender_state',
      help: "1 on the account's sender state: sending, waiting, or idle (no sender runs)",
      labelNames: ['account', 'state'],
    },
    each((p) => STATES.map((state) => ({ labels: { account: p.accountId, state }, value: p.state === state ? 1 : 0 }))),
  );
}

import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Account, AccountOverrides } from '../../domain/outreach';
import { OUTREACH_TRANSITIONS } from '../../domain/outreach-transitions';
import { APPROVAL_MODES } from '../../domain/send-rules';
import type { ApprovalNoticeState } from '../../domain/approval-notice';
import type { OutboxEvent } from '../../domain/events';
import { DbError, parseRow, unwrap } from './db-errors';

/** Accounts: one Instagram login and the Safari server that drives it, with pacing overrides. */

export interface AccountRepository {
  /** The default account follows config: created, or its Safari URL brought in line, on every start. */
  ensure(id: string, safariUrl: string): Promise<Account>;
  get(id: string): Promise<Account | null>;
  list(): Promise<Account[]>;
  /** null when the id is taken. `events` are written in the same transaction. */
  create(
    id: string,
    safariUrl: string,
    overrides: Partial<AccountOverrides & AccountSecrets>,
    o?: { events?: OutboxEvent[] },
  ): Promise<Account | null>;
  /** Only the given fields change; null when there is no such account. `events` are written in the same transaction. */
  update(
    id: string,
    patch: Partial<AccountOverrides & AccountSecrets & { safariUrl: string }>,
    o?: { events?: OutboxEvent[] },
  ): Promise<Account | null>;
  /** The secret the account's incoming webhooks are signed with; undefined: no such account. Never part of an Account. */
  incomingSecret(id: string): Promise<string | null | undefined>;
  /** The account's Safari server and the key it expects (null: none of its own); null: no such account. */
  safariServer(id: string): Promise<{ url: string; apiKey: string | null } | null>;
  /**
   * Pauses or resumes, writing `events` in the same transaction — only when the account is as
   * `expect` says (a pause that ran out ends only if it is still that pause). null: no such account.
   */
  setPause(
    id: string,
    pause: PauseState,
    o?: { expect?: PauseGuard; events?: OutboxEvent[] },
  ): Promise<{ applied: boolean; account: Account } | null>;
  /** How many of its DMs wait for approval, and when the last outreach.awaiting_approval went out; null: no such account. */
  approvalNotice(id: string): Promise<ApprovalNoticeState | null>;
  /** Moves the last notice's time from `expectLastAt` to `at` and writes `events` with it, or nothing if it moved meanwhile. */
  recordApprovalNotice(id: string, expectLastAt: string | null, at: string, events: OutboxEvent[]): Promise<boolean>;
}

/** Write-only columns: set through create and update, never read back into an Account. */
export interface AccountSecrets {
  incomingSecret: string | null;
  safariApiKey: string | null;
}
export interface PauseState {
  paused: boolean;
  until: string | null;
  reason: string | null;
}
export interface PauseGuard {
  paused?: boolean;
  until?: string;
}

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');
const count = z.number().int().nullable();
const rowSchema = z.object({
  id: z.string(),
  safari_url: z.string(),
  time_zone: z.string().nullable(),
  messages_per_hour: count,
  messages_per_day: count,
  min_delay_ms: count,
  max_delay_ms: count,
  active_hours_start: count,
  active_hours_end: count,
  ramp_start_per_day: count,
  ramp_step_per_day: count,
  ramp_started_at: timestamp.nullable(),
  approval_mode: z.enum(APPROVAL_MODES).nullable(),
  paused: z.boolean(),
  paused_until: timestamp.nullable(),
  pause_reason: z.string().nullable(),
  paused_at: timestamp.nullable(),
  created_at: timestamp,
  incoming_secret: z.string().nullable().optional(),
  safari_api_key: z.string().nullable().optional(),
});
type Row = z.infer<typeof rowSchema>;

const COLUMNS: Record<keyof AccountOverrides | keyof AccountSecrets | 'safariUrl', keyof Row> = {
  safariUrl: 'safari_url',
  incomingSecret: 'incoming_secret',
  safariApiKey: 'safari_api_key',
  timeZone: 'time_zone',
  perHour: 'messages_per_hour',
  perDay: 'messages_per_day',
  minGapMs: 'min_delay_ms',
  maxGapMs: 'max_delay_ms',
  activeStartHour: 'active_hours_start',
  activeEndHour: 'active_hours_end',
  rampStartPerDay: 'ramp_start_per_day',
  rampStepPerDay: 'ramp_step_per_day',
  approvalMode: 'approval_mode',
};

const saveAnswer = z.object({ status: z.enum(['saved', 'exists', 'not_found']), account: z.unknown().optional() });
const pauseAnswer = z.object({ applied: z.boolean(), account: z.unknown().transform((a) => a ?? null) });

function toAccount(raw: unknown): Account {
  const parsed = rowSchema.safeParse(raw);
  if (!parsed.success)
    throw new DbError('DB_INVALID', `unexpected account row: ${z.prettifyError(parsed.error)}`, false);
  const r = parsed.data;
  return {
    id: r.id,
    safariUrl: r.safari_url,
    timeZone: r.time_zone,
    perHour: r.messages_per_hour,
    perDay: r.messages_per_day,
    minGapMs: r.min_delay_ms,
    maxGapMs: r.max_delay_ms,
    activeStartHour: r.active_hours_start,
    activeEndHour: r.active_hours_end,
    rampStartPerDay: r.ramp_start_per_day,
    rampStepPerDay: r.ramp_step_per_day,
    rampStartedAt: r.ramp_started_at,
    approvalMode: r.approval_mode,
    paused: r.paused,
    pausedUntil: r.paused_until,
    pauseReason: r.pause_reason,
    pausedAt: r.paused_at,
    createdAt: r.created_at,
    incomingSecretSet: typeof r.incoming_secret === 'string',
    safariApiKeySet: typeof r.safari_api_key === 'string',
  };
}

/** Only keys present in the patch become columns: an absent field is left alone, an explicit null resets it. */
function toColumns(patch: Partial<AccountOverrides & AccountSecrets & { safariUrl: string }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) if (key in patch) out[column] = patch[key as keyof typeof patch];
  return out;
}

export function createAccountRepository(db: SupabaseClient): AccountRepository {
  const one = (
    op: string,
    result: { data: unknown; error: { code?: string; message?: string } | null; status?: number },
  ) => {
    const row = unwrap<unknown>(op, result);
    return row === null ? null : toAccount(row);
  };
  /** One transaction: the row created or changed, with its events. null: the id is taken (create) or unknown (update). */
  async function save(
    op: string,
    id: string,
    safariUrl: string | null,
    create: boolean,
    columns: Record<string, unknown>,
    events: OutboxEvent[],
  ) {
    const raw = unwrap<unknown>(
      op,
      await db.rpc('crm_save_account', {
        p_id: id,
        p_safari_url: safariUrl,
        p_create: create,
        p_set: columns,
        p_events: events,
      }),
    );
    const answer = parseRow(op, saveAnswer, raw);
    return answer.status === 'saved' ? toAccount(answer.account) : null;
  }
  return {
    async ensure(id, safariUrl) {
      const result = await db
        .from('accounts')
        .upsert({ id, safari_url: safariUrl }, { onConflict: 'id' })
        .select('*')
        .single();
      return one('ensure account', result)!;
    },
    get: async (id) => one('get account', await db.from('accounts').select('*').eq('id', id).maybeSingle()),
    list: async () =>
      unwrap<unknown[]>('list accounts', await db.from('accounts').select('*').order('id')).map(toAccount),
    create: (id, safariUrl, overrides, o = {}) =>
      save('create account', id, safariUrl, true, toColumns(overrides), o.events ?? []),
    async update(id, patch, o = {}) {
      const columns = toColumns(patch);
      if (Object.keys(columns).length === 0 && !o.events?.length) return this.get(id);
      return save('update account', id, null, false, columns, o.events ?? []);
    },
    async incomingSecret(id) {
      const rows = unwrap<unknown[]>(
        'read the incoming secret',
        await db.from('accounts').select('incoming_secret').eq('id', id),
      );
      if (rows.length === 0) return undefined;
      return parseRow('read the incoming secret', z.object({ incoming_secret: z.string().nullable() }), rows[0])
        .incoming_secret;
    },
    async safariServer(id) {
      const rows = unwrap<unknown[]>(
        'read the Safari server',
        await db.from('accounts').select('safari_url, safari_api_key').eq('id', id),
      );
      if (rows.length === 0) return null;
      const row = parseRow(
        'read the Safari server',
        z.object({ safari_url: z.string(), safari_api_key: z.string().nullable() }),
        rows[0],
      );
      return { url: row.safari_url, apiKey: row.safari_api_key };
    },
    async approvalNotice(id) {
      const op = 'read the approval notice';
      const rows = unwrap<unknown[]>(op, await db.from('accounts').select('approval_notified_at').eq('id', id));
      if (rows.length === 0) return null;
      const { approval_notified_at: lastAt } = parseRow(
        op,
        z.object({ approval_notified_at: timestamp.nullable() }),
        rows[0],
      );
      const { count, error, status } = await db
        .from('outreach_items')
        .select('id', { count: 'exact', head: true })
        .eq('account_id', id)
        .eq('status', OUTREACH_TRANSITIONS.hold.to);
      unwrap<unknown>(op, { data: null, error, status });
      return { awaiting: count ?? 0, lastAt };
    },
    async recordApprovalNotice(id, expectLastAt, at, events) {
      const op = 'record the approval notice';
      const args = { p_account_id: id, p_expect: expectLastAt, p_at: at, p_events: events };
      return parseRow(op, z.boolean(), unwrap<unknown>(op, await db.rpc('crm_record_approval_notice', args)));
    },
    async setPause(id, pause, o = {}) {
      const result = await db.rpc('crm_set_account_pause', {
        p_account_id: id,
        p_paused: pause.paused,
        p_until: pause.until,
        p_reason: pause.reason,
        p_expect_paused: o.expect?.paused ?? null,
        p_expect_until: o.expect?.until ?? null,
        p_events: o.events ?? [],
      });
      const answer = parseRow('pause account', pauseAnswer, unwrap<unknown>('pause account', result));
      return answer.account === null ? null : { applied: answer.applied, account: toAccount(answer.account) };
    },
  };
}

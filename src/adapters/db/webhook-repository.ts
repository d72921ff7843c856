import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { parseRow, unwrap } from './db-errors';
import { iso, UUID } from './values';

/**
 * Registered webhook endpoints. Reads come in two shapes on purpose: `Endpoint` (what the API
 * shows, never a secret) and `SigningEndpoint` (what delivery needs), so a route cannot leak a
 * secret by returning the wrong object.
 */

export interface Endpoint {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  /** A previous secret still signs until then (after a rotation). */
  previousSecretExpiresAt: string | null;
  /** The first failed delivery since the last success (null: healthy); too long disables the endpoint. */
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SigningEndpoint extends Endpoint {
  secrets: string[];
}

export interface EndpointInput {
  url: string;
  events: string[];
  description?: string | null;
  enabled?: boolean;
}

export interface WebhookRepository {
  create(input: EndpointInput & { secret: string }): Promise<Endpoint>;
  list(): Promise<Endpoint[]>;
  get(id: string): Promise<Endpoint | null>;
  /** Only the given fields change; re-enabling clears why it was disabled. null: no such endpoint. */
  update(id: string, patch: Partial<EndpointInput>): Promise<Endpoint | null>;
  remove(id: string): Promise<boolean>;
  /** The new secret signs from now on; the old one too until `graceUntil`. */
  rotateSecret(id: string, secret: string, graceUntil: string): Promise<Endpoint | null>;
  /** The secrets that sign for an endpoint now (current first), for delivery. */
  forSigning(id: string, now: number): Promise<SigningEndpoint | null>;
}

const PUBLIC_COLUMNS =
  'id, url, events, description, enabled, disabled_reason, disabled_at, previous_secret_expires_at, failing_since, created_at, updated_at';
const row = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  disabled_at: z.string().nullable(),
  previous_secret_expires_at: z.string().nullable(),
  failing_since: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
const signingRow = row.extend({ secret: z.string(), previous_secret: z.string().nullable() });

const toEndpoint = (r: z.infer<typeof row>): Endpoint => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  disabledAt: iso(r.disabled_at),
  previousSecretExpiresAt: iso(r.previous_secret_expires_at),
  failingSince: iso(r.failing_since),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The current secret, and the previous one while its grace period lasts. */
export function signingSecrets(
  r: { secret: string; previous_secret: string | null; previous_secret_expires_at: string | null },
  now: number,
): string[] {
  const previousValid =
    r.previous_secret !== null &&
    r.previous_secret_expires_at !== null &&
    Date.parse(r.previous_secret_expires_at) > now;
  return previousValid ? [r.secret, r.previous_secret!] : [r.secret];
}

export function createWebhookRepository(db: SupabaseClient): WebhookRepository {
  const one = (what: string, raw: unknown) => {
    const r = parseRow(what, row.nullable(), raw);
    return r ? toEndpoint(r) : null;
  };
  const table = () => db.from('webhook_endpoints');

  return {
    async create(input) {
      const result = await table()
        .insert({ url: input.url, events: input.events, description: input.description ?? null, secret: input.secret })
        .select(PUBLIC_COLUMNS)
        .single();
      return one('register webhook', unwrap<unknown>('register webhook', result))!;
    },
    async list() {
      const result = await table().select(PUBLIC_COLUMNS).order('created_at').order('id');
      return parseRow('list webhooks', z.array(row), unwrap<unknown>('list webhooks', result)).map(toEndpoint);
    },
    async get(id) {
      if (!UUID.test(id)) return null;
      return one(
        'get webhook',
        unwrap<unknown>('get webhook', await table().select(PUBLIC_COLUMNS).eq('id', id).maybeSingle()),
      );
    },
    async update(id, patch) {
      if (!UUID.test(id)) return null;
      const fields: Record<string, unknown> = {};
      if (patch.url !== undefined) fields.url = patch.url;
      if (patch.events !== undefined) fields.events = patch.events;
      if (patch.description !== undefined) fields.description = patch.description;
      if (patch.enabled !== undefined)
        Object.assign(
          fields,
          { enabled: patch.enabled },
          patch.enabled ? { disabled_reason: null, disabled_at: null, failing_since: null } : {},
        );
      if (Object.keys(fields).length === 0) return this.get(id);
      const result = await table().update(fields).eq('id', id).select(PUBLIC_COLUMNS).maybeSingle();
      return one('update webhook', unwrap<unknown>('update webhook', result));
    },
    async remove(id) {
      if (!UUID.test(id)) return false;
      const result = await table().delete().eq('id', id).select('id');
      return unwrap<unknown[]>('delete webhook', result).length > 0;
    },
    async rotateSecret(id, secret, graceUntil) {
      if (!UUID.test(id)) return null;
      const result = await db
        .rpc('crm_rotate_webhook_secret', { p_id: id, p_secret: secret, p_grace_until: graceUntil })
        .select(PUBLIC_COLUMNS)
        .maybeSingle();
      return one('rotate webhook secret', unwrap<unknown>('rotate webhook secret', result));
    },
    async forSigning(id, now) {
      if (!UUID.test(id)) return null;
      const result = await table().select(`${PUBLIC_COLUMNS}, secret, previous_secret`).eq('id', id).maybeSingle();
      const r = parseRow(
        'read webhook for signing',
        signingRow.nullable(),
        unwrap<unknown>('read webhook for signing', result),
      );
      return r ? { ...toEndpoint(r), secrets: signingSecrets(r, now) } : null;
    },
  };
}

import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../domain/api-scopes';
import { parseRow, unwrap } from './db-errors';

/** API keys as rows: never the key itself, only its sha256 and its first characters. */

export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface ApiKeyRepository {
  /** null: a live key has that name already. */
  create(k: {
    name: string;
    scope: ApiKeyScope;
    keyHash: string;
    prefix: string;
    createdBy: string;
    expiresAt: string | null;
  }): Promise<ApiKeyRecord | null>;
  list(): Promise<ApiKeyRecord[]>;
  byHash(keyHash: string): Promise<ApiKeyRecord | null>;
  /** null: no such key; a key revoked before stays as it was. */
  revoke(id: string, by: string): Promise<ApiKeyRecord | null>;
}

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');
const row = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  prefix: z.string(),
  created_by: z.string(),
  created_at: timestamp,
  expires_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
  revoked_by: z.string().nullable(),
});
const COLUMNS = 'id, name, scope, prefix, created_by, created_at, expires_at, revoked_at, revoked_by';
const toRecord = (raw: unknown): ApiKeyRecord => {
  const r = parseRow('read an API key', row, raw);
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    prefix: r.prefix,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
};

export function createApiKeyRepository(db: SupabaseClient): ApiKeyRepository {
  return {
    async create(k) {
      const result = await db
        .from('api_keys')
        .insert({
          name: k.name,
          scope: k.scope,
          key_hash: k.keyHash,
          prefix: k.prefix,
          created_by: k.createdBy,
          expires_at: k.expiresAt,
        })
        .select(COLUMNS)
        .single();
      if (result.error?.code === '23505') return null;
      return toRecord(unwrap<unknown>('create an API key', result));
    },
    list: async () =>
      unwrap<unknown[]>('list API keys', await db.from('api_keys').select(COLUMNS).order('created_at')).map(toRecord),
    async byHash(keyHash) {
      const rows = unwrap<unknown[]>(
        'look up an API key',
        await db.from('api_keys').select(COLUMNS).eq('key_hash', keyHash).limit(1),
      );
      return rows[0] === undefined ? null : toRecord(rows[0]);
    },
    async revoke(id, by) {
      const at = new Date().toISOString();
      const updated = unwrap<unknown[]>(
        'revoke an API key',
        await db
          .from('api_keys')
          .update({ revoked_at: at, revoked_by: by })
          .eq('id', id)
          .is('revoked_at', null)
          .select(COLUMNS),
      );
      if (updated[0] !== undefined) return toRecord(updated[0]);
      const rows = unwrap<unknown[]>('read an API key', await db.from('api_keys').select(COLUMNS).eq('id', id));
      return rows[0] === undefined ? null : toRecord(rows[0]);
    },
  };
}

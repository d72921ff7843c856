import { hashApiKey, ISSUED_KEY_PREFIX, keyMatches, newApiKey } from '../../adapters/auth/api-key';
import type { ApiKeyRecord, ApiKeyRepository } from '../../adapters/db/api-key-repository';
import { BOOTSTRAP_PRINCIPAL, type ApiKeyScope, type Principal } from '../../domain/api-scopes';

/**
 * The team's API keys: issued (the key shown once, its hash stored), listed, revoked, and read back
 * from a request. A key found is remembered for a few seconds, so a burst of requests costs one
 * lookup; a revocation through this process forgets it at once (another API process sees it within
 * CACHE_MS).
 */

const CACHE_MS = 5_000;

export interface KeyStore {
  /** Who a presented key is: CRM_API_KEY, a live issued key, or nobody. */
  principalOf(key: string): Promise<Principal | null>;
  issue(
    k: { name: string; scope: ApiKeyScope; expiresAt: string | null },
    by: Principal,
  ): Promise<{ key: string; record: ApiKeyRecord } | null>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, by: Principal): Promise<ApiKeyRecord | null>;
}

export function createKeyStore(repo: ApiKeyRepository, bootstrapKey: string, now: () => number): KeyStore {
  const seen = new Map<string, { at: number; record: ApiKeyRecord | null }>();
  async function lookup(hash: string): Promise<ApiKeyRecord | null> {
    const hit = seen.get(hash);
    if (hit && now() - hit.at < CACHE_MS) return hit.record;
    const record = await repo.byHash(hash);
    if (seen.size > 1_000) seen.clear();
    seen.set(hash, { at: now(), record });
    return record;
  }
  return {
    async principalOf(key) {
      if (keyMatches(key, bootstrapKey)) return BOOTSTRAP_PRINCIPAL;
      if (!key.startsWith(ISSUED_KEY_PREFIX)) return null;
      const record = await lookup(hashApiKey(key));
      if (!record || record.revokedAt !== null || (record.expiresAt !== null && Date.parse(record.expiresAt) <= now()))
        return null;
      return { keyId: record.id, name: record.name, scope: record.scope };
    },
    async issue(k, by) {
      const made = newApiKey();
      const record = await repo.create({
        name: k.name,
        scope: k.scope,
        keyHash: made.hash,
        prefix: made.prefix,
        createdBy: by.name,
        expiresAt: k.expiresAt,
      });
      return record ? { key: made.key, record } : null;
    },
    list: () => repo.list(),
    async revoke(id, by) {
      const record = await repo.revoke(id, by.name);
      seen.clear();
      return record;
    },
  };
}

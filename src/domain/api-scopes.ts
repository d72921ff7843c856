/**
 * What an API key may do. `read` may only look (GET); `write` may do everything a person running
 * outreach does (queue, approve, sync, merge, opt out) but not manage keys, accounts or webhooks,
 * which decide where DMs go out from and where data goes; `admin` may do everything. Keys
 * themselves are `admin` only, even to list: their names and scopes say who can do what.
 */

export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Paths whose changes only an admin key may make (and, for keys, even read). */
const ADMIN_WRITES = ['/api/keys', '/api/accounts', '/api/webhooks'];
const ADMIN_READS = ['/api/keys'];
/** Any key may ask who it is. */
const SELF = '/api/keys/me';

const under = (path: string, prefixes: readonly string[]) =>
  prefixes.some((p) => path === p || path.startsWith(`${p}/`));
const looks = (method: string) => method === 'GET' || method === 'HEAD';

export type ScopeVerdict = { allowed: true } | { allowed: false; needs: ApiKeyScope };

export function scopeAllows(scope: ApiKeyScope, method: string, path: string): ScopeVerdict {
  if (scope === 'admin' || (path === SELF && looks(method))) return { allowed: true };
  if (looks(method)) return under(path, ADMIN_READS) ? { allowed: false, needs: 'admin' } : { allowed: true };
  if (under(path, ADMIN_WRITES)) return { allowed: false, needs: 'admin' };
  return scope === 'write' ? { allowed: true } : { allowed: false, needs: 'write' };
}

/** The key a request was made with, as the records name it (never the secret). */
export interface Principal {
  keyId: string | null;
  name: string;
  scope: ApiKeyScope;
}

/** CRM_API_KEY: the bootstrap admin key from config. */
export const BOOTSTRAP_PRINCIPAL: Principal = { keyId: null, name: 'CRM_API_KEY', scope: 'admin' };

import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { checkAddresses, checkWebhookUrl, type UrlVerdict } from '../../domain/webhook-url';

/**
 * A URL checked against what its host resolves to now (src/domain/webhook-url.ts has the rules).
 * Run when a webhook endpoint or an account's Safari server is saved, and again as it is dialled
 * (checkedLookup): a name may resolve elsewhere by then (DNS rebinding).
 */

export type ResolveHost = (hostname: string) => Promise<string[]>;
export type GuardVerdict = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };
export type AddressCheck = (addresses: readonly string[]) => { ok: true } | { ok: false; reason: string };

export const resolveHost: ResolveHost = async (hostname) =>
  isIP(hostname) ? [hostname] : (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export function guardWebhookUrl(
  raw: string,
  allowPrivate: boolean,
  resolve: ResolveHost = resolveHost,
): Promise<GuardVerdict> {
  return guardResolved(checkWebhookUrl(raw), (addresses) => checkAddresses(addresses, allowPrivate), resolve);
}

/** A URL whose shape passed, judged on every address its host resolves to now. */
export async function guardResolved(
  shape: UrlVerdict,
  check: AddressCheck,
  resolve: ResolveHost = resolveHost,
): Promise<GuardVerdict> {
  if (!shape.ok) return shape;
  let addresses: string[];
  try {
    addresses = await resolve(shape.hostname);
  } catch (err) {
    return {
      ok: false,
      reason: `${shape.hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  const verdict = check(addresses);
  return verdict.ok ? { ok: true, url: shape.url, addresses } : verdict;
}

/**
 * A connection's own name lookup, refusing what `check` refuses, so the address dialled is the one
 * judged. The error carries `refusedByCheck` (retrying cannot help until the URL or the setting changes).
 */
export function checkedLookup(resolve: ResolveHost, check: AddressCheck): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const verdict = check(addresses);
        if (!verdict.ok)
          return callback(
            Object.assign(new Error(`refused to dial ${hostname}: ${verdict.reason}`), { refusedByCheck: true }),
            '',
            4,
          );
        const all = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) return (callback as unknown as (e: null, a: typeof all) => void)(null, all);
        callback(null, all[0]!.address, all[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkAddresses, checkWebhookUrl } from '../../domain/webhook-url';

/**
 * A webhook URL checked against what its host resolves to now (src/domain/webhook-url.ts has the
 * rules). Run when an endpoint is saved and again before each delivery: a name may resolve
 * elsewhere by then (DNS rebinding).
 */

export type ResolveHost = (hostname: string) => Promise<string[]>;
export type GuardVerdict = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

export const resolveHost: ResolveHost = async (hostname) =>
  isIP(hostname) ? [hostname] : (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export async function guardWebhookUrl(raw: string, allowPrivate: boolean, resolve: ResolveHost = resolveHost): Promise<GuardVerdict> {
  const shape = checkWebhookUrl(raw);
  if (!shape.ok) return shape;
  let addresses: string[];
  try {
    addresses = await resolve(shape.hostname);
  } catch (err) {
    return { ok: false, reason: `${shape.hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const verdict = checkAddresses(addresses, allowPrivate);
  return verdict.ok ? { ok: true, url: shape.url, addresses } : verdict;
}

import type { ContactFields } from '../domain/contact-fields';
import { normalizeUsername } from '../domain/contact-fields';
import { optOutByHand } from '../domain/opt-out-changes';
import { upsertScored } from '../app/contacts/contact-scoring';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export function createContactActivities(deps: ActivityDeps) {
  return {
    /** One transaction per batch, then the new contacts' first scores; re-running it is harmless (an unchanged contact writes nothing). */
    async upsertContacts(accountId: string, contacts: ContactFields[]) {
      return coded(async () => {
        const { created, updated, unchanged } = await upsertScored(deps, accountId, contacts, { nowMs: deps.now(), weights: deps.scoreWeights });
        await applyOptOuts(deps, accountId, contacts);
        return { created, updated, unchanged };
      });
    },
  };
}

/**
 * `opted_out` in an import goes the way the API's does (crm_set_opt_out: their waiting DMs
 * cancelled, the event), once per contact whose state it changes; a re-run changes nothing.
 */
async function applyOptOuts(deps: ActivityDeps, accountId: string, contacts: ContactFields[]): Promise<void> {
  const wanted = new Map(contacts.flatMap((c) => (c.optedOut === undefined ? [] : [[normalizeUsername(c.username), c.optedOut] as const])));
  if (wanted.size === 0) return;
  const at = new Date(deps.now()).toISOString();
  const changes = (await deps.scores.byUsernames(accountId, [...wanted.keys()])).map(({ contact: c }) =>
    optOutByHand({ id: c.id, username: c.username, display_name: c.displayName }, wanted.get(c.username!)!, at, 'import'));
  await deps.contacts.setOptOut(accountId, changes);
}

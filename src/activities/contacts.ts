import type { ContactFields } from '../domain/contact-fields';
import { upsertScored } from '../app/contacts/contact-scoring';
import { applyImportedOptOuts } from '../app/contacts/opt-outs';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export function createContactActivities(deps: ActivityDeps) {
  return {
    /** One transaction per batch, then the new contacts' first scores and opt-outs; re-running it is harmless (an unchanged contact writes nothing). */
    async upsertContacts(accountId: string, contacts: ContactFields[]) {
      return coded(async () => {
        const { created, updated, unchanged } = await upsertScored(deps, accountId, contacts, {
          nowMs: deps.now(),
          weights: deps.scoreWeights,
        });
        await applyImportedOptOuts(deps, accountId, contacts);
        return { created, updated, unchanged };
      });
    },
  };
}

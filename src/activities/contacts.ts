import type { ContactFields } from '../domain/contact-fields';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

export function createContactActivities(deps: ActivityDeps) {
  return {
    /** One transaction per batch; re-running it is harmless (an unchanged contact writes nothing). */
    async upsertContacts(accountId: string, contacts: ContactFields[]) {
      return coded(async () => {
        const { created, updated, unchanged } = await deps.contacts.upsertContacts(accountId, contacts);
        return { created, updated, unchanged };
      });
    },
  };
}

import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import { normalizeUsername, type ContactFields } from '../../domain/contact-fields';
import { optOutByHand } from '../../domain/opt-out-changes';

/**
 * `opted_out` in an import goes the way the API's does (crm_set_opt_out: their waiting DMs
 * cancelled, the event), once per contact whose state it changes; a re-run changes nothing.
 */
export async function applyImportedOptOuts(
  ports: {
    contacts: Pick<ContactRepository, 'setOptOut'>;
    scores: Pick<ScoreRepository, 'byUsernames'>;
    now: () => number;
  },
  accountId: string,
  contacts: ContactFields[],
): Promise<void> {
  const wanted = new Map(
    contacts.flatMap((c) => (c.optedOut === undefined ? [] : [[normalizeUsername(c.username), c.optedOut] as const])),
  );
  if (wanted.size === 0) return;
  const at = new Date(ports.now()).toISOString();
  const changes = (await ports.scores.byUsernames(accountId, [...wanted.keys()])).map(({ contact: c }) =>
    optOutByHand(
      { id: c.id, username: c.username, display_name: c.displayName },
      wanted.get(c.username!)!,
      at,
      'import',
    ),
  );
  await ports.contacts.setOptOut(accountId, changes);
}

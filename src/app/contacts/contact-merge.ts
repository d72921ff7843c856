import { mergeContacts, type MergeResult } from '../../adapters/db/contact-merger';
import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { IdentityRepository } from '../../adapters/db/identity-repository';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import type { ScoreWeights } from '../../domain/scoring';
import { Refused } from '../refusal';

/**
 * A person merging two contacts (POST /api/contacts/{id}/merge): both must exist and be two, the
 * merge is the same as a sync's (src/adapters/db/contact-merger.ts), and a refusal says why in the
 * words the caller can act on.
 */

export interface MergePorts {
  contacts: Pick<ContactRepository, 'getContact'>;
  identity: IdentityRepository;
  scores: ScoreRepository;
  config: { scoreWeights: ScoreWeights };
  now: () => number;
}

export async function mergeByHand(
  deps: MergePorts,
  accountId: string,
  absorbedId: string,
  intoId: string,
  o: { key: string; handleChanged: boolean },
) {
  const absorbed = await deps.contacts.getContact(accountId, absorbedId);
  if (!absorbed) throw new Refused('NOT_FOUND', 'Contact not found');
  const survivor = await deps.contacts.getContact(accountId, intoId);
  if (!survivor)
    throw new Refused('NOT_FOUND', 'The contact to merge into was not found', [
      { path: 'into', message: 'no such contact' },
    ]);
  if (survivor.id === absorbed.id) throw new Refused('CONFLICT', 'These are already one contact');
  const ports = { identity: deps.identity, scores: deps.scores, scoreWeights: deps.config.scoreWeights, now: deps.now };
  const result = await mergeContacts(ports, accountId, {
    survivorId: survivor.id,
    absorbedId: absorbed.id,
    evidence: 'user',
    detail: { key: o.key },
    by: 'user',
    handleChanged: o.handleChanged,
  });
  if (!result.merged) throw refusal(result);
  const contact = await deps.contacts.getContact(accountId, survivor.id);
  if (!contact) throw new Refused('CONFLICT', 'The contact changed while merging; try again');
  return { contact, result };
}

function refusal(result: Extract<MergeResult, { merged: false }>): Refused {
  switch (result.reason) {
    case 'not_found':
      return new Refused('NOT_FOUND', 'Contact not found');
    case 'handles_differ':
      return new Refused(
        'CONFLICT',
        `@${result.absorbedHandle} and @${result.survivorHandle} are two different handles: merging them would send one account's DMs to another. ` +
          'If this person changed handle, send "handleChanged": true (their waiting DMs to the old handle are then cancelled)',
        { reason: 'HANDLES_DIFFER', handle: result.absorbedHandle, intoHandle: result.survivorHandle },
      );
    case 'sending':
      return new Refused(
        'CONFLICT',
        'A DM to one of these contacts is being sent right now; merge them once it has gone out',
        { reason: 'DM_SENDING', itemIds: result.itemIds },
      );
    default:
      return new Refused(
        'CONFLICT',
        'The contacts changed while merging (a sync was writing their messages, or a DM moved on); try again',
        { reason: 'CHANGED' },
      );
  }
}

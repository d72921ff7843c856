import { optOutByHand } from '../../domain/opt-out-changes';
import type { Contact } from '../../domain/types';
import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import type { ScoreWeights } from '../../domain/scoring';
import { recordScores, RECENT_MESSAGES } from './contact-scoring';

export interface SavePorts {
  contacts: Pick<ContactRepository, 'getScored' | 'setOptOut' | 'messagesOf' | 'getContact'>;
  scores: Pick<ScoreRepository, 'record'>;
  config: { scoreWeights: ScoreWeights };
  now: () => number;
}

/**
 * What POST /api/contacts and PATCH /api/contacts/{id} do after writing the given fields: opt the
 * contact out or back in when `opted_out` was given — the same path as an opt-out by message
 * (crm_set_opt_out: every waiting DM cancelled, the event, only when the state changes) — then
 * score it as saved, and answer the contact as it is now.
 */
export async function finishSave(
  deps: SavePorts,
  accountId: string,
  contactId: string,
  o: { created: boolean; optedOut: boolean | undefined; requestId: string; key: string },
): Promise<Contact | null> {
  const row = await deps.contacts.getScored(accountId, contactId);
  if (!row) return null;
  let opted = false;
  if (o.optedOut !== undefined) {
    const c = row.contact;
    const change = optOutByHand(
      { id: c.id, username: c.username, display_name: c.displayName },
      o.optedOut,
      new Date(deps.now()).toISOString(),
      'api',
      o.requestId,
      o.key,
    );
    opted = (await deps.contacts.setOptOut(accountId, [change]))[0]?.changed ?? false;
  }
  // Resonance depends on messages only: reuse the stored one; read messages only if never scored.
  const messages = o.created
    ? []
    : row.stored.resonance === null
      ? (await deps.contacts.messagesOf(accountId, contactId, RECENT_MESSAGES)).messages
      : undefined;
  const { written } = await recordScores(deps, accountId, [{ ...row, messages }], 'contact_saved', deps.now());
  return (written || opted ? await deps.contacts.getContact(accountId, contactId) : null) ?? row.contact;
}

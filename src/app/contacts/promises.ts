import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { PromiseRepository, PromiseWritten } from '../../adapters/db/promise-repository';
import type { ScoringRow } from '../../adapters/db/score-repository';
import { keepDecision, withPromiseKept, withPromiseMade, type ContactPromise } from '../../domain/promises';
import { staleScores } from '../../domain/rescoring';
import type { ScoreWeights } from '../../domain/scoring';
import type { Contact } from '../../domain/types';
import { Refused } from '../refusal';
import { RECENT_MESSAGES } from './contact-scoring';

/**
 * Promises made to a contact and kept. Each write moves the contact's counter and its score in one
 * transaction (crm_record_promise): the score is computed here from the contact as read with the
 * counter moved, and written only if the contact is still as read; if it changed meanwhile, it is
 * read again and the score computed again, a few times at most.
 */

/** Reads of a contact that keeps changing under a write before the write gives up (409). */
export const PROMISE_WRITE_ATTEMPTS = 4;

export interface PromisePorts {
  contacts: Pick<ContactRepository, 'getScored' | 'messagesOf' | 'getContact'>;
  promises: PromiseRepository;
  config: { scoreWeights: ScoreWeights };
  now: () => number;
}

export interface PromiseAnswer {
  promise: ContactPromise;
  contact: Contact;
  /** False when the promise was kept before: nothing was written. */
  changed: boolean;
  scoreChanged: boolean;
}

const notFound = (what: string) => new Refused('NOT_FOUND', `${what} not found`);

async function contactOf(deps: PromisePorts, accountId: string, idOrUsername: string): Promise<ScoringRow> {
  const row = await deps.contacts.getScored(accountId, idOrUsername);
  if (!row) throw notFound('Contact');
  return row;
}

/** The new score's update (none when it did not move), from the contact as it will be. */
async function scoresFor(deps: PromisePorts, accountId: string, row: ScoringRow, after: Contact) {
  // Resonance depends on messages only: reuse the stored one; read messages only if never scored.
  const messages =
    row.stored.resonance === null
      ? (await deps.contacts.messagesOf(accountId, row.contact.id, RECENT_MESSAGES)).messages
      : undefined;
  return staleScores([{ contact: after, stored: row.stored, messages }], deps.now(), deps.config.scoreWeights);
}

/** Repeats `attempt` while the contact changed under it (a bounded number of times). */
async function untilApplied(attempt: () => Promise<PromiseAnswer | 'changed'>): Promise<PromiseAnswer> {
  for (let i = 0; i < PROMISE_WRITE_ATTEMPTS; i += 1) {
    const r = await attempt();
    if (r !== 'changed') return r;
  }
  throw new Refused('CONFLICT', `The contact changed ${PROMISE_WRITE_ATTEMPTS} times while writing; try again`);
}

/** The write's answer: the promise and the contact as it is now, or 'changed' to read it again. */
async function answer(
  deps: PromisePorts,
  accountId: string,
  contactId: string,
  r: PromiseWritten,
): Promise<PromiseAnswer | 'changed'> {
  if (r.status === 'changed') return 'changed';
  const contact = r.status === 'applied' ? await deps.contacts.getContact(accountId, contactId) : null;
  if (r.status !== 'applied' || !contact) throw notFound('Contact');
  return { promise: r.promise, contact, changed: true, scoreChanged: r.scoreChanged > 0 };
}

export function makePromise(
  deps: PromisePorts,
  accountId: string,
  idOrUsername: string,
  input: { text: string; due: string | null },
): Promise<PromiseAnswer> {
  return untilApplied(async () => {
    const row = await contactOf(deps, accountId, idOrUsername);
    const scores = await scoresFor(deps, accountId, row, withPromiseMade(row.contact));
    const madeAt = new Date(deps.now()).toISOString();
    const w = { contactId: row.contact.id, expectedAt: row.contact.updatedAt, scores, reason: 'promise_made' };
    return answer(deps, accountId, row.contact.id, await deps.promises.make(accountId, { ...w, ...input, madeAt }));
  });
}

/** Keeps a promise; one kept before is answered as it is (changed: false), so a retry is harmless. */
export function keepPromise(
  deps: PromisePorts,
  accountId: string,
  idOrUsername: string,
  promiseId: string,
): Promise<PromiseAnswer> {
  return untilApplied(async () => {
    const row = await contactOf(deps, accountId, idOrUsername);
    const promise = await deps.promises.get(accountId, row.contact.id, promiseId);
    if (!promise) throw notFound('Promise');
    if (keepDecision(promise) === 'already_kept')
      return { promise, contact: row.contact, changed: false, scoreChanged: false };
    const scores = await scoresFor(deps, accountId, row, withPromiseKept(row.contact));
    const keptAt = new Date(deps.now()).toISOString();
    const w = { contactId: row.contact.id, expectedAt: row.contact.updatedAt, scores, reason: 'promise_kept' };
    return answer(deps, accountId, row.contact.id, await deps.promises.keep(accountId, { ...w, promiseId, keptAt }));
  });
}

export async function listPromises(
  deps: Pick<PromisePorts, 'contacts' | 'promises'>,
  accountId: string,
  idOrUsername: string,
): Promise<{ contact: Contact; promises: ContactPromise[] }> {
  const contact = await deps.contacts.getContact(accountId, idOrUsername);
  if (!contact) throw notFound('Contact');
  return { contact, promises: await deps.promises.list(accountId, contact.id) };
}

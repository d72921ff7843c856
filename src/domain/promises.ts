import type { Contact } from './types';

/**
 * Promises we make to a contact ("I'll send you the checklist by Friday") and keep. Made and kept
 * counts feed the reliability score component (kept ÷ made; nothing promised yet → 50), so making
 * a promise lowers the score until it is kept: a promise is a debt.
 */

export const PROMISE_TEXT_MAX = 500;

export interface ContactPromise {
  id: string;
  contactId: string;
  text: string;
  /** A calendar date (YYYY-MM-DD), or null when none was given. */
  due: string | null;
  madeAt: string;
  /** When it was kept; null while open. Keeping it again changes nothing. */
  keptAt: string | null;
}

/** The contact as it is once one more promise is made: what its new score is computed from. */
export const withPromiseMade = (c: Contact): Contact => ({ ...c, promisesMade: c.promisesMade + 1 });

/** The contact as it is once one more promise is kept. */
export const withPromiseKept = (c: Contact): Contact => ({ ...c, promisesKept: c.promisesKept + 1 });

/**
 * What keeping a promise does: an open one is kept now; one kept before stays as it was (its first
 * kept_at, no count, no event), so a repeated request is harmless.
 */
export const keepDecision = (p: Pick<ContactPromise, 'keptAt'>): 'keep' | 'already_kept' =>
  p.keptAt === null ? 'keep' : 'already_kept';

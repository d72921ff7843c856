import type { DmProblem } from './outreach/dm-compose';

/**
 * A use case saying no: the request cannot be done as asked (a 4xx), or a dependency it needs is
 * not there (a 503 naming it). The API answers it with its code in the one error envelope; the
 * code is one of the API's codes, so the answer is the same whoever refuses.
 */

export type RefusalCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'OPTED_OUT'
  | 'VALIDATION_FAILED'
  | 'MEDIAPOSTER_NOT_CONFIGURED'
  | 'MEDIAPOSTER_UNAVAILABLE';

export class Refused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'Refused';
  }
}

/** A DM problem as a refusal: the right code, the problem's own code in details. */
export function dmRefused(p: DmProblem, path?: string): Refused {
  const details = { reason: p.code, ...(path ? { path } : {}), ...(p.details ? { detail: p.details } : {}) };
  switch (p.code) {
    case 'CONTACT_NOT_FOUND':
    case 'VIDEO_NOT_FOUND':
    case 'TEMPLATE_NOT_FOUND':
      return new Refused('NOT_FOUND', p.message, details);
    case 'OPTED_OUT':
      return new Refused('OPTED_OUT', p.message, details);
    case 'NO_HANDLE':
    case 'VIDEO_NOT_PUBLISHED':
      return new Refused('CONFLICT', p.message, details);
    default:
      return new Refused('VALIDATION_FAILED', p.message, details);
  }
}

/**
 * A use case that cannot go on, with a string code and whether trying again could help — the shape
 * the activities' failure conversion reads (src/activities/failures.ts: the code becomes the
 * ApplicationFailure's type, `retryable: false` makes it non-retryable, details travel with it),
 * so app/ needs no Temporal.
 */
export class UseCaseFailure extends Error {
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    readonly code: string,
    message: string,
    opts: { retryable?: boolean; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'UseCaseFailure';
    this.retryable = opts.retryable ?? false;
    this.details = opts.details;
  }
}

import type { SimInbox } from './inbox-generator';

/**
 * Gives `pairs` pairs of threads one display name, for tests of identity by name: threads 0 and 1,
 * 2 and 3, … (generation order, not listing order), the second copying the first. The person record
 * changes too, so the profile route answers the shared name. Runs before the inbox copies the data.
 */
export function shareDisplayNames(data: SimInbox, pairs: number): void {
  if (!Number.isInteger(pairs) || pairs < 0 || pairs * 2 > data.threads.length) {
    throw new RangeError(
      `sharedDisplayNames must be a whole number from 0 to ${Math.floor(data.threads.length / 2)}, got ${pairs}`,
    );
  }
  for (let i = 0; i < pairs; i++) {
    const [first, second] = [data.threads[2 * i]!, data.threads[2 * i + 1]!];
    second.displayName = first.displayName;
    const person = data.people.find((p) => p.username === second.username);
    if (person) person.displayName = first.displayName;
  }
}

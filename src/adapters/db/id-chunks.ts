/**
 * Ids per `.in()` filter. They travel in the request's URL: 150 uuids are about 5.5 kB, under the
 * 8 kB request line nginx allows by default in front of a data API.
 */
export const IDS_PER_URL = 150;

/** `ids` in order, cut into requests of at most `size`. */
export function idChunks<T>(ids: readonly T[], size = IDS_PER_URL): T[][] {
  return Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
}

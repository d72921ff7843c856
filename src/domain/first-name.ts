/**
 * `{{first_name}}`: the first word of a display name that reads as a person's name, or null so the
 * template's `{{first_name|fallback}}` applies. A wrong name is worse than "there": a handle
 * ("Hi amara.codes!"), a brand ("Hi NIKE!") or a business ("Hi The!") is never a first name, so
 * anything unsure is null. Only Latin-script names are taken: a name in a script without spaces
 * between given and family name (王伟) has no first word we could pick.
 */

/** Words that mark an account as a business, not a person ("The Gym Co", "Glow Studio"). */
const BUSINESS_WORDS = new Set([
  'co',
  'inc',
  'llc',
  'ltd',
  'gmbh',
  'studio',
  'studios',
  'shop',
  'official',
  'team',
  'agency',
  'media',
]);

/** First words that are titles or articles, never a given name ("Dr Ana Silva", "The Daily Grind"). */
const NOT_A_FIRST_WORD = new Set(['the', 'dr', 'mr', 'mrs', 'ms', 'mx', 'prof', 'coach', 'chef', 'dj']);

// Emoji, flags, symbols and the joiners between them: decoration around a name, not part of it.
const DECORATION = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{S}|\u200d|\ufe0e|\ufe0f|\u20e3/gu;
// A handle's marks: a first word with them is a handle or a brand ("amara.codes", "sam_92").
const HANDLE_MARKS = /[\p{N}._@]/u;
// A given name: Latin letters (accents included), with inner apostrophes or hyphens (D'Angelo, Jean-Luc).
const GIVEN_NAME = /^\p{Script=Latin}[\p{Script=Latin}\p{M}]*(?:['’-]\p{Script=Latin}[\p{Script=Latin}\p{M}]*)*$/u;
const LETTER = /\p{Script=Latin}/gu;

export function firstNameOf(
  displayName: string | null | undefined,
  username: string | null | undefined,
): string | null {
  const raw = displayName?.normalize('NFC').trim() ?? '';
  const handle = username?.trim().toLowerCase().replace(/^@/, '');
  if (!raw || (handle && raw.toLowerCase().replace(/^@/, '') === handle)) return null;
  const words = raw.replace(DECORATION, ' ').split(/\s+/).filter(Boolean);
  if (words.some((w) => BUSINESS_WORDS.has(w.toLowerCase().replace(/[^\p{L}]/gu, '')))) return null;
  // Only the first word must not look like a handle: "Ana Silva | ana.codes" is still Ana.
  if (words.length === 0 || HANDLE_MARKS.test(words[0]!)) return null;
  const first = words[0]!.replace(/[,;:!?]+$/u, '');
  if (!GIVEN_NAME.test(first) || NOT_A_FIRST_WORD.has(first.toLowerCase())) return null;
  const letters = first.match(LETTER)?.length ?? 0;
  if (letters < 2 || letters > 20) return null;
  // All capitals reads as a brand or an acronym ("NIKE", "JD"); a person would rather be "Nike".
  if (first === first.toUpperCase()) return null;
  return first === first.toLowerCase() ? capitalise(first) : first;
}

/** "mateo" → "Mateo", "jean-luc" → "Jean-Luc": each part after a hyphen is a name of its own. */
function capitalise(name: string): string {
  return name.replace(/(^|-)(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}

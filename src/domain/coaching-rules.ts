/**
 * The coaching rule set (crm-engines.md §3.3): regexes over what the creator sent, grouped in five
 * categories. Field names follow the domain's camelCase; a repository maps `coaching_rules` rows onto them.
 */

export const COACHING_CATEGORIES = ['curiosity', 'value', 'permission', 'personalization', 'pacing'] as const;
export type CoachingCategory = (typeof COACHING_CATEGORIES)[number];

export interface CoachingRule {
  id: string;
  category: CoachingCategory;
  name: string;
  /**
   * Case-insensitive regex source; a match is a strength, no match an improvement. It runs over
   * everything the creator sent (up to 500 × 10,000 characters through the API), so it must run in
   * linear time: no scan that restarts at every position ((a|b).+x), no nested quantifiers; and
   * no `+`, `{n,}` or group repeated the length of a text, which can overflow V8's backtrack stack
   * (such a rule is then left out of the result and named in `skippedRules`).
   */
  positivePattern?: string;
  /** Case-insensitive regex source; a match is an improvement. */
  negativePattern?: string;
  /** The rule's share within its category; 0 (or less) switches the rule off. */
  weight: number;
  feedbackIfPresent?: string;
  feedbackIfMissing?: string;
  /**
   * 'conversation' (default) tests all outbound texts joined together; 'message' tests each outbound
   * message on its own and fires when any one matches. Length rules need 'message': on the joined text
   * every long conversation looks like one wall of text.
   */
  scope?: 'conversation' | 'message';
}

/** The categories' shares of the overall score (they sum to 1). */
export const CATEGORY_WEIGHTS: Readonly<Record<CoachingCategory, number>> = Object.freeze({
  curiosity: 0.2,
  value: 0.25,
  permission: 0.25,
  personalization: 0.15,
  pacing: 0.15,
});

/** What `.` does not match: the defaults' patterns stop there, as crm-core's did. */
const LINE_END = '\\n\\r\\u2028\\u2029';

// The defaults all weigh 1, so their category scores equal crm-core's plain means, the numbers users
// know; the weights start to matter when a team adds or re-weights rules.
export const DEFAULT_COACHING_RULES: readonly CoachingRule[] = Object.freeze([
  {
    id: 'curiosity_open_questions',
    category: 'curiosity',
    name: 'Open-ended questions',
    // crm-core's `(what|how|why|tell me).+\?`, read backwards from each line's last "?": the same
    // matches, but one pass over the text. crm-core's form starts a scan to the line's end at every
    // question word, quadratic on a long line of them without a "?" (25 × 10,000 characters of
    // "how " took 13 s of the API's event loop). `.*.`, not `.+`: V8 compiles a `+` without its
    // optimizations once a process has made a lot of regex code, and then every character `+`
    // passes costs 16 bytes of its 64 MB backtrack stack, which a 5,000,000-character line overflows
    // (a RangeError); a `*` of one character keeps one entry however far it goes.
    positivePattern: `\\?(?=[^?${LINE_END}]*(?:[${LINE_END}]|$))(?<=(?:what|how|why|tell me).*.\\?)`,
    weight: 1,
    feedbackIfPresent: 'Asks open-ended questions',
    feedbackIfMissing: 'Ask open-ended questions (what, how, why) to learn about them',
  },
  {
    id: 'curiosity_follow_up',
    category: 'curiosity',
    name: 'Follow-up interest',
    positivePattern: '(more about|tell me more|curious|interested)',
    weight: 1,
    feedbackIfPresent: 'Shows curiosity about what they share',
    feedbackIfMissing: 'Follow up on what they share - ask them to tell you more',
  },
  {
    id: 'value_offer_help',
    category: 'value',
    name: 'Offers help',
    positivePattern: '(help|assist|support|resource|template|guide)',
    weight: 1,
    feedbackIfPresent: 'Offers help and resources',
    feedbackIfMissing: 'Offer something useful, like a resource, template or guide',
  },
  {
    id: 'value_share_insight',
    category: 'value',
    name: 'Shares insight',
    positivePattern: '(found|discovered|learned|tip|insight|idea)',
    weight: 1,
    feedbackIfPresent: 'Shares insights and ideas',
    feedbackIfMissing: "Share a tip or an insight you've learned",
  },
  {
    id: 'permission_ask_before',
    category: 'permission',
    name: 'Asks before offering',
    positivePattern: '(would you like|want me to|interested in|okay if)',
    weight: 1,
    feedbackIfPresent: 'Asks permission before offering',
    feedbackIfMissing: 'Ask before offering ("would you like...", "want me to...")',
  },
  {
    id: 'permission_no_pushy',
    category: 'permission',
    name: 'No pushy language',
    negativePattern: '(you should|you need to|you must|buy now|limited time)',
    weight: 1,
    feedbackIfPresent: 'Avoid pushy language like "you should", "you need to" or "buy now"',
  },
  {
    id: 'personalization_name',
    category: 'personalization',
    name: 'References their specifics',
    // crm-core's `your \w+`: one letter after "your" says the same, without a `+` (a backtrack
    // entry per letter when V8 compiles it unoptimized; see the open-questions rule).
    positivePattern: '(you mentioned|earlier you said|your \\w|noticed you)',
    weight: 1,
    feedbackIfPresent: 'Refers to their own situation',
    feedbackIfMissing: 'Mention something specific they told you',
  },
  {
    id: 'personalization_remember',
    category: 'personalization',
    name: 'Remembers past conversations',
    positivePattern: '(remember|last time|when you|your project)',
    weight: 1,
    feedbackIfPresent: 'Remembers earlier conversations',
  },
  {
    id: 'pacing_no_walls',
    category: 'pacing',
    name: 'No walls of text',
    // [\s\S]: a message broken into paragraphs is still a wall of text. Anchored: unanchored, every
    // start of a 799-character message would count to its end (half a second for 500 of them).
    negativePattern: '^[\\s\\S]{800}',
    weight: 1,
    feedbackIfPresent: 'Break up very long messages - walls of text get skimmed',
    scope: 'message',
  },
]);

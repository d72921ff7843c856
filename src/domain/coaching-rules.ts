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
  /** Case-insensitive regex source; a match is a strength, no match an improvement. */
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

// The defaults all weigh 1, so their category scores equal crm-core's plain means, the numbers users
// know; the weights start to matter when a team adds or re-weights rules.
export const DEFAULT_COACHING_RULES: readonly CoachingRule[] = Object.freeze([
  {
    id: 'curiosity_open_questions',
    category: 'curiosity',
    name: 'Open-ended questions',
    positivePattern: '(what|how|why|tell me).+\\?',
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
    positivePattern: '(you mentioned|earlier you said|your \\w+|noticed you)',
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
    // [\s\S]: a message broken into paragraphs is still a wall of text.
    negativePattern: '[\\s\\S]{800,}',
    weight: 1,
    feedbackIfPresent: 'Break up very long messages - walls of text get skimmed',
    scope: 'message',
  },
]);

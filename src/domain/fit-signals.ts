import type { Message } from './types';

/**
 * Fit signals (crm-engines.md §3.4): keywords in what the contact wrote that suggest one of the
 * creator's products would help. The first config (in the given order) with enough distinct keywords wins.
 */

export interface FitSignalConfig {
  id: string;
  product: string;
  /** Matched case-insensitively at the start of a word: "automat" finds "automation", "ai" does not find "said". */
  signalKeywords: string[];
  /** How many distinct keywords must appear; at least 1. */
  minMatches: number;
  /** The offer to suggest; may use `___` for what they are building. */
  offerTemplate: string;
}

export interface FitOpportunity {
  configId: string;
  product: string;
  /** The keywords found (trimmed, lower-cased, each once), in the config's order. */
  matches: string[];
  offerTemplate: string;
}

export const DEFAULT_FIT_CONFIGS: readonly FitSignalConfig[] = Object.freeze(
  [
    {
      id: 'dm-automation',
      product: 'DM automation setup',
      signalKeywords: ['automat', 'dms', 'inbox', 'manually', 'repetitive', 'workflow', 'replying'],
      minMatches: 2,
      offerTemplate:
        'i set up simple automations for exactly that — want me to show you how it could work for ___? no pressure.',
    },
    {
      id: 'content-system',
      product: 'content system session',
      signalKeywords: ['content', 'posting', 'consistent', 'ideas', 'reels', 'burnout', 'calendar'],
      minMatches: 2,
      offerTemplate:
        'sounds like content is the bottleneck — want me to walk you through the system i use? no pressure.',
    },
    {
      id: 'client-growth',
      product: '1:1 growth coaching',
      signalKeywords: ['clients', 'pricing', 'offer', 'leads', 'sales', 'revenue', 'scale'],
      minMatches: 2,
      offerTemplate: 'this is exactly what i help people with 1:1 — want me to share how it works? no pressure.',
    },
  ].map((c) => Object.freeze(c)),
);

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;
// A keyword must start a word. Not \b: JavaScript's \b knows only ASCII letters, so it would see a word
// start after "é". Keywords are text, not regexes: their special characters are escaped.
const keywordPattern = (keyword: string) =>
  new RegExp(`(?:^|[^\\p{L}\\p{N}_])${keyword.replace(REGEX_SPECIAL, '\\$&')}`, 'iu');

/** Inbound text only: what the creator wrote says nothing about the contact's needs. */
export function detectFitOpportunity(
  messages: readonly Message[],
  configs: readonly FitSignalConfig[] = DEFAULT_FIT_CONFIGS,
): FitOpportunity | null {
  const inbound = messages
    .filter((m) => !m.isOutbound)
    .map((m) => m.text)
    .join('\n');
  if (inbound.length === 0) return null;
  for (const config of configs) {
    const keywords = [...new Set(config.signalKeywords.map((k) => k.trim().toLowerCase()))].filter((k) => k !== '');
    const matches = keywords.filter((k) => keywordPattern(k).test(inbound));
    if (matches.length > 0 && matches.length >= config.minMatches) {
      return { configId: config.id, product: config.product, matches, offerTemplate: config.offerTemplate };
    }
  }
  return null;
}

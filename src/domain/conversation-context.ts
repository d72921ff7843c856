import type { Message } from './types';
import { daysBetween, parseTimestamp } from './score-math';

/**
 * Reads where a conversation stands (crm-engines.md §3.4): the mood and subject of the contact's last
 * message, whether it is our turn, and how long ago anyone wrote.
 */

export type Sentiment = 'positive' | 'negative' | 'neutral' | 'curious';
export type Topic = 'content' | 'growth' | 'automation' | 'business' | 'productivity' | 'general';

export interface ConversationContext {
  sentiment: Sentiment;
  topic: Topic;
  /** The last message is theirs, or nobody has written yet. */
  needsResponse: boolean;
  /** Whole days since the last message; 999 when no date is known. */
  lastMessageDaysAgo: number;
}

export interface ContextOptions {
  nowMs: number;
  /** The contact's own last-message time, used when the messages carry no timestamp (Instagram rarely shows one). */
  lastMessageAt?: string | null;
}

export const UNKNOWN_DAYS_AGO = 999;

// crm-core's words, first match wins, but matched as words: its substrings read "hardware" as negative,
// "happy" as an app (automation) and "sometimes" as time (productivity). A stem ending in \w* keeps its family.
const SENTIMENTS: readonly (readonly [Exclude<Sentiment, 'neutral'>, RegExp])[] = [
  ['positive', /\b(?:thanks|thank you|awesome|great|love[ds]?|loving|amazing|perfect|excited)\b/i],
  ['negative', /\b(?:frustrat\w*|stuck|struggl\w*|hard|difficult|problems?|annoy\w*)\b/i],
  ['curious', /\?/],
];

const TOPICS: readonly (readonly [Exclude<Topic, 'general'>, RegExp])[] = [
  ['content', /\b(?:content|posts?|posting|posted|videos?|reels?|stor(?:y|ies)|instagram|tiktok)\b/i],
  ['growth', /\b(?:follow\w*|grow\w*|engagement|reach|audiences?)\b/i],
  ['automation', /\b(?:automat\w*|systems?|tools?|apps?|software|workflows?)\b/i],
  ['business', /\b(?:money|revenue|sales?|clients?|customers?|business\w*)\b/i],
  ['productivity', /\b(?:time|busy|overwhelm\w*|schedul\w*|productiv\w*)\b/i],
];

export function detectSentiment(text: string): Sentiment {
  for (const [sentiment, pattern] of SENTIMENTS) if (pattern.test(text)) return sentiment;
  return 'neutral';
}

export function detectTopic(text: string): Topic {
  for (const [topic, pattern] of TOPICS) if (pattern.test(text)) return topic;
  return 'general';
}

export function analyzeConversationContext(messages: readonly Message[], options: ContextOptions): ConversationContext {
  const last = latest(messages, () => true);
  const lastInbound = latest(messages, (m) => !m.isOutbound);
  const lastMessageDaysAgo = daysAgo(last?.sentAt ?? null, options);
  if (!last) return { sentiment: 'neutral', topic: 'general', needsResponse: true, lastMessageDaysAgo };
  if (!lastInbound) return { sentiment: 'neutral', topic: 'general', needsResponse: false, lastMessageDaysAgo };
  return {
    sentiment: detectSentiment(lastInbound.text),
    topic: detectTopic(lastInbound.text),
    needsResponse: !last.isOutbound,
    lastMessageDaysAgo,
  };
}

/** The matching message with the highest thread position, whatever order the array came in. */
function latest(messages: readonly Message[], match: (m: Message) => boolean): Message | undefined {
  let found: Message | undefined;
  for (const m of messages) if (match(m) && (!found || m.position > found.position)) found = m;
  return found;
}

/** From the last message's own time, else the contact's last-message time; a future date counts as today. */
function daysAgo(sentAt: string | null, { nowMs, lastMessageAt }: ContextOptions): number {
  const ms = parseTimestamp(sentAt) ?? parseTimestamp(lastMessageAt);
  return ms === null ? UNKNOWN_DAYS_AGO : Math.max(0, daysBetween(ms, nowMs));
}

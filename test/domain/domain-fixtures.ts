import type { Contact, Message } from '../../src/domain/types';

/** Shared builders for the domain tests: a blank contact, messages, and a fixed clock. */

export const NOW = Date.UTC(2025, 0, 31, 12, 0, 0);
const DAY = 86_400_000;

/** An ISO timestamp `days` (fractional allowed) before NOW; negative means in the future. */
export const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString();

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'c1',
    accountId: 'a1',
    username: 'maker',
    displayName: 'Sarah Maker',
    threadId: null,
    relationshipScore: null,
    pipelineStage: 'first_touch',
    whatTheyreBuilding: null,
    currentFriction: null,
    theirDefinitionOfWin: null,
    asksOpinion: false,
    sharesUpdates: false,
    hasReferredOthers: false,
    fitSignals: [],
    tags: [],
    notes: null,
    valueDeliveredCount: 0,
    promisesKept: 0,
    promisesMade: 0,
    optedOut: false,
    optedOutAt: null,
    optedOutReason: null,
    optedOutMessageId: null,
    optedOutBy: null,
    optedInAt: null,
    totalMessagesSent: 0,
    totalMessagesReceived: 0,
    lastMessageAt: null,
    lastIntent: null,
    lastRepliedAt: null,
    learnedFields: {},
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Builds a thread from [direction, text] pairs, oldest first. */
export function thread(...entries: (readonly ['in' | 'out', string])[]): Message[] {
  return entries.map(([direction, text], i) => message(i, direction, text));
}

export function message(
  position: number,
  direction: 'in' | 'out',
  text: string,
  sentAt: string | null = null,
): Message {
  return { position, text, isOutbound: direction === 'out', messageType: 'text', sentByAutomation: false, sentAt };
}

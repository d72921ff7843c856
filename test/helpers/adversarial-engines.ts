import { matchContact, videoInterest } from '../../src/domain/audience-terms';
import { analyzeConversation } from '../../src/domain/coaching';
import { suggestReplies } from '../../src/domain/copilot';
import { fitReason } from '../../src/domain/fit-reason';
import { detectFitOpportunity } from '../../src/domain/fit-signals';
import { classifyIntent } from '../../src/domain/intents';
import { learnFromMessage } from '../../src/domain/learned-facts';
import { asksToStop } from '../../src/domain/opt-out';
import { compileKeywords, findKeyword } from '../../src/domain/keyword-match';
import { renderTemplate } from '../../src/domain/templating';
import type { AudienceCandidate } from '../../src/domain/audience-terms';
import {
  AUDIENCE_UNITS,
  COACHING_UNITS,
  CONVERSATION_UNITS,
  INTENT_UNITS,
  LEARN_UNITS,
  LIMITS,
  messages,
  OPT_OUT_UNITS,
  REASON_UNITS,
  TEMPLATE_UNITS,
} from './adversarial';
import { contact, NOW } from '../domain/domain-fixtures';

/**
 * Each engine that runs regular expressions over user text, at the largest input the API lets reach
 * it, as a function of the text to fill it with: `npm run bench -- inputs` times them, and
 * test/domain/regex-stack.test.ts runs them where V8 compiles regexes without its optimizations.
 */

const L = LIMITS.messageText;

export type Text = (length: number) => string;
const interest = videoInterest({ keywords: ['automation', 'content strategy'], topics: [] });
const candidate = (t: Text): AudienceCandidate => ({
  id: 'c1',
  username: 'maker',
  displayName: t(200),
  pipelineStage: 'first_touch',
  relationshipScore: 50,
  whatTheyreBuilding: t(LIMITS.contactField),
  currentFriction: t(LIMITS.contactField),
  theirDefinitionOfWin: t(LIMITS.contactField),
  fitSignals: Array(LIMITS.labels).fill(t(LIMITS.label)),
  tags: Array(LIMITS.labels).fill(t(LIMITS.label)),
  optedOut: false,
  recentInbound: Array(LIMITS.recentInbound).fill(t(L)),
  lastContactedAt: null,
});

// Keywords sharing first words, so every word of the text has candidates to compare.
const KEYWORDS = compileKeywords(
  Array.from(
    { length: 20 },
    (_, i) => ['stop', 'please', 'me', 'the', 'ha'].slice(0, 1 + (i % 5)).join(' ') + ` k${i}`,
  ),
);

export const ENGINES: { name: string; units: string[]; run: (t: Text) => unknown }[] = [
  {
    name: 'coaching: 500 messages × 10,000 characters',
    units: COACHING_UNITS,
    run: (t) => analyzeConversation({ messages: messages(LIMITS.coachingMessages, t(L), 'out') }),
  },
  {
    name: 'copilot: 50 stored messages × 10,000, fields of 2,000',
    units: CONVERSATION_UNITS,
    run: (t) =>
      suggestReplies({
        contact: contact({ whatTheyreBuilding: t(LIMITS.contactField), currentFriction: t(LIMITS.contactField) }),
        messages: messages(LIMITS.storedMessages, t(L), 'in'),
        nowMs: NOW,
      }),
  },
  {
    name: 'fit signals: 50 messages × 10,000',
    units: CONVERSATION_UNITS,
    run: (t) => detectFitOpportunity(messages(LIMITS.storedMessages, t(L), 'in')),
  },
  {
    name: 'audience match: fields of 2,000, 50 labels, 5 messages × 10,000',
    units: AUDIENCE_UNITS,
    run: (t) => matchContact(interest, candidate(t)),
  },
  {
    name: 'DM reason: a field and a term of 2,000',
    units: REASON_UNITS,
    run: (t) =>
      fitReason({
        candidate: { whatTheyreBuilding: `a ${t(LIMITS.contactField - 4)} b` } as AudienceCandidate,
        reasons: [{ source: 'building', term: t(LIMITS.contactField), points: 40 }],
      }),
  },
  {
    name: 'templating: a template of 2,000',
    units: TEMPLATE_UNITS,
    run: (t) => renderTemplate(t(LIMITS.template), { a: 'x', name: 'Maya' }),
  },
  { name: 'opt-out rule: a message of 10,000', units: OPT_OUT_UNITS, run: (t) => asksToStop(t(L)) },
  { name: 'intent classifier: a message of 10,000', units: INTENT_UNITS, run: (t) => classifyIntent(t(L)) },
  { name: 'learned facts: a message of 10,000', units: LEARN_UNITS, run: (t) => learnFromMessage(t(L)) },
  {
    name: 'keyword replies: a message of 10,000, 20 keywords of up to 5 words',
    units: OPT_OUT_UNITS,
    run: (t) => findKeyword(KEYWORDS, t(L)),
  },
];

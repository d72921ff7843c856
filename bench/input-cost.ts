import { matchContact, videoInterest } from '../src/domain/audience-terms';
import { analyzeConversation } from '../src/domain/coaching';
import { suggestReplies } from '../src/domain/copilot';
import { fitReason } from '../src/domain/fit-reason';
import { detectFitOpportunity } from '../src/domain/fit-signals';
import { classifyIntent } from '../src/domain/intents';
import { learnFromMessage } from '../src/domain/learned-facts';
import { asksToStop } from '../src/domain/opt-out';
import { compileKeywords, findKeyword } from '../src/domain/keyword-match';
import { renderTemplate } from '../src/domain/templating';
import type { AudienceCandidate } from '../src/domain/audience-terms';
import {
  AUDIENCE_UNITS,
  COACHING_UNITS,
  CONVERSATION_UNITS,
  fill,
  INTENT_UNITS,
  LEARN_UNITS,
  LIMITS,
  messages,
  OPT_OUT_UNITS,
  ordinary,
  REASON_UNITS,
  TEMPLATE_UNITS,
} from '../test/helpers/adversarial';
import { contact, NOW } from '../test/domain/domain-fixtures';
import { log, report, type BenchResult } from './report';

/**
 * Input that costs too much: each engine that runs regular expressions over user text, on texts
 * shaped against them (test/helpers/adversarial.ts) at the largest size the API accepts, against an
 * ordinary chat text of the same size through the same engine. Each figure is the fastest of five
 * batches, per call. Before the engines were made linear, coaching took 13 s for 25 × 10,000
 * characters of "how " (the issue's case) and would take hours for 500 of them.
 */

// Quadratic work shows as hundreds or thousands of times the ordinary at these sizes (coaching took
// 4,000 times as long); a few times is work the text really asks for (1,000 lone `{{`, each named).
const TARGET = 25;
const L = LIMITS.messageText;

type Text = (length: number) => string;
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

const ENGINES: { name: string; units: string[]; run: (t: Text) => unknown }[] = [
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

/** Milliseconds per call: the fastest of five batches, each long enough (≥ 20 ms) to be timed. */
function perCall(work: () => unknown): number {
  const started = performance.now();
  work();
  const once = Math.max(performance.now() - started, 0.001);
  const calls = Math.max(1, Math.ceil(20 / once));
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 5; batch++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) work();
    best = Math.min(best, (performance.now() - t) / calls);
  }
  return best;
}

const round = (ms: number) => Number(ms.toPrecision(3));

export async function inputCostBenchmark(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const engine of ENGINES) {
    // Ordinary text with a placeholder in it for templating, where plain prose has nothing to do.
    const plain: Text =
      engine.units === TEMPLATE_UNITS
        ? (n) => fill('hey {{name}}, loved your last video about editing! ', n)
        : ordinary;
    const ordinaryMs = perCall(() => engine.run(plain));
    const timed = engine.units.map((unit) => ({ unit, ms: perCall(() => engine.run((n) => fill(unit, n))) }));
    const worst = timed.reduce((a, b) => (b.ms > a.ms ? b : a));
    log(
      `${engine.name}: ordinary ${round(ordinaryMs)} ms; ${timed.map((t) => `${JSON.stringify(t.unit)} ${round(t.ms)}`).join(', ')}`,
    );
    results.push(
      report({
        benchmark: `input-cost ${engine.name}`,
        figures: { ordinaryMs: round(ordinaryMs), worstMs: round(worst.ms), inputs: timed.length },
        ratio: worst.ms / ordinaryMs,
        target: `every adversarial input <= ${TARGET} x an ordinary one of the same size`,
        met: worst.ms / ordinaryMs <= TARGET,
        note: `worst: ${JSON.stringify(worst.unit)}`,
      }),
    );
  }
  const issue = perCall(() => analyzeConversation({ messages: messages(25, fill('how ', L), 'out') }));
  log(`the issue's case (25 × 10,000 characters of "how "): ${round(issue)} ms (13,352 ms before)`);
  results.push(
    report({
      benchmark: 'input-cost the issue\'s case: coaching 25 × 10,000 of "how "',
      figures: { ms: round(issue) },
      ratio: 1,
      target: 'informational',
      met: true,
      informational: true,
    }),
  );
  return results;
}

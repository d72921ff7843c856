import { analyzeConversation } from '../src/domain/coaching';
import { fill, LIMITS, messages, ordinary, TEMPLATE_UNITS } from '../test/helpers/adversarial';
import { ENGINES, type Text } from '../test/helpers/adversarial-engines';
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

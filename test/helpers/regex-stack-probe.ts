import { createHash } from 'node:crypto';
import { createApp } from '../../src/api/app';
import { fill, LIMITS, messages, ordinary, STACK_UNITS } from './adversarial';
import { ENGINES } from './adversarial-engines';
import { jsonBody, makeApiDeps, withKey } from './api';

/**
 * Run by test/domain/regex-stack.test.ts in a child process started with V8 flags (a process's own
 * flags cannot change once its regexes are compiled). Prints one JSON object:
 * - `engines [name]`: each engine (or those whose name starts so) on each of its adversarial texts
 *   and the long runs: a digest of its answer, or the error it threw;
 * - `api`: POST /api/coaching/analyze with the largest body the schema takes (500 × 10,000 of each
 *   long run), body limit raised to its maximum: status and error code;
 * - `pattern <source>`: that pattern, case-insensitive, over 500 × 10,000 "?" joined as coaching
 *   joins them: true, false or the error.
 */

const answer = (work: () => unknown): string => {
  try {
    return createHash('sha256').update(JSON.stringify(work())).digest('hex').slice(0, 16);
  } catch (error) {
    return `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
};

/** `only`: the engines whose name starts with it (all by default). */
export function engineAnswers(only = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const engine of ENGINES.filter((e) => e.name.startsWith(only))) {
    out[`${engine.name} | ordinary`] = answer(() => engine.run(ordinary));
    for (const unit of [...engine.units, ...STACK_UNITS])
      out[`${engine.name} | ${JSON.stringify(unit)}`] = answer(() => engine.run((n) => fill(unit, n)));
  }
  return out;
}

async function apiAnswers(): Promise<Record<string, string>> {
  const app = createApp(makeApiDeps({ config: { bodyLimitBytes: 20 * 1024 * 1024 } }));
  const out: Record<string, string> = {};
  for (const unit of STACK_UNITS) {
    const text = fill(unit, LIMITS.messageText);
    const body = { messages: Array.from({ length: LIMITS.coachingMessages }, () => ({ text, is_outbound: true })) };
    const res = await app.request('/api/coaching/analyze', withKey(jsonBody(body)));
    const json = (await res.json()) as { error?: { code: string } };
    out[JSON.stringify(unit)] = `${res.status} ${json.error?.code ?? 'ok'}`;
  }
  return out;
}

function patternAnswer(source: string): string {
  const text = messages(LIMITS.coachingMessages, fill('?', LIMITS.messageText), 'out')
    .map((m) => m.text)
    .join(' ');
  try {
    return String(new RegExp(source, 'i').test(text));
  } catch (error) {
    return `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
}

const [mode, source] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  const result =
    mode === 'engines'
      ? engineAnswers(source)
      : mode === 'api'
        ? await apiAnswers()
        : { pattern: patternAnswer(source!) };
  process.stdout.write(JSON.stringify(result));
}

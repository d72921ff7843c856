import { rescoreContactsContract } from '../src/contracts/catalogue';
import { log, report, timed } from './report';
import { startBenchStack, type BenchStack } from './sync-fixture';

/**
 * A daily rescore of 100,000 contacts (scored the day before; a day of time moves some recency
 * buckets), against reading the same rows once through the same data API in the same pages.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Seeds `contacts` contacts, scores them, reads them once, then rescores them a day later. */
export async function measureRescore(stack: BenchStack, clock: { offsetMs: number }, contacts: number) {
  await stack.sb.sql
    .exec(`insert into contacts (account_id, username, display_name, last_message_at, what_theyre_building,
      asks_opinion, value_delivered_count, promises_made, promises_kept, tags)
    select 'bench', 'person_' || g, 'Person ' || g, now() - (g % 120) * interval '1 day' - (g % 24) * interval '1 hour',
      case when g % 3 = 0 then 'a newsletter' end, g % 4 = 0, g % 5, g % 3, g % 2, array['bench']
    from generate_series(1, ${contacts}) g`);
  const input = {
    version: 1 as const,
    accountId: 'bench',
    pageSize: 1000,
    pagesPerRun: 200,
    reason: 'bench',
    timing: {
      db: { initialMs: 200, maxMs: 2000, attempts: 10 },
      safari: { initialMs: 200, maxMs: 2000, attempts: 10 },
      heartbeatTimeoutMs: 60_000,
    },
  };
  const rescore = async () => {
    const started = await stack.gateway.start(rescoreContactsContract, input);
    // Read through the contract: the gateway checks the result against its schema, typed end to end.
    const outcome = await stack.gateway.awaitResult(rescoreContactsContract, started.workflowId, started.runId, HOUR);
    if (!outcome.done || 'error' in outcome) throw new Error(`rescore did not finish: ${JSON.stringify(outcome)}`);
    return outcome.result;
  };
  const firstScoring = await timed(rescore);
  log(
    `first scoring of ${firstScoring.value.scanned} contacts: ${firstScoring.ms} ms (${firstScoring.value.updated} written)`,
  );

  const read = await timed(async () => {
    let after: string | null = null;
    let n = 0;
    do {
      const page = await stack.deps.scores.page('bench', after, 1000);
      n += page.length;
      after = page.length === 1000 ? page[page.length - 1]!.contact.id : null;
    } while (after);
    return n;
  });
  log(`reading ${read.value} rows once: ${read.ms} ms`);

  clock.offsetMs = DAY;
  const daily = await timed(rescore);
  log(`daily rescore: ${daily.ms} ms, ${daily.value.updated} rows written, ${daily.value.scoreChanged} scores moved`);
  return { firstScoring, read, daily };
}

export async function rescoreBenchmark(contacts = 100_000) {
  const clock = { offsetMs: 0 };
  const stack = await startBenchStack(1, [1, 1], clock);
  try {
    const { firstScoring, read, daily } = await measureRescore(stack, clock, contacts);
    return report({
      benchmark: `rescore-${contacts / 1000}k`,
      figures: {
        contacts: read.value,
        readOnceMs: read.ms,
        rescoreMs: daily.ms,
        written: daily.value.updated,
        scoresMoved: daily.value.scoreChanged,
        firstScoringMs: firstScoring.ms,
      },
      ratio: daily.ms / read.ms,
      target: 'rescore <= 2 x reading the rows once',
      met: daily.ms / read.ms <= 2 && daily.value.scanned === contacts,
    });
  } finally {
    await stack.stop();
  }
}

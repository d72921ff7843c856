import { benchBackend } from './backend';
import { randomUUID } from 'node:crypto';
import { inParallel, sendSigned } from '../src/adapters/webhooks/send-signed';
import { deliveryBody, messageIdOf } from '../src/domain/webhook-dispatch';
import { jsonBody, withKey } from '../test/helpers/api';
import { startReceiver, type Receiver } from '../test/helpers/receiver';
import { startTestTemporal } from '../test/helpers/temporal';
import { failedMessagePayload, startWebhookStack } from '../test/helpers/webhook-stack';
import { pool, until } from './outreach-fixture';
import { benchRoot, cpuLine, cpuOfDescendants } from './process-cpu';
import { log, report, type BenchResult } from './report';
import { createWebhookProfile } from './webhook-profile';

/**
 * Webhook delivery end to end, all in this process except the data API (over the embedded PostgreSQL
 * by default, its own child process) and the Temporal dev server: 1,000 events (`npm run bench --
 * webhooks N` for another size) x 5 endpoints subscribed to '*'. The events are
 * written through the data API with the outbox waker on the client (as the application writes them),
 * which wakes the dispatcher; the dispatcher fans out and one workflow per endpoint delivers with the
 * real activities to real receivers that verify every delivery both ways (standardwebhooks and the
 * design's hex HMAC). Delivery settings are production's (timeout, retry schedule, poll); only
 * WEBHOOK_BATCH_SIZE and WEBHOOK_CONCURRENCY may be set from the environment (defaults 200 / 8).
 *
 * How the events are written, three runs: (1) all 1,000 in one transaction (crm_emit_events): the
 * throughput target, the rate at which delivery drains a backlog; (2) BENCH_WEBHOOK_CHUNK (default
 * 10) per transaction, one writer, back to back as fast as the data API takes them, so the commits
 * are spread over the whole emit: the latency target (its throughput is informational, bounded by
 * the writing); (3) one event per transaction (crm_emit_event, 8 writers), informational: on PGlite
 * that is capped at roughly 100 commits/s before delivery adds any load.
 *
 * Baseline, same run and same process: `sendSigned` (sign + POST once, what an attempt does) in a
 * loop, 1,000 bodies built as deliveries are to the same 5 receivers, endpoints in parallel,
 * WEBHOOK_CONCURRENCY at once per endpoint. Measured before and after the pipelines; the faster counts.
 * Throughput = 5,000 / (last verified delivery - first emit call).
 *
 * Latency of a delivery = its arrival at the receiver - the event's occurred_at (read back from
 * event_outbox). occurred_at is the emitting transaction's now(), i.e. its start, at or before its
 * commit, so the figure can only be too high (by the time the one-statement transaction takes). The
 * same from the moment the emit call returned (after the commit) is reported alongside; every
 * occurred_at is checked to fall inside its emit call (the two clocks agree).
 *
 * BENCH_WEBHOOK_PROFILE=1 adds where each pipeline run's time went (bench/webhook-profile.ts).
 *
 * At rest: 20 events one at a time (each waits until all 5 receivers have it, then 200 ms idle).
 */

const ENDPOINTS = 5;
const EMIT_CONCURRENCY = 8;
const EMIT_CHUNK = Number(process.env.BENCH_WEBHOOK_CHUNK ?? 10);
const AT_REST_EVENTS = 20;
const AT_REST_GAP_MS = 200;
const WAIT_MS = 180_000;
const THROUGHPUT_TARGET = 0.5;
const P99_TARGET_MS = 1_000;
const EVENT_TYPE = 'message.failed';

const payloadOf = failedMessagePayload;
const entityOf = (n: number) => `c${n % 100}`;

function quantiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? Math.round(s[Math.max(0, Math.ceil(p * s.length) - 1)]!) : Number.NaN);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

export async function webhookBenchmark(events = 1_000): Promise<BenchResult[]> {
  const batchSize = process.env.WEBHOOK_BATCH_SIZE ?? '200';
  const concurrency = process.env.WEBHOOK_CONCURRENCY ?? '8';
  const env = await startTestTemporal();
  const backend = benchBackend();
  log(`data API over ${backend}`);
  const stack = await startWebhookStack(env, {
    backend,
    env: {
      WEBHOOK_BATCH_SIZE: batchSize,
      WEBHOOK_CONCURRENCY: concurrency,
      // Production's delivery settings, not the tests' shortened ones.
      WEBHOOK_TIMEOUT_MS: '15000',
      WEBHOOK_RETRY_SCALE: '1',
      WEBHOOK_POLL_MS: '30000',
      ACTIVITY_HEARTBEAT_TIMEOUT_MS: '30000',
    },
  });
  const receivers: (Receiver & { id: string; secret: string })[] = [];
  const profile = process.env.BENCH_WEBHOOK_PROFILE ? createWebhookProfile(stack, env) : null;
  try {
    const w = stack.config.webhookDelivery;
    for (let i = 0; i < ENDPOINTS; i++) {
      const r = await startReceiver();
      const res = await stack.app.request('/api/webhooks', withKey(jsonBody({ url: r.url, events: ['*'] })));
      if (res.status !== 201) throw new Error(`registering endpoint ${i}: ${res.status} ${await res.text()}`);
      const { webhook } = (await res.json()) as { webhook: { id: string; secret: string } };
      r.setSecret(webhook.secret);
      receivers.push(Object.assign(r, { id: webhook.id, secret: webhook.secret }));
    }
    const total = events * ENDPOINTS;
    const reset = () => receivers.forEach((r) => void (r.received.length = 0));
    const verified = (r: Receiver) => r.received.filter((d) => d.standardOk && d.designOk && d.answered === 200);
    const unverified = () =>
      receivers.reduce((n, r) => n + r.received.filter((d) => !d.standardOk || !d.designOk).length, 0);

    // --- Baseline: the raw signed-POST loop.
    const bodies = Array.from({ length: events }, (_, n) => ({
      messageId: messageIdOf(randomUUID()),
      body: deliveryBody({
        type: EVENT_TYPE,
        occurredAt: new Date().toISOString(),
        payload: payloadOf(n),
        entityId: entityOf(n),
        entitySeq: Math.floor(n / 100) + 1,
      }),
    }));
    const raw = async (count: number) => {
      reset();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const answers = await Promise.all(
        receivers.map((r) =>
          inParallel(bodies.slice(0, count), w.concurrency, (b) =>
            sendSigned({
              url: r.url,
              secrets: [r.secret],
              messageId: b.messageId,
              eventType: EVENT_TYPE,
              body: b.body,
              timeoutMs: w.timeoutMs,
              allowPrivate: true,
            }),
          ),
        ),
      );
      const ms = performance.now() - started;
      const ok = answers.flat().filter((a) => a.status === 200).length;
      const seen = receivers.reduce((n, r) => n + verified(r).length, 0);
      if (ok !== count * ENDPOINTS || seen !== count * ENDPOINTS)
        throw new Error(`raw loop: ${ok} answered 200, ${seen} verified, of ${count * ENDPOINTS}`);
      // This process's CPU (sends and receivers): the whole of the baseline's work, on one core.
      const { user, system } = process.cpuUsage(cpu);
      const cpuMs = Math.round((user + system) / 1000);
      return { perS: Number((((count * ENDPOINTS) / ms) * 1000).toFixed(1)), ms: Math.round(ms), cpuMs };
    };
    await raw(100); // warm-up: connections, JIT
    const rawRuns = [await raw(events)];
    log(`raw signed-POST loop: ${JSON.stringify(rawRuns[0])}`);

    // --- Warm-up of the pipeline: the dispatcher and the endpoints' workflows exist and have run once.
    reset();
    for (let n = 0; n < 5; n++) await stack.emit(EVENT_TYPE, 'warmup', payloadOf(n));
    await until(() => receivers.every((r) => verified(r).length >= 5), 'the warm-up deliveries', WAIT_MS);
    await new Promise((r) => setTimeout(r, 1_000));
    reset();

    // --- Pipeline under load, as `chunk` events per transaction (crm_emit_events), or one per
    // transaction (crm_emit_event, EMIT_CONCURRENCY writers) when chunk is 1.
    let runNo = 0;
    const pipeline = async (chunk: number) => {
      const tag = `load${++runNo}-`;
      reset();
      const emitted = new Map<number, { startedAt: number; returnedAt: number }>();
      await profile?.start();
      const cpuBefore = cpuOfDescendants(benchRoot());
      const firstEmit = Date.now();
      if (chunk === 1) {
        await pool(
          Array.from({ length: events }, (_, n) => n),
          EMIT_CONCURRENCY,
          async (n) => {
            const startedAt = Date.now();
            await stack.emit(EVENT_TYPE, tag + entityOf(n), payloadOf(n));
            emitted.set(n, { startedAt, returnedAt: Date.now() });
          },
        );
      } else {
        for (let from = 0; from < events; from += chunk) {
          const ns = Array.from({ length: Math.min(chunk, events - from) }, (_, i) => from + i);
          const startedAt = Date.now();
          await stack.emitMany(
            EVENT_TYPE,
            ns.map((n) => ({ entityId: tag + entityOf(n), payload: payloadOf(n) })),
          );
          const returnedAt = Date.now();
          for (const n of ns) emitted.set(n, { startedAt, returnedAt });
        }
      }
      const emitMs = Date.now() - firstEmit;
      log(
        `emitted ${events} events in ${emitMs} ms (${chunk === 1 ? `one per transaction, ${EMIT_CONCURRENCY} writers` : `${chunk} per transaction, one writer`})`,
      );
      const mine = (r: Receiver) => verified(r).filter((d) => String(d.body.data.entity_id).startsWith(tag));
      const deliveredTo = (r: Receiver) => new Set(mine(r).map((d) => d.messageId)).size;
      // Counted as they arrive, each delivery looked at once: the check runs on the pipeline's own
      // thread every 20 ms (re-reading every delivery each time took about a tenth of that thread).
      const counted = receivers.map(() => ({ at: 0, ids: new Set<string>(), bad: 0 }));
      const count = () =>
        receivers.reduce((done, r, i) => {
          const c = counted[i]!;
          for (; c.at < r.received.length; c.at++) {
            const d = r.received[c.at]!;
            if (!d.standardOk || !d.designOk) c.bad += 1;
            else if (d.answered === 200 && String(d.body.data.entity_id).startsWith(tag)) c.ids.add(d.messageId);
          }
          return done && c.ids.size === events;
        }, true);
      await until(
        count,
        `${total} verified deliveries (${ENDPOINTS} x ${events})`,
        WAIT_MS,
        () => {
          const bad = counted.reduce((n, c) => n + c.bad, 0);
          if (bad > 0) throw new Error(`${bad} deliveries failed verification`);
        },
        20,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; delivered so far: ${receivers.map(deliveredTo).join(', ')}`);
      });
      // Every process of the run (this one, the database, the data API, Temporal): on two cores the bound.
      const cpu = cpuLine(cpuBefore, cpuOfDescendants(benchRoot()));
      await profile?.report(
        `${chunk} per transaction`,
        receivers.map((r) => r.id),
      );
      const deliveries = receivers.flatMap((r) =>
        r.received.filter((d) => String(d.body.data.entity_id).startsWith(tag)),
      );
      const lastDelivery = Math.max(...deliveries.map((d) => d.at));
      const perS = Number((total / ((lastDelivery - firstEmit) / 1000)).toFixed(1));

      // The events' occurred_at, from the database's clock (same machine).
      const rows = await stack.sb.sql.query<{ id: string; item: string; ms: number }>(
        `select id::text as id, payload->>'item_id' as item, (extract(epoch from occurred_at) * 1000)::float8 as ms from event_outbox where entity_id like $1`,
        [`${tag}%`],
      );
      const occurred = new Map(rows.map((r) => [messageIdOf(r.id), { ms: Number(r.ms), n: Number(r.item.slice(1)) }]));
      // occurred_at must fall inside its emit call (else the clocks disagree and the latencies mean nothing).
      const outside = rows.filter((r) => {
        const e = emitted.get(Number(r.item.slice(1)))!;
        return !(Number(r.ms) >= e.startedAt - 5 && Number(r.ms) <= e.returnedAt + 5);
      }).length;
      const latency = quantiles(deliveries.map((d) => d.at - occurred.get(d.messageId)!.ms));
      const fromReturn = quantiles(deliveries.map((d) => d.at - emitted.get(occurred.get(d.messageId)!.n)!.returnedAt));
      // Whether the lag grows through the emit (the pipeline slower than the writes) or is there from
      // the first events on (a fixed delay): the median latency of each tenth of the events, in order.
      const byTenth = Array.from(
        { length: 10 },
        (_, t) =>
          quantiles(
            deliveries
              .filter((d) => Math.floor((occurred.get(d.messageId)!.n * 10) / events) === t)
              .map((d) => d.at - occurred.get(d.messageId)!.ms),
          ).p50,
      );
      const run = {
        chunk,
        emitMs,
        ms: lastDelivery - firstEmit,
        perS,
        deliveries: deliveries.length,
        duplicates: deliveries.length - total,
        events: rows.length,
        outside,
        latency,
        fromReturn,
      };
      log(
        `pipeline: ${total} deliveries in ${run.ms} ms = ${perS}/s; latency from occurred_at ${JSON.stringify(latency)}, from the emit's return ${JSON.stringify(fromReturn)}, p50 by tenth of the events ${byTenth.join(' ')}; CPU ${cpu}`,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      return run;
    };
    const backlog = await pipeline(events);
    const bulk = await pipeline(EMIT_CHUNK);
    const single = await pipeline(1);

    rawRuns.push(await raw(events));
    log(`raw signed-POST loop again: ${JSON.stringify(rawRuns[1])}`);
    const rawBest = rawRuns.reduce((a, b) => (b.perS > a.perS ? b : a));

    // --- At rest: one event at a time, the pipeline idle between them.
    await new Promise((r) => setTimeout(r, 1_000));
    reset();
    const rest: number[] = [];
    const restPerEvent: number[] = [];
    for (let n = 0; n < AT_REST_EVENTS; n++) {
      const id = messageIdOf(await stack.emit(EVENT_TYPE, `rest${n}`, payloadOf(n)));
      await until(
        () => receivers.every((r) => verified(r).some((d) => d.messageId === id)),
        `at-rest event ${n} at every receiver`,
        WAIT_MS,
        () => undefined,
        5,
      );
      const [row] = await stack.sb.sql.query<{ ms: number }>(
        `select (extract(epoch from occurred_at) * 1000)::float8 as ms from event_outbox where id = $1::uuid`,
        [id.replace(/^msg_/, '')],
      );
      const lat = receivers.map((r) => r.received.find((d) => d.messageId === id)!.at - Number(row!.ms));
      rest.push(...lat);
      restPerEvent.push(Math.max(...lat));
      await new Promise((r) => setTimeout(r, AT_REST_GAP_MS));
    }
    const restQ = quantiles(rest);
    const restAll = quantiles(restPerEvent);
    log(`at rest: per delivery ${JSON.stringify(restQ)}, per event (its last endpoint) ${JSON.stringify(restAll)}`);

    const attempts = await stack.sb.sql
      .query<{ outcome: string; n: string }>(
        `select outcome, count(*)::text as n from webhook_attempts group by outcome`,
      )
      .catch(() => []);
    const notDelivered = attempts.filter((a) => a.outcome !== 'delivered').reduce((n, a) => n + Number(a.n), 0);
    const settings = { batchSize: w.batchSize, concurrency: w.concurrency };
    const throughput = (r: typeof bulk) => ({
      emitMs: r.emitMs,
      pipelineMs: r.ms,
      pipelinePerS: r.perS,
      duplicates: r.duplicates,
      occurredOutsideEmit: r.outside,
    });
    const latency = (r: typeof bulk) => ({
      p50Ms: r.latency.p50,
      p95Ms: r.latency.p95,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      fromEmitReturnP50Ms: r.fromReturn.p50,
      fromEmitReturnP99Ms: r.fromReturn.p99,
    });
    const clean = (r: typeof bulk) =>
      unverified() === 0 && r.duplicates === 0 && r.outside === 0 && r.events === events;
    const ratio = backlog.perS / rawBest.perS;
    const base = {
      events,
      endpoints: ENDPOINTS,
      deliveries: total,
      ...settings,
      rawPerS: rawBest.perS,
      rawMs: rawBest.ms,
    };
    return [
      report({
        benchmark: 'webhook-delivery-vs-raw-post',
        figures: {
          ...base,
          eventsPerTransaction: events,
          ...throughput(backlog),
          unverified: unverified(),
          attemptsNotDelivered: notDelivered,
        },
        ratio,
        target: `pipeline deliveries/s (commit of the ${events.toLocaleString('en')} events to the last verified delivery) >= ${THROUGHPUT_TARGET} x raw signed-POST loop deliveries/s (best of ${rawRuns.length}, before and after)`,
        met: ratio >= THROUGHPUT_TARGET && clean(backlog) && notDelivered === 0,
        note: `the ${events.toLocaleString('en')} events written in one transaction (crm_emit_events): the rate at which delivery drains a backlog`,
      }),
      report({
        benchmark: 'webhook-delivery-spread-throughput',
        figures: { ...base, eventsPerTransaction: EMIT_CHUNK, ...throughput(bulk) },
        ratio: bulk.perS / rawBest.perS,
        target: `informational: the same events written ${EMIT_CHUNK} per transaction, one writer, as fast as the data API takes them (first emit to last delivery: bounded by how fast they are written)`,
        met: bulk.perS / rawBest.perS >= THROUGHPUT_TARGET && clean(bulk),
        informational: true,
      }),
      report({
        benchmark: 'webhook-delivery-latency-under-load',
        figures: { deliveries: bulk.deliveries, eventsPerTransaction: EMIT_CHUNK, ...latency(bulk) },
        ratio: bulk.latency.p99 / P99_TARGET_MS,
        target: `p99 (receiver arrival - event occurred_at) <= ${P99_TARGET_MS} ms at that load (ratio: p99 / ${P99_TARGET_MS} ms)`,
        met: bulk.latency.p99 <= P99_TARGET_MS && clean(bulk),
      }),
      report({
        benchmark: 'webhook-delivery-one-event-per-transaction',
        figures: { ...base, emitConcurrency: EMIT_CONCURRENCY, ...throughput(single), ...latency(single) },
        ratio: single.perS / rawBest.perS,
        target: `informational: the same with every event its own transaction (crm_emit_event, ${EMIT_CONCURRENCY} writers), ratio against the same raw loop`,
        met: single.perS / rawBest.perS >= THROUGHPUT_TARGET && single.latency.p99 <= P99_TARGET_MS && clean(single),
        informational: true,
      }),
      report({
        benchmark: 'webhook-delivery-latency-at-rest',
        figures: {
          events: AT_REST_EVENTS,
          gapMs: AT_REST_GAP_MS,
          p50Ms: restQ.p50,
          p99Ms: restQ.p99,
          maxMs: restQ.max,
          perEventP50Ms: restAll.p50,
          perEventMaxMs: restAll.max,
        },
        ratio: restAll.max / P99_TARGET_MS,
        target: `every event at all ${ENDPOINTS} receivers < ${P99_TARGET_MS} ms after occurred_at, one event at a time (ratio: slowest event / ${P99_TARGET_MS} ms)`,
        met: restAll.max < P99_TARGET_MS,
      }),
    ];
  } finally {
    for (const r of receivers) await r.close();
    await stack.stop();
    await env.teardown();
  }
}

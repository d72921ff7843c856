import { sleep } from './api-client';
import type { SoakLoad } from './load';
import { optOutFigures } from './opt-out-figures';
import { SOAK_ACCOUNT, type SoakWorld } from './world';

/**
 * The promises, checked together at the end of a soak against the ground truth: the simulator's
 * ledger of DMs that really went out, the receivers' record of what they were sent, and the
 * database. Each check says what it found; none of them trusts what the CRM says of itself alone.
 */

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
export interface SoakReport {
  plan: string;
  seconds: number;
  ok: boolean;
  checks: Check[];
  figures: Record<string, number>;
  chaos: string[];
}

interface Item {
  id: string;
  username: string;
  text: string;
  status: string;
  kind: string;
  t: string | null;
  last_attempt_at: string | null;
  contact_id: string;
}

const FINAL = ['sent', 'failed', 'cancelled', 'skipped', 'needs_review'];

export async function runChecks(
  world: SoakWorld,
  load: SoakLoad,
  chaos: string[],
  timeoutMs: number,
  say: (l: string) => void,
): Promise<Omit<SoakReport, 'plan' | 'seconds'>> {
  await drain(world, timeoutMs, say);
  const sql = world.crm.sql;
  const items = await sql.query<Item>(
    `select id, username, text, status, kind, contact_id, last_attempt_at, extract(epoch from coalesce(sent_at, last_attempt_at)) * 1000 as t
       from outreach_items where account_id = $1`,
    [SOAK_ACCOUNT],
  );
  // Who each DM was written for, as recorded when it was queued (a merge could not have changed this).
  const queuedFor = new Map(
    (
      await sql.query<{ item_id: string; username: string }>(
        `select entity_id as item_id, payload ->> 'username' as username from event_outbox where type = 'outreach.queued'`,
      )
    ).map((r) => [r.item_id, r.username]),
  );
  const ledger = world.sim.control.sends();
  const checks = [
    dmsOnce(items, ledger),
    rightPeople(items, ledger, load, queuedFor),
    await optedOutSpared(world, load),
    await webhooksDelivered(world, load),
    capsHeld(items, world.plan.pacing),
    overlap(world),
    await onePerPerson(world),
  ];
  const count = (s: string) => items.filter((i) => i.status === s).length;
  const [{ n: optedOutByMessage }] = (await sql.query<{ n: string }>(
    `select count(*) as n from contacts where account_id = $1 and opted_out and opted_out_by = 'message'`,
    [SOAK_ACCOUNT],
  )) as [{ n: string }];
  const { detail: optOutDetail, ...optOuts } = await optOutFigures(world);
  for (const d of optOutDetail) say(`opt-out: ${d}`);
  const figures = {
    optedOutByMessage: Number(optedOutByMessage),
    ...optOuts,
    intended: items.length,
    sent: count('sent'),
    needsReview: count('needs_review'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    skipped: count('skipped'),
    ledger: ledger.length,
    syncs: load.syncIds.length,
    workerStarts: world.worker.starts(),
    webhookDeliveries: world.receivers.reduce((n, r) => n + r.received.length, 0),
  };
  return { ok: checks.every((c) => c.ok), checks, figures, chaos };
}

/** Until every DM reached an end and every webhook delivery was made (bounded). */
async function drain(world: SoakWorld, timeoutMs: number, say: (l: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let n = 0; ; n++) {
    const [{ open }] = (await world.crm.sql.query<{ open: string }>(
      `select count(*) as open from outreach_items where status <> all($1::text[])`,
      [FINAL],
    )) as [{ open: string }];
    // Owed: deliveries not made, and events the dispatcher has not fanned out yet (no delivery rows so far).
    const [{ owed }] = (await world.crm.sql.query<{ owed: string }>(
      `select (select count(*) from webhook_deliveries where status = 'pending')
            + (select count(*) from event_outbox where seq > (select last_seq from webhook_dispatch_state)) as owed`,
    )) as [{ owed: string }];
    if (Number(open) === 0 && Number(owed) === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `not settled: ${open} DMs not at an end, ${owed} webhook deliveries owed\n${world.worker.output().slice(-3_000)}`,
      );
    if (n % 20 === 0) say(`settling: ${open} DMs not at an end, ${owed} webhook deliveries owed`);
    world.worker.assertAlive();
    await sleep(500);
  }
}

type Sent = { username: string; text: string; atMs: number };
const key = (username: string, text: string) => `${username}\n${text}`;

function dmsOnce(items: Item[], ledger: Sent[]): Check {
  const times = new Map<string, number>();
  for (const s of ledger) times.set(key(s.username, s.text), (times.get(key(s.username, s.text)) ?? 0) + 1);
  const twice = [...times].filter(([, n]) => n > 1).map(([k]) => k.replace('\n', ': '));
  const sentNotOnce = items
    .filter((i) => i.status === 'sent' && times.get(key(i.username, i.text)) !== 1)
    .map((i) => `${i.username} (${times.get(key(i.username, i.text)) ?? 0}×)`);
  const mayHave = new Set(
    items.filter((i) => i.status === 'sent' || i.status === 'needs_review').map((i) => key(i.username, i.text)),
  );
  const unrecorded = ledger
    .filter((s) => !mayHave.has(key(s.username, s.text)))
    .map((s) => `${s.username}: ${s.text.slice(0, 40)}`);
  const ok = twice.length === 0 && sentNotOnce.length === 0 && unrecorded.length === 0;
  return {
    name: 'every DM once, ledger = database',
    ok,
    detail: ok
      ? `${ledger.length} DMs went out, each once, each recorded as sent (or held for review)`
      : JSON.stringify({ twice, sentNotOnce, unrecorded }),
  };
}

function rightPeople(items: Item[], ledger: Sent[], load: SoakLoad, queuedFor: Map<string, string>): Check {
  const writtenFor = new Map<string, Set<string>>();
  const add = (text: string, username: string) =>
    writtenFor.set(text, new Set([...(writtenFor.get(text) ?? []), username]));
  for (const i of load.intended) add(i.text, i.username);
  for (const i of items) add(i.text, queuedFor.get(i.id) ?? i.username);
  const wrong = ledger
    .filter((s) => !writtenFor.get(s.text)?.has(s.username))
    .map((s) => `${s.username} got "${s.text.slice(0, 50)}"`);
  return {
    name: 'only to the handle it was written for',
    ok: wrong.length === 0,
    detail: wrong.length ? wrong.join('; ') : `${ledger.length} of ${ledger.length}`,
  };
}

/** Whoever opted out (by hand, or by writing "stop"): nothing reserved for them after it. An item already reserved then was in flight. */
async function optedOutSpared(world: SoakWorld, load: SoakLoad): Promise<Check> {
  const out = await world.crm.sql.query<{ username: string; by: string; late: string }>(
    `select c.username, c.opted_out_by as by, count(i.id) filter (where i.status in ('sent', 'needs_review', 'sending') and i.last_attempt_at > c.opted_out_at) as late
       from contacts c left join outreach_items i on i.contact_id = c.id
      where c.account_id = $1 and c.opted_out group by c.username, c.opted_out_by`,
    [SOAK_ACCOUNT],
  );
  const missing = await Promise.all(
    load.optOuts
      .filter((o) => !out.some((c) => c.username === o.username))
      .map(async (o) => {
        // Why not: what the CRM holds of them (their thread as stored, its last message) against the simulator's thread.
        const [c] = await world.crm.sql.query(
          `select c.username, c.display_name, c.thread_id, c.created_at, v.last_message_preview, v.needs_read, v.last_read_at,
              v.last_read_error, v.message_count, v.created_at as conversation_created_at,
              (select json_agg(json_build_object('p', m.position, 'out', m.is_outbound, 'text', left(m.message_text, 40)) order by m.position)
                 from messages m where m.contact_id = c.id) as stored,
              (select json_agg(json_build_object('absorbed', g.absorbed_id, 'at', g.merged_at, 'evidence', g.evidence))
                 from contact_merges g where g.survivor_id = c.id) as merges
         from contacts c left join conversations v on v.contact_id = c.id where c.account_id = $1 and c.username = $2`,
          [SOAK_ACCOUNT, o.username],
        );
        const sim = world.sim.control.threads().find((t) => t.username === o.username);
        const simTail = sim?.messages.slice(-4).map((m) => `${m.isOutbound ? '>' : '<'} ${m.text.slice(0, 40)}`);
        return `${o.username} is not opted out: ${JSON.stringify(c)}; simulator: thread ${sim?.threadId}, ${sim?.messages.length} messages, ending ${JSON.stringify(simTail)}`;
      }),
  );
  const bad = [
    ...missing,
    ...out.filter((c) => Number(c.late) > 0).map((c) => `${c.username}: ${c.late} DM(s) after opting out`),
  ];
  const byMessage = out.filter((c) => c.by === 'message').length;
  return {
    name: 'nothing to anyone who opted out',
    ok: bad.length === 0,
    detail: bad.length
      ? bad.join('; ')
      : `${out.length} opted out (${byMessage} by writing to us), none messaged after`,
  };
}

async function webhooksDelivered(world: SoakWorld, load: SoakLoad): Promise<Check> {
  const events = await world.crm.sql.query<{
    id: string;
    type: string;
    entity_id: string;
    entity_seq: string;
    at: string;
  }>(`select id, type, entity_id, entity_seq, extract(epoch from occurred_at) * 1000 as at from event_outbox`);
  const problems: string[] = [];
  let owed = 0;
  for (const sub of load.subscriptions) {
    const r = world.receivers[sub.receiver]!;
    const ids = new Map<string, Set<string>>();
    for (const d of r.received) {
      const k = `${d.body.event}/${String(d.body.data.entity_id)}/${String(d.body.data.entity_seq)}`;
      ids.set(k, new Set([...(ids.get(k) ?? []), d.messageId]));
      if (!d.standardOk || !d.designOk) problems.push(`receiver ${sub.receiver}: a delivery that does not verify`);
    }
    for (const e of events) {
      if (!(sub.events.includes('*') || sub.events.includes(e.type)) || Number(e.at) < sub.createdAtMs) continue;
      owed++;
      const got = ids.get(`${e.type}/${e.entity_id}/${e.entity_seq}`);
      if (!got) problems.push(`receiver ${sub.receiver} never got ${e.type} ${e.id}`);
      else if (got.size !== 1 || !got.has(`msg_${e.id}`))
        problems.push(`${e.type} ${e.id} came under ${[...got].join(', ')}`);
    }
  }
  if (problems.length)
    problems.push(
      ...(await whyNotDelivered(
        world,
        events.filter((e) => problems.some((p) => p.includes(e.id))).map((e) => e.id),
      )),
    );
  return {
    name: 'every event at every receiver, one webhook-id',
    ok: problems.length === 0,
    detail: problems.length ? problems.slice(0, 12).join('; ') : `${owed} event deliveries owed, all made`,
  };
}

/** For a failure message: what the database says of undelivered events (their seq, the cursor, their delivery rows). */
async function whyNotDelivered(world: SoakWorld, ids: string[]): Promise<string[]> {
  const rows = await world.crm.sql.query<{ id: string; seq: string; occurred_at: string; deliveries: unknown }>(
    `select e.id, e.seq, e.occurred_at, (select coalesce(jsonb_agg(jsonb_build_object('status', d.status, 'attempts', d.attempts, 'error', d.last_error)), '[]')
       from webhook_deliveries d where d.event_id = e.id) as deliveries from event_outbox e where e.id = any($1::uuid[])`,
    [ids.slice(0, 5)],
  );
  const [state] = await world.crm.sql.query(`select * from webhook_dispatch_state`);
  return [
    ...rows.map((r) => `event ${r.id}: seq ${r.seq} at ${r.occurred_at}, deliveries ${JSON.stringify(r.deliveries)}`),
    `dispatcher: ${JSON.stringify(state)}`,
  ];
}

function capsHeld(items: Item[], p: SoakWorld['plan']['pacing']): Check {
  const times = items
    .filter((i) => ['sent', 'sending', 'needs_review'].includes(i.status) && i.t !== null)
    .map((i) => Number(i.t))
    .sort((a, b) => a - b);
  const inWindow = (t: number, span: number) => times.filter((x) => t - span < x && x <= t).length;
  const maxHour = Math.max(0, ...times.map((t) => inWindow(t, p.hourMs)));
  const maxDay = Math.max(0, ...times.map((t) => inWindow(t, p.dayMs)));
  const ok = maxHour <= p.perHour && maxDay <= p.perDay;
  return {
    name: '0 cap violations',
    ok,
    detail: `most in any "hour": ${maxHour}/${p.perHour}; in any "day": ${maxDay}/${p.perDay}`,
  };
}

function overlap(world: SoakWorld): Check {
  const o = world.sim.control.overlap();
  return {
    name: '0 overlapping browser calls',
    ok: o.overlaps === 0,
    detail: `${o.overlaps} overlaps, at most ${o.maxInFlight} in the browser at once`,
  };
}

async function onePerPerson(world: SoakWorld): Promise<Check> {
  const contacts = await world.crm.sql.query<{
    id: string;
    username: string | null;
    display_name: string | null;
    thread_id: string | null;
  }>(`select id, username, display_name, thread_id from contacts where account_id = $1`, [SOAK_ACCOUNT]);
  const problems: string[] = [];
  for (const t of world.sim.control.threads()) {
    const mine = contacts.filter(
      (c) =>
        c.username === t.username ||
        (c.thread_id !== null && c.thread_id === t.threadId) ||
        (c.username === null && c.display_name === t.displayName),
    );
    if (mine.length !== 1) problems.push(`${t.username}: ${mine.length} contacts`);
  }
  const ok = problems.length === 0 && contacts.length === world.plan.people;
  return {
    name: 'one contact per person',
    ok,
    detail: ok
      ? `${contacts.length} contacts for ${world.plan.people} people`
      : `${contacts.length} contacts for ${world.plan.people} people; ${problems.slice(0, 10).join('; ')}`,
  };
}

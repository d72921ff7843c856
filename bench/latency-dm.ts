import { TEST_API_KEY } from '../test/helpers/api';
import { senderProgressQuery } from '../src/contracts/sender';
import { until } from './outreach-fixture';
import { at, senderSteps, steps } from './latency-timeline';
import { GAP_MS, type Arrival, type LatencyWorld } from './latency-world';

/**
 * One DM a person asks for through the API, timed from just before the request to its send
 * request's arrival at the simulator, with the steps in between read from the histories. It is
 * fired only when pacing allows it at once: the previous DM settled, the account's sender idle on
 * an empty queue, and both the account's gap and the Safari host's least gap between two browser
 * calls (SAFARI_MIN_GAP_MS, 1.5 s by default) passed since the previous send reached the simulator.
 */

export type DmRoute = 'direct' | 'queue';
const HOST_GAP_MS = 1_500;
const SPACING_MS = Math.max(GAP_MS, HOST_GAP_MS) + 500;

export const post = (w: LatencyWorld, path: string, body: unknown) =>
  fetch(`${w.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The first send request for one of `usernames` that reached the simulator at or after `sinceMs`, once answered. */
export async function sendArrival(w: LatencyWorld, usernames: Set<string>, sinceMs: number, timeoutMs = 60_000) {
  const find = () =>
    w.front.arrivals.find((a) => a.atMs >= sinceMs && a.username !== null && usernames.has(a.username));
  let found: Arrival | undefined;
  await until(
    () => Number.isFinite((found = find())?.answeredMs ?? Number.NaN),
    'a send at the simulator',
    timeoutMs,
    w.alive,
    20, // the front notes the arrival time itself: polling more often would only load the machine
  );
  return found!;
}

/** No item of the account is queued or being sent (the send activity has finished, its history written). */
const settled = (w: LatencyWorld, accountId: string) =>
  until(
    async () => {
      const [row] = await w.stack.sb.sql.query<{ n: string }>(
        `select count(*) as n from outreach_items where account_id = $1 and status in ('queued', 'sending')`,
        [accountId],
      );
      return Number(row!.n) === 0;
    },
    'the DM to settle',
    60_000,
  );

async function readyToSend(w: LatencyWorld, accountId: string) {
  await settled(w, accountId);
  const lastSend = w.front.arrivals.filter((a) => a.username !== null).at(-1)?.atMs ?? 0;
  await new Promise((r) => setTimeout(r, Math.max(0, lastSend + SPACING_MS - Date.now())));
  await until(
    async () => {
      const p = await w.env.client.workflow.getHandle(w.senderId(accountId)).query(senderProgressQuery);
      return p.blockedBy === 'empty';
    },
    'the sender to wait on an empty queue',
    30_000,
  );
}

/** Milliseconds after the request for each step the DM passed (cumulative), `sim` the judged one. */
export async function timeOneDm(w: LatencyWorld, accountId: string, route: DmRoute, username: string, n: number) {
  await readyToSend(w, accountId);
  const text = `Hi ${username}, a note just for you (#${n})`;
  const t0 = Date.now();
  const res =
    route === 'direct'
      ? await post(w, `/api/contacts/${encodeURIComponent(username)}/dm`, { text, accountId })
      : await post(w, '/api/outreach/queue', { username, text, accountId });
  const api = Date.now() - t0;
  const answer = (await res.json()) as { workflowId?: string };
  if (res.status !== (route === 'direct' ? 202 : 201))
    throw new Error(`${route} DM: ${res.status} ${JSON.stringify(answer)}`);
  const arrival = await sendArrival(w, new Set([username]), t0);
  await settled(w, accountId);
  const sender = await steps(w.env.client, w.senderId(accountId), t0);
  const dm = route === 'direct' ? await steps(w.env.client, answer.workflowId!, t0) : [];
  return {
    api,
    ...(route === 'direct'
      ? {
          dmRunStarted: at(dm, 'run started', t0),
          dmQueued: at(dm, 'activity prepareDirectDm completed', t0),
          dmWakeDone: at(dm, 'activity wakeSender completed', t0),
        }
      : {}),
    ...senderSteps(sender, arrival, t0),
  };
}

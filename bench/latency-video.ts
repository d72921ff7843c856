import { createHmac } from 'node:crypto';
import { createScoreRepository } from '../src/adapters/db/score-repository';
import { CANDIDATE_PAGE } from '../src/app/video-outreach/video-audience';
import { at, senderSteps, steps } from './latency-timeline';
import { sendArrival } from './latency-dm';
import type { LatencyWorld } from './latency-world';
import { until } from './outreach-fixture';
import { log } from './report';

/**
 * A signed `video.posted` into our API, timed from just before the request until its first DM's send
 * request reached the simulator — the strictest reading of "in the sender": the sender has taken it
 * from the queue, reserved it and asked Safari to type it. The reservation (the send activity
 * scheduled right after it) and each step before are read from the histories. The account's
 * contacts are seeded as bench/video-audience.ts does: a fifth with a four-message thread, a third
 * building something else, and 1 in 50 building "automation for my agency" — those are people the
 * simulator knows, so their DMs go through.
 */

/** MediaPoster's fixture: "How I automate my content calendar" (automation, productivity, content strategy). */
export const VIDEO = '6f1d2a10-0000-4000-8000-000000000006';

export async function seedContacts(w: LatencyWorld, accountId: string, contacts: number, matching: string[]) {
  const sql = w.stack.sb.sql;
  await sql.query(
    `insert into contacts (account_id, username, display_name, what_theyre_building, current_friction, tags, relationship_score)
     select $1, case when g % 50 = 0 then ($2::text[])[g / 50] else 'person_' || g end, 'Person ' || g,
       case when g % 50 = 0 then 'automation for my agency' when g % 3 = 0 then 'a newsletter about cooking' end,
       case when g % 7 = 0 then 'finding time to edit' end, array['bench', 'tier' || (g % 5)], g % 100
     from generate_series(1, $3::int) g`,
    [accountId, matching, contacts],
  );
  await sql.query(
    `insert into conversations (account_id, contact_id) select account_id, id from contacts where account_id = $1 and hashtext(username) % 5 = 0`,
    [accountId],
  );
  await sql.query(
    `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound)
     select v.account_id, v.id, v.contact_id, p, case when p % 2 = 0 then 'hey! loved your last video about editing, how do you stay consistent?' else 'thanks! i batch everything on sundays' end, p % 2 = 1
     from conversations v, generate_series(0, 3) p where v.account_id = $1`,
    [accountId],
  );
  await sql.query('analyze contacts; analyze conversations; analyze messages');
}

/**
 * The raw part under the audience step: the account's contacts read once, a page at a time, through
 * the same data API and the same repository the match reads them with (as bench/video-audience.ts).
 */
export async function readContactsOnceMs(w: LatencyWorld, accountId: string) {
  const scores = createScoreRepository(w.stack.crmDb);
  const started = Date.now();
  for (let after: string | null = null; ;) {
    const page = await scores.page(accountId, after, CANDIDATE_PAGE);
    if (page.length < CANDIDATE_PAGE) return Date.now() - started;
    after = page[page.length - 1]!.contact.id;
  }
}

/** MediaPoster's announcement, signed as its webhook sender signs (README: "A posted video becomes DMs"). */
function signed(secret: string) {
  const body = JSON.stringify({
    event: 'video.posted',
    data: { video_id: VIDEO, platform: 'instagram', title: 'How I automate my content calendar' },
  });
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': `sha256=${signature}`,
      'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    },
  };
}

export async function timeVideoPosted(w: LatencyWorld, accountId: string, secret: string, matching: string[]) {
  const t0 = Date.now();
  const res = await fetch(`${w.apiUrl}/api/incoming/mediaposter?accountId=${accountId}`, {
    method: 'POST',
    ...signed(secret),
  });
  const api = Date.now() - t0;
  // `duplicate` is about the announcement's record, keyed by the video alone: another size's account
  // announcing the same video is one, and still starts its own run (the workflowId names the account).
  const answer = (await res.json()) as { workflowId?: string };
  if (res.status !== 200 || !answer.workflowId?.includes(accountId))
    throw new Error(`video.posted: ${res.status} ${JSON.stringify(answer)}`);
  const arrival = await sendArrival(w, new Set(matching), t0);
  // The rest of the campaign is not measured: stop it before it sends again.
  await w.stack.deps.accounts.setPause(accountId, {
    paused: true,
    until: null,
    reason: 'benchmark: first DM measured',
  });
  await until(
    async () =>
      (
        await w.stack.sb.sql.query(`select 1 from outreach_items where account_id = $1 and status = 'sending'`, [
          accountId,
        ])
      ).length === 0,
    'the first DM to settle',
    60_000,
  );
  const run = await steps(w.env.client, answer.workflowId, t0);
  const sender = await steps(w.env.client, w.senderId(accountId), t0);
  const parts = {
    api,
    runStarted: at(run, 'run started', t0),
    videoRead: at(run, 'activity readOutreachVideo completed', t0),
    audienceStarted: at(run, 'activity findVideoAudience started', t0),
    audienceDone: at(run, 'activity findVideoAudience completed', t0),
    queued: at(run, 'activity queueVideoOutreach completed', t0),
    ...senderSteps(sender, arrival, t0),
  };
  log(`video.posted (${accountId}): ${JSON.stringify(parts)}`);
  return parts;
}

import { PENDING_STATUSES, SEND_COUNTING_STATUSES } from '../src/domain/outreach-transitions';
import { SOAK_ACCOUNT, type SoakWorld } from './world';

/**
 * What the opt-outs stopped, judged from the database alone. An opt-out becomes known to the CRM
 * when it is recorded (the transaction that writes its contact.opted_out event and cancels what
 * waits; opted_out_at when no event names the contact, as after a merge). Not the plan's moment:
 * a "stop" message is only known once a sync reads it, and a DM the sender took before then was
 * rightly in flight. A DM waiting (queued, awaiting approval) at that moment must end stopped
 * (cancelled, or skipped at send time); a DM reserved after it must not have gone out.
 */

export interface OptOutFigures {
  /** DMs still waiting when their contact's opt-out was recorded. */
  optOutWaiting: number;
  /** Of those, the ones that ended cancelled or skipped. */
  optOutStopped: number;
  /** DMs to an opted-out contact reserved after the opt-out was recorded that went (or may have gone) out. */
  optOutSentAfter: number;
}

const STOPPED = ['cancelled', 'skipped'];

export async function optOutFigures(world: SoakWorld): Promise<OptOutFigures & { detail: string[] }> {
  // Timestamps are transaction starts: the cancels an opt-out makes carry its own time, so "before"
  // is strict; a reservation whose transaction began before it counts as in flight.
  const rows = await world.crm.sql.query<{
    username: string;
    waiting: boolean;
    status: string;
    sent_after: boolean;
  }>(
    `with known as (
       select c.id, c.username, coalesce((select min(e.occurred_at) from event_outbox e
           where e.type = 'contact.opted_out' and e.entity_id = c.id::text), c.opted_out_at) as at
         from contacts c where c.account_id = $1 and c.opted_out)
     select k.username, i.status,
       coalesce((select h.status from outreach_item_events h where h.item_id = i.id and h.at < k.at
                 order by h.at desc, h.id desc limit 1) = any ($2::text[]), false) as waiting,
       (i.status = any ($3::text[]) and exists (select 1 from outreach_item_events h
          where h.item_id = i.id and h.status = 'sending' and h.at >= k.at)) as sent_after
     from known k join outreach_items i on i.contact_id = k.id`,
    [SOAK_ACCOUNT, PENDING_STATUSES, SEND_COUNTING_STATUSES],
  );
  const waiting = rows.filter((r) => r.waiting);
  const notStopped = waiting.filter((r) => !STOPPED.includes(r.status));
  const sentAfter = rows.filter((r) => r.sent_after);
  return {
    optOutWaiting: waiting.length,
    optOutStopped: waiting.length - notStopped.length,
    optOutSentAfter: sentAfter.length,
    detail: [
      ...notStopped.map((r) => `${r.username}: waiting at the opt-out, ended ${r.status}`),
      ...sentAfter.map((r) => `${r.username}: reserved after the opt-out, ended ${r.status}`),
    ],
  };
}

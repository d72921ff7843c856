import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { OutreachItem } from '../../domain/outreach';
import { MAX_FOLLOW_UPS } from '../../domain/follow-up-steps';
import type { FollowUpCanceller } from './follow-up-control';

/**
 * DELETE of a campaign item also calls off the follow-ups still to come: the run of the plan the
 * item belongs to (its own, for a first DM; its first DM's, for a step) is told to stop, and cancels
 * a step it has queued that has not started going out. False when the item has no plan or its run
 * is not open (never started: the first DM never went out; or already over).
 */
export async function cancelRemainingSteps(
  ports: { outreach: Pick<OutreachRepository, 'get'>; followUps: FollowUpCanceller },
  item: OutreachItem,
  by: string | null,
): Promise<boolean> {
  const first = await firstOf(ports, item);
  if (!first?.followUps?.length) return false;
  return ports.followUps.cancelFollowUps(
    first.accountId,
    first.id,
    `cancelled by ${by ?? 'hand'}`,
    first.status === 'sent',
  );
}

/** The first DM of an item's plan: up the chain of steps (at most MAX_FOLLOW_UPS links). */
async function firstOf(
  ports: { outreach: Pick<OutreachRepository, 'get'> },
  item: OutreachItem,
): Promise<OutreachItem | null> {
  let at: OutreachItem | null = item;
  for (let hops = 0; at && at.step > 0 && hops < MAX_FOLLOW_UPS; hops++)
    at = at.parentItemId ? ((await ports.outreach.get(at.parentItemId))?.item ?? null) : null;
  return at?.step === 0 ? at : null;
}

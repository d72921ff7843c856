import type { OutreachRepository } from '../../adapters/db/outreach-repository';

/**
 * A queued step of a plan that was called off (DELETE of the sent first DM): cancelled if it has
 * not started going out; one already sending is left to the sender (it may have gone).
 */
export async function cancelQueuedStep(
  ports: { outreach: Pick<OutreachRepository, 'transition'> },
  itemId: string,
  reason: string,
): Promise<boolean> {
  const moved = await ports.outreach.transition(itemId, { move: 'cancel', note: { reason } });
  return moved.applied;
}

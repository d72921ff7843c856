import { createSettler, type Settlement, type Settled } from '../app/outreach/settle';
import type { ActivityDeps } from './deps';
import { coded } from './failures';

/** Recording how an attempt ended (app/outreach/settle.ts), its failures converted for Temporal. */
export function createOutreachSettleActivities(deps: ActivityDeps) {
  const settler = createSettler(deps);
  return {
    async settleOutreachItem(itemId: string, token: string, requested: Settlement): Promise<Settled> {
      return coded(() => settler.settle(itemId, token, requested));
    },
  };
}

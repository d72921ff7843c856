import { createContactActivities } from './contacts';
import type { ActivityDeps } from './deps';
import { createInboxListingActivities } from './inbox-listing';
import { createRescoreActivities } from './rescore';
import { createSyncEventActivities } from './sync-completed';
import { createThreadBatchActivities } from './thread-batch';

export type { ActivityDeps };

/** All activities, built once by the worker from injected ports. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createContactActivities(deps),
    ...createInboxListingActivities(deps),
    ...createThreadBatchActivities(deps),
    ...createSyncEventActivities(deps),
    ...createRescoreActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

import { createContactActivities } from './contacts';
import type { ActivityDeps } from './deps';

export type { ActivityDeps };

/** All activities, built once by the worker from injected ports. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createContactActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

/**
 * Workflow ids are built from business keys (see each contract in ./catalogue.ts), so a repeated
 * request finds the run it already started instead of starting a second one. Ids hold account ids
 * and hashes, never handles.
 */

export const WORKFLOW_ID_PATTERN = /^[a-z][a-z-]*:[A-Za-z0-9._:-]{1,200}$/;

export const syncScheduleId = (accountId: string) => `sync-schedule:${accountId}`;
export const rescoreScheduleId = (accountId: string) => `rescore-schedule:${accountId}`;
export const mediaPosterWatchScheduleId = (accountId: string) => `mediaposter-watch-schedule:${accountId}`;
export const replyWatchScheduleId = (accountId: string) => `reply-watch-schedule:${accountId}`;

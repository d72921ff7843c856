// The one list of workflows: the worker's workflowsPath entry. Each function's contract (id, type
// name, result and progress) is in src/contracts/catalogue.ts; a new workflow is its file here,
// one line below, and its contract there (test/workflows/catalogue.test.ts checks they agree).
export { importContacts } from './import-contacts';
export { syncConversations } from './sync-conversations';
export { rescoreContacts } from './rescore-contacts';
export { dmSender } from './dm-sender';
export { sendDmWithContent } from './send-dm-with-content';
export { safariHost } from './safari-host';
// Started only by Schedules (see temporal/schedules.ts): it has no business id of its own.
export { scheduledStart } from './scheduled-start';
export { webhookDispatcher } from './webhook-dispatcher';
export { webhookEndpoint } from './webhook-endpoint';
export { webhookTest } from './webhook-test';
export { videoPostedOutreach } from './video-posted-outreach';
export { mediaPosterWatch } from './mediaposter-watch';
export { watchReplies } from './watch-replies';
export { followUps } from './follow-ups';

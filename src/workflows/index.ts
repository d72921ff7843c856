// The one list of workflows: the worker's workflowsPath entry (the functions) and, through
// ./catalogue.ts, what the gateway and the status routes know (the contracts). A new workflow is
// its own file exporting the function and its contract, plus one line here.
export { importContacts, importContactsContract } from './import-contacts';
export { syncConversations, syncConversationsContract, syncContactsContract } from './sync-conversations';
export { rescoreContacts, rescoreContactsContract } from './rescore-contacts';
export { dmSender, dmSenderContract } from './dm-sender';
export { sendDmWithContent, sendDmWithContentContract } from './send-dm-with-content';
export { safariHost, safariHostContract } from './safari-host';
// Started only by Schedules (see temporal/schedules.ts): it has no business id of its own.
export { scheduledStart } from './scheduled-start';
export { webhookDispatcher, webhookDispatcherContract } from './webhook-dispatcher';
export { webhookEndpoint, webhookEndpointContract } from './webhook-endpoint';
export { webhookTest, webhookTestContract } from './webhook-test';
export { videoPostedOutreach, videoPostedOutreachContract } from './video-posted-outreach';
export { mediaPosterWatch, mediaPosterWatchContract } from './mediaposter-watch';

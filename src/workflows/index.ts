// The worker's workflowsPath entry: every workflow function, and nothing else.
export { importContacts } from './import-contacts';
export { syncConversations } from './sync-conversations';
export { scheduledStart } from './scheduled-start';
export { rescoreContacts } from './rescore-contacts';

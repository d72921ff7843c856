// The worker's workflowsPath entry: every workflow function, and nothing else.
export { importContacts } from './import-contacts';
export { syncConversations } from './sync-conversations';
export { scheduledSync } from './scheduled-sync';

import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes our workflows set, so runs can be filtered in the Temporal UI and by list
 * queries. They are stored unencrypted, so they carry ids and states, never handles or texts.
 * The dev server registers them at start; on another server, create them with
 * `temporal operator search-attribute create`.
 */
export const CrmAccountId = defineSearchAttributeKey('CrmAccountId', SearchAttributeType.KEYWORD);
export const CrmWorkflowKind = defineSearchAttributeKey('CrmWorkflowKind', SearchAttributeType.KEYWORD);
export const CrmState = defineSearchAttributeKey('CrmState', SearchAttributeType.KEYWORD);

export const CRM_SEARCH_ATTRIBUTES = [CrmAccountId, CrmWorkflowKind, CrmState];

/** `--search-attribute Name=Type` arguments for `temporal server start-dev`. */
export function searchAttributeCliArgs(): string[] {
  return CRM_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeName(key.type)}`]);
}

function cliTypeName(type: SearchAttributeType): string {
  const names: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.INT]: 'Int',
    [SearchAttributeType.DOUBLE]: 'Double',
    [SearchAttributeType.BOOL]: 'Bool',
    [SearchAttributeType.DATETIME]: 'Datetime',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  };
  return names[type] ?? 'Keyword';
}

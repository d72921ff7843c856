import { defineQuery } from '@temporalio/workflow';
import type { ContactFields } from '../domain/contact-fields';

/**
 * Inputs, outputs, queries and signals of our workflows. Inputs carry a version from day one so a
 * later shape can be told apart from histories recorded with this one.
 */

export interface ImportContactsInput {
  version: 1;
  accountId: string;
  contacts: ContactFields[];
  /** Request id of the API call that started it, for correlating logs. */
  requestId?: string;
}

export interface ImportContactsProgress {
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** Every long-running workflow answers this query with its own progress shape. */
export const getProgressQuery = defineQuery<unknown>('getProgress');

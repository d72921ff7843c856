import { defineQuery } from '@temporalio/workflow';
import type { ContactFields } from '../domain/contact-fields';
import { PROGRESS_QUERY_NAME } from './contract';
import type { WorkflowTiming } from './timing';

/**
 * The contracts of importContacts and rescoreContacts. Inputs carry a version from day one so a
 * later shape can be told apart from histories recorded with this one.
 */

export interface ImportContactsInput {
  version: 1;
  accountId: string;
  contacts: ContactFields[];
  timing?: WorkflowTiming;
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

export interface RescoreContactsInput {
  version: 1;
  accountId: string;
  /** Rows per page (one read each); at most the data API's 1000-row page. An activity reads several pages and writes their moved scores together. */
  pageSize: number;
  /** Pages before the run continues as new. */
  pagesPerRun: number;
  reason: string;
  timing: WorkflowTiming;
  carry?: RescoreProgress;
}

export interface RescorePageResult {
  /** Pages read (absent in histories from before an activity went on past one page: one). */
  pages?: number;
  scanned: number;
  updated: number;
  scoreChanged: number;
  nextAfterId: string | null;
}

export interface RescoreProgress {
  pages: number;
  scanned: number;
  updated: number;
  scoreChanged: number;
  afterId: string | null;
  done: boolean;
}

export const importProgressQuery = defineQuery<ImportContactsProgress>(PROGRESS_QUERY_NAME);
export const rescoreProgressQuery = defineQuery<RescoreProgress>(PROGRESS_QUERY_NAME);

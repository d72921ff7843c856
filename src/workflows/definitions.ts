import type { ContactFields } from '../domain/contact-fields';

/**
 * Inputs, outputs, queries and signals of our workflows. Inputs carry a version from day one so a
 * later shape can be told apart from histories recorded with this one.
 */

/** A retry schedule; every number comes from config through the workflow's input. */
export interface RetryProfile {
  initialMs: number;
  maxMs: number;
  attempts: number;
}

export interface WorkflowTiming {
  db: RetryProfile;
  safari: RetryProfile;
  heartbeatTimeoutMs: number;
  /** After a browser call got no answer, nobody drives that Safari host for this long (absent in older inputs). */
  safariQuietMs?: number;
}

/** For inputs recorded before timing was part of them. */
export const DEFAULT_TIMING: WorkflowTiming = {
  db: { initialMs: 1_000, maxMs: 60_000, attempts: 20 },
  safari: { initialMs: 5_000, maxMs: 120_000, attempts: 10 },
  heartbeatTimeoutMs: 60_000,
};

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
  /** Rows per activity (one read, one write); at most the data API's 1000-row page. */
  pageSize: number;
  pagesPerRun: number;
  reason: string;
  timing: WorkflowTiming;
  carry?: RescoreProgress;
}

export interface RescorePageResult {
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

export * from './sync-definitions';

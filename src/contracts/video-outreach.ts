import { defineQuery } from '@temporalio/workflow';
import { PROGRESS_QUERY_NAME } from './contract';
import type { WorkflowTiming } from './timing';

/** The contract of videoPostedOutreach (one posted video → personal DMs) and of the MediaPoster watcher. */

/** Who may be written to about one video: CRM_VIDEO_OUTREACH_MIN_SCORE, _MAX and CRM_OUTREACH_COOLDOWN. */
export interface VideoAudienceRules {
  minScore: number;
  max: number;
  cooldownMs: number;
}

export type OutreachTrigger = 'webhook' | 'watcher' | 'api';

export interface VideoOutreachInput {
  version: 1;
  accountId: string;
  /** MediaPoster's videos.id, or the content_id its posts share ('ext_…'). */
  videoId: string;
  trigger: OutreachTrigger;
  rules: VideoAudienceRules;
  timing: WorkflowTiming;
  requestId?: string;
}

/** The video as the workflow carries it between steps: what a DM about it needs. */
export interface OutreachVideo {
  id: string;
  title: string | null;
  url: string;
  topics: string[];
  keywords: string[];
}

/** One contact chosen for a video, with the exact DM it will get and why. */
export interface ChosenContact {
  contactId: string;
  username: string;
  /** Whether they have ever written to us (first-contact approval reads it). */
  hasWritten: boolean;
  score: number;
  reasons: { source: string; term: string; points: number }[];
  lane: string;
  template: string;
  text: string;
}

export interface QueuedContact {
  contactId: string;
  username: string;
  itemId: string;
  status: string;
  /** false: an item for this contact and video was already in the ledger (a repeat start queues nothing new). */
  created: boolean;
}

export interface VideoOutreachSummary {
  videoId: string;
  /** 'queued': the campaign is with the account's sender; 'no_audience': nobody matched who may be written to. */
  outcome: 'queued' | 'no_audience';
  title: string | null;
  url: string;
  scanned: number;
  matched: number;
  /** Contacts with this video's DM in the ledger (new now, or from an earlier attempt of this run). */
  queued: number;
  /** Contacts that matched but were left out, and contacts that did not match (below_min_score), by reason. */
  skipped: Record<string, number>;
  items: QueuedContact[];
}

export interface VideoOutreachProgress {
  phase: 'reading_video' | 'matching' | 'queueing' | 'done';
  summary: VideoOutreachSummary | null;
}

export interface MediaPosterWatchInput {
  version: 1;
  accountId: string;
  /** Posts read per step (≤ 1000), and steps per run before the next tick carries on. */
  pageSize: number;
  maxPages: number;
  /** What each video's outreach starts with (its id and trigger are added per video); its timing is the watcher's too. */
  outreach: Omit<VideoOutreachInput, 'videoId' | 'trigger' | 'requestId'>;
}

export interface WatchStep {
  /** Live posts read in this step. */
  found: number;
  /** Videos announced (one per post naming a video), whether new or seen before. */
  announced: number;
  /** Outreach workflows started or joined, by id. */
  workflowIds: string[];
  /** True when the cursor was only now set (first run: nothing is treated as new). */
  initialized: boolean;
  more: boolean;
}

export interface WatchProgress {
  steps: number;
  found: number;
  announced: number;
  workflowIds: string[];
}

export const videoOutreachProgressQuery = defineQuery<VideoOutreachProgress>(PROGRESS_QUERY_NAME);
export const watchProgressQuery = defineQuery<WatchProgress>(PROGRESS_QUERY_NAME);

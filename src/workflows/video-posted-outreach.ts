import { setHandler } from '@temporalio/workflow';
import { activityProxies } from './activity-proxies';
import {
  videoOutreachProgressQuery,
  type VideoOutreachInput,
  type VideoOutreachProgress,
  type VideoOutreachSummary,
} from '../contracts/video-outreach';

/**
 * The design's content-to-DM pipeline for one posted video: read it from MediaPoster, find the
 * contacts it interests (scored, with reasons), write each their own DM, and queue them as one
 * campaign with the account's sender — which paces them, sends each once, skips a contact who
 * replies or opts out before their turn, and holds first contacts for approval. Ends when the
 * campaign is queued, with a summary of who was chosen and who was left out and why.
 */
export async function videoPostedOutreach(input: VideoOutreachInput): Promise<VideoOutreachSummary> {
  const { db, scan } = activityProxies(input.timing);
  const progress: VideoOutreachProgress = { phase: 'reading_video', summary: null };
  setHandler(videoOutreachProgressQuery, () => progress);
  const finish = (summary: VideoOutreachSummary) => {
    Object.assign(progress, { phase: 'done', summary });
    return summary;
  };
  // Not found or not yet public fails the run (non-retryable), so a later announcement may start it again.
  const video = await db.readOutreachVideo(input.videoId);
  progress.phase = 'matching';
  const audience = await scan.findVideoAudience(input.accountId, video, input.rules);
  const base = {
    videoId: video.id,
    title: video.title,
    url: video.url,
    scanned: audience.scanned,
    matched: audience.matched,
    skipped: audience.skipped,
  };
  if (audience.chosen.length === 0) return finish({ ...base, outcome: 'no_audience', queued: 0, items: [] });
  progress.phase = 'queueing';
  const items = await db.queueVideoOutreach(input.accountId, video, audience.chosen, input.requestId ?? null);
  return finish({ ...base, outcome: 'queued', queued: items.length, items });
}

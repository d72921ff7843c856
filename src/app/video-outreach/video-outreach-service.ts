import { shareableVideoFor } from '../outreach/dm-compose';
import { outreachVideoOf, scanAudience, skippedCounts } from './video-audience';
import { videoPostedAnnouncement, type Incoming } from '../../domain/incoming-mediaposter';
import { videoOutreachInput } from '../../temporal/workflow-inputs';
import type { StartedWorkflow, WorkflowGateway } from '../../temporal/workflow-gateway';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import type { AudienceRepository } from '../../adapters/db/audience-repository';
import type { PostWatch } from '../../adapters/mediaposter/post-watch';
import type { WorkflowTiming } from '../../contracts/timing';
import type { OutreachTrigger, OutreachVideo, VideoAudienceRules } from '../../contracts/video-outreach';
import { videoPostedOutreachContract } from '../../contracts/catalogue';
import { fromMediaPoster } from './mediaposter-reads';
import { dmRefused } from '../refusal';

/**
 * What the API does with a posted video: read it (404 unknown, 409 not public yet), preview its
 * audience with the workflow's own code, start its outreach, and — for a `post.published` that
 * names only the post — find the video the post belongs to, so it is keyed like every other
 * announcement of that video.
 */

export interface VideoOutreachPorts {
  videos: VideoRepository;
  audience: Pick<AudienceRepository, 'candidates'>;
  postWatch: Pick<PostWatch, 'post'>;
  workflows: Pick<WorkflowGateway, 'start'>;
  config: { timing: WorkflowTiming; videoOutreach: VideoAudienceRules };
  now: () => number;
}

export async function outreachVideo(deps: Pick<VideoOutreachPorts, 'videos'>, videoId: string): Promise<OutreachVideo> {
  const found = await fromMediaPoster(() => shareableVideoFor(deps.videos, videoId));
  if (!found.ok) throw dmRefused(found.problem);
  return outreachVideoOf(found.video)!;
}

export async function previewAudience(
  deps: Pick<VideoOutreachPorts, 'audience' | 'config' | 'now'>,
  accountId: string,
  video: OutreachVideo,
) {
  const rules = deps.config.videoOutreach;
  const scanned = await scanAudience(deps.audience, accountId, video, { ...rules, nowMs: deps.now() });
  const reasons = (r: { source: string; term: string; points: number }[]) =>
    r.map(({ source, term, points }) => ({ source, term, points }));
  const excluded = [
    ...scanned.unwritable.map(({ member }) => ({ ...member, excluded: 'message' })),
    ...scanned.result.excluded,
  ].slice(0, 50);
  return {
    video: { id: video.id, title: video.title, url: video.url, keywords: video.keywords },
    rules: { min_score: rules.minScore, max: rules.max, cooldown_ms: rules.cooldownMs },
    counts: {
      scanned: scanned.result.counts.scanned,
      matched: scanned.result.counts.matched,
      chosen: scanned.chosen.length,
      skipped: skippedCounts(scanned),
    },
    chosen: scanned.chosen.map((c) => ({
      contact_id: c.contactId,
      username: c.username,
      score: c.score,
      lane: c.lane,
      reasons: reasons(c.reasons),
      template: c.template,
      message: c.text,
    })),
    excluded: excluded.map((m) => ({
      contact_id: m.candidate.id,
      username: m.candidate.username,
      score: m.score,
      reasons: reasons(m.reasons),
      excluded: m.excluded,
    })),
  };
}

export function startVideoOutreach(
  deps: Pick<VideoOutreachPorts, 'workflows' | 'config'>,
  start: { accountId: string; videoId: string; trigger: OutreachTrigger; requestId?: string },
): Promise<StartedWorkflow> {
  return deps.workflows.start(videoPostedOutreachContract, videoOutreachInput(deps.config, start));
}

type PostedVideo = Extract<Incoming, { kind: 'event' }>;

/** A `post.published` names the post: look its video up, so it keys like the video's other announcements. Null: MediaPoster has no such post, or it names no video. */
export async function withVideo(
  deps: Pick<VideoOutreachPorts, 'postWatch'>,
  a: PostedVideo,
): Promise<PostedVideo | null> {
  const { video_id: videoId, post_id: postId, platform, title, post_url: postUrl } = a.payload;
  if (videoId) return a;
  const post = postId ? await fromMediaPoster(() => deps.postWatch.post(postId)) : null;
  return post?.contentId
    ? videoPostedAnnouncement(
        post.contentId,
        postId ?? null,
        platform ?? post.platform,
        title ?? post.title,
        postUrl ?? post.platformUrl,
      )
    : null;
}

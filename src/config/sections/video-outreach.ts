import type { z } from 'zod';
import { duration, int } from '../fields';

/**
 * Turning a posted MediaPoster video into DMs (videoPostedOutreach): how often MediaPoster's
 * tables are watched for posts that went live, and who may be written to about one video.
 */
export const videoOutreachEnv = {
  /** How often a Temporal Schedule looks for posts that went live ("5m"; "off" leaves it to MediaPoster's webhook). */
  MEDIAPOSTER_WATCH_INTERVAL: duration('5m').refine((ms) => ms === 0 || ms >= 60_000, 'must be at least 1m, or off'),
  /** A contact we wrote to (or queued a DM for) within this window is left out of a video's outreach. */
  CRM_OUTREACH_COOLDOWN: duration('7d'),
  /** At most this many contacts per video, best matches first. */
  CRM_VIDEO_OUTREACH_MAX: int(20, 1, 500),
  /** The least match score (0–100) a contact needs; one strong reason (what they are building: 40, their tags: 30) is enough. */
  CRM_VIDEO_OUTREACH_MIN_SCORE: int(30, 1, 100),
  /** One follow-up this long after a video's DM was sent, unless they wrote or opted out since ("off": none). */
  CRM_VIDEO_FOLLOW_UP: duration('off').refine((ms) => ms <= 90 * 86_400_000, 'must be at most 90d, or off'),
};

type VideoOutreachEnv = z.infer<z.ZodObject<typeof videoOutreachEnv>>;

export function buildVideoOutreach(e: VideoOutreachEnv) {
  return {
    videoOutreach: {
      /** null: the watcher's Schedule is off. */
      watchIntervalMs: e.MEDIAPOSTER_WATCH_INTERVAL === 0 ? null : e.MEDIAPOSTER_WATCH_INTERVAL,
      cooldownMs: e.CRM_OUTREACH_COOLDOWN,
      max: e.CRM_VIDEO_OUTREACH_MAX,
      minScore: e.CRM_VIDEO_OUTREACH_MIN_SCORE,
      /** null: video DMs carry no follow-up. */
      followUpMs: e.CRM_VIDEO_FOLLOW_UP === 0 ? null : e.CRM_VIDEO_FOLLOW_UP,
    },
  };
}

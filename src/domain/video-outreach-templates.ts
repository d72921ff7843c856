import type { ActionLane } from './types';

/**
 * The DM that shares a just-posted video with a contact it fits, one per copilot lane, in the
 * creator's voice (src/domain/copilot-templates.ts): lower-case, short, no pitch. Even the offer
 * lane only shares the video and asks whether they want more: an offer goes out with permission,
 * and a broadcast DM never has it.
 *
 * `{{reason}}` is `fitReason` (src/domain/video-audience.ts), a clause such as "you're into
 * podcasting", so it always follows "because". `{{video_title}}` is often NULL in MediaPoster, so its
 * fallback must read in the same place. `{{reason}}` and `{{video_url}}` have no fallback: a video
 * DM without either is not worth sending, and the renderer refuses it. `{{first_name}}` is null for a
 * contact whose display name is not a person's (src/domain/first-name.ts): the fallback greets them
 * instead of the handle.
 */

export const VIDEO_TEMPLATES: Readonly<Record<ActionLane, string>> = Object.freeze({
  friendship:
    'yo {{first_name|there}}! just posted {{video_title|a new video}} and thought of you because {{reason}} — {{video_url}}',
  service:
    'hey {{first_name|there}}, thought {{video_title|my new video}} might help a bit because {{reason}} — {{video_url}}',
  offer:
    'hey {{first_name|there}}, just put out {{video_title|a new video}} and thought of you because {{reason}} — {{video_url}} want me to send more like this?',
  retention:
    "hey {{first_name|there}}, hope it's all still going well! just posted {{video_title|a new video}} and thought of you because {{reason}} — {{video_url}}",
  rewarm:
    'been a minute {{first_name|friend}}! just posted {{video_title|a new video}} and thought of you because {{reason}} — {{video_url}} no need to reply',
});

/** The lane's template with a stable id for the outbox and the summary (`video:friendship`, …). */
export function videoTemplateFor(lane: ActionLane): { id: string; text: string } {
  return { id: `video:${lane}`, text: VIDEO_TEMPLATES[lane] };
}

/**
 * The one follow-up a video's DM may carry (CRM_VIDEO_FOLLOW_UP), per lane, in the same voice: it
 * only asks whether they saw it. It never repeats `{{reason}}` (not kept with the item) and goes
 * only if they have not written since the DM, so it never answers over a conversation.
 */
export const VIDEO_FOLLOW_UP_TEMPLATES: Readonly<Record<ActionLane, string>> = Object.freeze({
  friendship: 'yo {{first_name|there}}, did you get a chance to watch {{video_title|it}}? {{video_url}}',
  service: 'hey {{first_name|there}}, just checking {{video_title|the video}} reached you ok — {{video_url}}',
  offer: 'hey {{first_name|there}}, no pressure — happy to send more like {{video_title|this one}} if useful',
  retention: 'hey {{first_name|there}}, curious what you thought of {{video_title|the new one}}! {{video_url}}',
  rewarm:
    'no worries if you are busy {{first_name|friend}}, {{video_title|the video}} is here when you want it: {{video_url}}',
});

export function videoFollowUpFor(lane: ActionLane): { id: string; text: string } {
  return { id: `video-follow-up:${lane}`, text: VIDEO_FOLLOW_UP_TEMPLATES[lane] };
}

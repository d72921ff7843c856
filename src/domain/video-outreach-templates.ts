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

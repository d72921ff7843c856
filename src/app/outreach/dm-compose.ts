import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import { firstNameOf } from '../../domain/first-name';
import { dmVideoUrl, type ShareableVideo } from '../../domain/shareable-video';
import { checkDmText, MAX_DM_LENGTH } from '../../domain/send-rules';
import { renderTemplate } from '../../domain/templating';
import type { Contact } from '../../domain/types';
import { withStoredTemplate, type TemplatePort, type TemplateRef } from './dm-template';

/**
 * Turning a DM request into the exact text for one contact: find the contact (it must have a
 * handle), read the video from MediaPoster when one is named, render the template. The API runs it
 * to answer a bad request with a 4xx before anything starts; the DM workflow runs it again to queue
 * the item, so both always agree.
 */

export interface DmRequest {
  accountId: string;
  /** A contact id or a handle. */
  contact: string;
  text?: string;
  template?: string;
  /** A stored template (GET /api/templates) instead of text or template: its current version is rendered. */
  templateId?: string;
  variables?: Record<string, string>;
  videoId?: string;
}

export type DmProblemCode =
  | 'CONTACT_NOT_FOUND'
  | 'OPTED_OUT'
  | 'NO_HANDLE'
  | 'VIDEO_NOT_FOUND'
  | 'VIDEO_NOT_PUBLISHED'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_NOT_FOUND'
  | 'TEXT_EMPTY'
  | 'TEXT_TOO_LONG';

export interface DmProblem {
  code: DmProblemCode;
  message: string;
  details?: unknown;
}

export interface ComposedDm {
  contact: Contact & { username: string };
  text: string;
  video: ShareableVideo | null;
  /** The stored template (and version) that wrote it, for the ledger; null for a text or an inline template. */
  template: TemplateRef | null;
}

export type Composed = { ok: true; dm: ComposedDm } | { ok: false; problem: DmProblem };

/** What a DM says about a video: {{video_title}}, {{video_url}} (the one to share in a DM), {{video_caption}}. */
export interface VideoFacts {
  title: string | null;
  url: string | null;
  caption: string | null;
}

export const videoFacts = (v: ShareableVideo): VideoFacts => ({
  title: v.title,
  url: dmVideoUrl(v),
  caption: v.caption,
});

/**
 * The variables every template may use; the request's own variables come on top. `{{name}}` is
 * the display name or else the handle; `{{first_name}}` only ever a person's first name (null for
 * a handle, a brand or a business, so the template's fallback applies, or the DM is refused).
 */
export function dmVariables(
  contact: Pick<Contact, 'displayName' | 'username'>,
  video: VideoFacts | null,
): Record<string, string | null> {
  const name = contact.displayName?.trim() || contact.username;
  return {
    name,
    first_name: firstNameOf(contact.displayName, contact.username),
    username: contact.username,
    video_title: video?.title ?? null,
    video_url: video?.url ?? null,
    video_caption: video?.caption ?? null,
  };
}

/** A plain text is sent as written; only a template has placeholders. The result fits in one DM, or says why not. */
export function renderDm(
  req: Pick<DmRequest, 'text' | 'template' | 'variables'>,
  contact: Pick<Contact, 'displayName' | 'username'>,
  video: VideoFacts | null,
): { ok: true; text: string } | { ok: false; problem: DmProblem } {
  const rendered =
    req.template === undefined
      ? { ok: true as const, text: req.text ?? '' }
      : renderTemplate(req.template, { ...dmVariables(contact, video), ...req.variables });
  if (!rendered.ok)
    return {
      ok: false,
      problem: {
        code: 'TEMPLATE_INVALID',
        message: rendered.message,
        details: { missing: rendered.missing, invalid: rendered.invalid },
      },
    };
  const textProblem = checkDmText(rendered.text);
  if (textProblem === 'empty') return { ok: false, problem: { code: 'TEXT_EMPTY', message: 'The DM text is empty' } };
  if (textProblem === 'too_long')
    return {
      ok: false,
      problem: { code: 'TEXT_TOO_LONG', message: `The DM text is longer than Instagram's ${MAX_DM_LENGTH} characters` },
    };
  return { ok: true, text: rendered.text };
}

/** A MediaPoster video that can be shared in a DM: it exists and has a public post. */
export async function shareableVideoFor(
  videos: VideoRepository,
  videoId: string,
): Promise<{ ok: true; video: ShareableVideo } | { ok: false; problem: DmProblem }> {
  const video = await videos.shareableVideo(videoId);
  if (!video) return { ok: false, problem: { code: 'VIDEO_NOT_FOUND', message: `No MediaPoster video ${videoId}` } };
  if (!dmVideoUrl(video))
    return {
      ok: false,
      problem: {
        code: 'VIDEO_NOT_PUBLISHED',
        message: `Video ${videoId} has no public post yet (only posted or published https URLs are shared)`,
      },
    };
  return { ok: true, video };
}

/** They asked us to stop (or were opted out by hand): no DM goes to them until a person opts them back in. */
export function optedOutProblem(
  contact: Pick<Contact, 'id' | 'username' | 'optedOutReason' | 'optedOutAt'>,
): Composed & { ok: false } {
  const why =
    contact.optedOutReason && contact.optedOutReason !== 'manual'
      ? `they wrote "${contact.optedOutReason}"`
      : 'by hand';
  return {
    ok: false,
    problem: {
      code: 'OPTED_OUT',
      message: `${contact.username ?? 'This contact'} opted out (${why}); opt them back in with PATCH /api/contacts/{id} first`,
      details: {
        contactId: contact.id,
        username: contact.username,
        reason: contact.optedOutReason,
        optedOutAt: contact.optedOutAt,
      },
    },
  };
}

export async function composeDm(
  ports: { contacts: ContactRepository; videos: VideoRepository } & TemplatePort,
  request: DmRequest,
): Promise<Composed> {
  const stored = await withStoredTemplate(ports, request.accountId, request);
  if (!stored.ok) return stored;
  const req = stored.req;
  const addressed = await dmContact(ports, req.accountId, req.contact);
  if (!addressed.ok) return addressed;
  const { contact } = addressed;
  let video: ShareableVideo | null = null;
  if (req.videoId !== undefined) {
    const found = await shareableVideoFor(ports.videos, req.videoId);
    if (!found.ok) return found;
    video = found.video;
  }
  const rendered = renderDm(req, contact, video && videoFacts(video));
  if (!rendered.ok) return rendered;
  return { ok: true, dm: { contact, text: rendered.text, video, template: stored.template } };
}

/** Whom a DM may go to: a known contact with a handle who has not asked us to stop. */
export async function dmContact(
  ports: { contacts: ContactRepository },
  accountId: string,
  contactRef: string,
): Promise<{ ok: true; contact: Contact & { username: string } } | { ok: false; problem: DmProblem }> {
  const contact = await ports.contacts.getContact(accountId, contactRef);
  if (!contact) return { ok: false, problem: { code: 'CONTACT_NOT_FOUND', message: 'Contact not found' } };
  if (contact.optedOut) return optedOutProblem(contact);
  if (!contact.username) {
    return {
      ok: false,
      problem: {
        code: 'NO_HANDLE',
        message:
          "This contact is known only by a display name; a DM goes only to a handle (sending by name would open whichever row shows it). Set the contact's username first.",
      },
    };
  }
  return { ok: true, contact: { ...contact, username: contact.username } };
}

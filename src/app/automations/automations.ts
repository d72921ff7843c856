import type {
  AutomationFields,
  AutomationReply,
  AutomationRepository,
  AutomationWithStats,
} from '../../adapters/db/automation-repository';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import { distinctKeywords, keywordProblem, MAX_KEYWORDS } from '../../domain/keyword-match';
import { renderDm, shareableVideoFor, videoFacts, type VideoFacts } from '../outreach/dm-compose';
import { fromMediaPoster } from '../video-outreach/mediaposter-reads';
import { dmRefused, Refused } from '../refusal';

/**
 * Keyword replies' settings (POST/GET/PATCH/DELETE /api/automations): an automation is checked
 * when it is saved — its keywords usable, its video in MediaPoster with a public post, its reply
 * a DM that renders — so a mistake is a 4xx now rather than replies that never go out.
 */

export interface AutomationPorts {
  automations: AutomationRepository;
  videos: VideoRepository;
  now: () => number;
}

export interface AutomationInput {
  name: string;
  keywords: string[];
  reply: AutomationReply;
  videoId?: string | null;
  enabled?: boolean;
}

/** Who a reply is checked against when it is saved: every template may use their name and handle. */
const SAMPLE_CONTACT = { username: 'sample.handle', displayName: 'Sample Person' };

const invalid = (path: string, message: string) =>
  new Refused('VALIDATION_FAILED', `Invalid ${path}: ${message}`, [{ path, message }]);

function checkedKeywords(keywords: string[]): string[] {
  keywords.forEach((k, i) => {
    const problem = keywordProblem(k);
    if (problem) throw invalid(`keywords.${i}`, `"${k.slice(0, 80)}" ${problem}`);
  });
  const distinct = distinctKeywords(keywords);
  if (distinct.length > MAX_KEYWORDS) throw invalid('keywords', `at most ${MAX_KEYWORDS} keywords`);
  return distinct;
}

async function videoOf(ports: AutomationPorts, videoId: string | null): Promise<VideoFacts | null> {
  if (videoId === null) return null;
  const found = await fromMediaPoster(() => shareableVideoFor(ports.videos, videoId));
  if (!found.ok) throw dmRefused(found.problem, 'videoId');
  return videoFacts(found.video);
}

/** The reply rendered for a sample contact and the video: a placeholder it cannot fill is a 400 now. */
function checkReply(reply: AutomationReply, video: VideoFacts | null): void {
  const rendered = renderDm(reply, SAMPLE_CONTACT, video);
  if (rendered.ok) return;
  const path = 'template' in reply ? 'reply.template' : 'reply.text';
  const hint = video === null && /video_/.test(rendered.problem.message) ? ' (a video variable needs a videoId)' : '';
  throw invalid(path, `${rendered.problem.message}${hint}`);
}

export async function createAutomation(
  ports: AutomationPorts,
  accountId: string,
  input: AutomationInput,
): Promise<AutomationWithStats> {
  const keywords = checkedKeywords(input.keywords);
  const videoId = input.videoId ?? null;
  checkReply(input.reply, await videoOf(ports, videoId));
  const enabled = input.enabled ?? true;
  return ports.automations.create(accountId, {
    name: input.name,
    keywords,
    reply: input.reply,
    videoId,
    enabled,
    activeSince: enabled ? new Date(ports.now()).toISOString() : null,
  });
}

export async function getAutomation(ports: Pick<AutomationPorts, 'automations'>, id: string) {
  const found = await ports.automations.get(id);
  if (!found) throw new Refused('NOT_FOUND', `No automation ${id}`);
  return found;
}

/**
 * Only the given fields change. Enabled again, it answers only what is written from then on
 * (messages that came while it was off are not answered later); disabled, it answers nothing.
 */
export async function updateAutomation(
  ports: AutomationPorts,
  id: string,
  patch: Partial<AutomationInput>,
): Promise<AutomationWithStats> {
  const current = await getAutomation(ports, id);
  const fields: Partial<AutomationFields> = {};
  if (patch.name !== undefined) fields.name = patch.name;
  if (patch.keywords !== undefined) fields.keywords = checkedKeywords(patch.keywords);
  if (patch.reply !== undefined || patch.videoId !== undefined) {
    const videoId = patch.videoId === undefined ? current.videoId : patch.videoId;
    checkReply(patch.reply ?? current.reply, await videoOf(ports, videoId));
    if (patch.reply !== undefined) fields.reply = patch.reply;
    if (patch.videoId !== undefined) fields.videoId = patch.videoId;
  }
  if (patch.enabled !== undefined && patch.enabled !== current.enabled) {
    fields.enabled = patch.enabled;
    fields.activeSince = patch.enabled ? new Date(ports.now()).toISOString() : null;
  }
  if (Object.keys(fields).length === 0) return current;
  const changed = await ports.automations.update(id, fields);
  if (!changed) throw new Refused('NOT_FOUND', `No automation ${id}`);
  return changed;
}

/** Deleted with its matches; its replies still waiting are cancelled (those sent stay in the ledger). */
export async function deleteAutomation(ports: Pick<AutomationPorts, 'automations'>, id: string, by: string | null) {
  const removed = await ports.automations.remove(id, by);
  if (!removed) throw new Refused('NOT_FOUND', `No automation ${id}`);
  return removed;
}

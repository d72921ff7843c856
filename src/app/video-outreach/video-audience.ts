import type { AudienceRepository } from '../../adapters/db/audience-repository';
import { dmVideoUrl, type ShareableVideo } from '../../domain/shareable-video';
import {
  createAudienceSelector,
  fitReason,
  videoInterest,
  type AudienceMember,
  type AudienceResult,
} from '../../domain/video-audience';
import { videoTemplateFor } from '../../domain/video-outreach-templates';
import type { ChosenContact, OutreachVideo, VideoAudienceRules } from '../../contracts/video-outreach';
import { renderDm, type DmProblem } from '../outreach/dm-compose';

/**
 * A video's audience, as the workflow queues it and the preview route shows it: every contact of
 * the account read once, a page at a time, through the pure match (src/domain/video-audience.ts),
 * and each chosen contact's DM rendered from their lane's template by the same renderer as a
 * direct DM. A DM that cannot be rendered leaves its contact out ('message') rather than going out
 * with a hole in it.
 */

/** The data API's page size cap. */
export const CANDIDATE_PAGE = 1_000;

export function outreachVideoOf(video: ShareableVideo): OutreachVideo | null {
  const url = dmVideoUrl(video);
  return url === null
    ? null
    : { id: video.id, title: video.title, url, topics: video.topics, keywords: video.keywords };
}

export interface ScannedAudience {
  result: AudienceResult;
  chosen: ChosenContact[];
  /** Chosen by the match, left out because their DM could not be written, with the problem. */
  unwritable: { member: AudienceMember; problem: DmProblem }[];
}

type KeyRange = [after: string | null, below: string | null];
/**
 * Contacts' ids are random (v4) uuids, so two halves of the id space hold about half each: the
 * database answers one half's page while this process parses the other's, which is where a page's
 * time goes (the query itself is a tenth of it). Together they cover every id once.
 */
const KEY_RANGES: KeyRange[] = [
  [null, '80000000-0000-0000-0000-000000000000'],
  ['7fffffff-ffff-ffff-ffff-ffffffffffff', null],
];

export async function scanAudience(
  audience: Pick<AudienceRepository, 'candidates'>,
  accountId: string,
  video: OutreachVideo,
  rules: VideoAudienceRules & { nowMs: number },
  onPage: () => void = () => {},
): Promise<ScannedAudience> {
  const selector = createAudienceSelector(videoInterest(video), rules);
  // Each half of the id space a page at a time, both at once (the selector's result does not depend
  // on the order pages arrive in).
  const scan = async ([from, below]: KeyRange) => {
    for (let after = from; ;) {
      const page = await audience.candidates(accountId, after, CANDIDATE_PAGE, below);
      selector.add(page);
      onPage();
      if (page.length < CANDIDATE_PAGE) return;
      after = page[page.length - 1]!.id;
    }
  };
  await Promise.all(KEY_RANGES.map(scan));
  const result = selector.result();
  const chosen: ChosenContact[] = [];
  const unwritable: ScannedAudience['unwritable'] = [];
  for (const member of result.chosen) {
    const written = videoDm(member, video);
    if ('problem' in written) unwritable.push({ member, problem: written.problem });
    else chosen.push(written);
  }
  return { result, chosen, unwritable };
}

/** The member's DM: their lane's template with their name, the video and the reason it fits them. */
export function videoDm(member: AudienceMember, video: OutreachVideo): ChosenContact | { problem: DmProblem } {
  const c = member.candidate;
  const template = videoTemplateFor(member.lane);
  const facts = { title: video.title, url: video.url, caption: null };
  const rendered = renderDm(
    { template: template.text, variables: { reason: fitReason(member) } },
    { displayName: c.displayName, username: c.username },
    facts,
  );
  if (!rendered.ok) return { problem: rendered.problem };
  return {
    contactId: c.id,
    username: c.username!,
    hasWritten: c.recentInbound.length > 0,
    score: member.score,
    reasons: member.reasons,
    lane: member.lane,
    template: template.id,
    text: rendered.text,
  };
}

/** The summary's skip counts: every reason a contact was not chosen, with zero counts left out. */
export function skippedCounts(scanned: ScannedAudience): Record<string, number> {
  const { counts } = scanned.result;
  const all: Record<string, number> = {
    below_min_score: counts.belowMinScore,
    opted_out: counts.opted_out,
    no_handle: counts.no_handle,
    cooldown: counts.cooldown,
    over_limit: counts.over_limit,
    message: scanned.unwritable.length,
  };
  return Object.fromEntries(Object.entries(all).filter(([, n]) => n > 0));
}

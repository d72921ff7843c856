import type { AccountRepository } from '../../adapters/db/account-repository';
import type {
  Automation,
  AutomationRepository,
  MatchRecord,
  UncheckedMessage,
} from '../../adapters/db/automation-repository';
import type { VideoRepository } from '../../adapters/mediaposter/video-repository';
import { outboxEvent } from '../../domain/events';
import { compileKeywords, findKeyword } from '../../domain/keyword-match';
import { replyDecision } from '../../domain/keyword-replies';
import { effectiveApprovalMode, type OutreachDefaults } from '../../domain/outreach';
import type { SenderWaker } from '../outreach/sender-waker';
import { shareableVideoFor, videoFacts, type VideoFacts } from '../outreach/dm-compose';
import { accountOrFail } from '../outreach/outreach-prepare';
import { replyFor, type Replying } from './keyword-reply';

/**
 * Keyword replies, after each thread batch is stored: unless no automation is on (then what waits
 * is marked checked in one statement), the account's inbound messages not yet checked are read
 * (oldest first, a page at a time), each enabled automation decides whether one
 * contains a keyword and what to do (src/domain), and one write queues the replies, records the
 * matches with their automation.matched events and marks the page checked. Then the sender is
 * woken. A message checked twice (two batches at once) is recorded once: the write's keys hold.
 */

export interface KeywordCheckPorts {
  automations: Pick<AutomationRepository, 'checkNeeded' | 'enabled' | 'unchecked' | 'recordMatches'>;
  accounts: Pick<AccountRepository, 'get'>;
  videos: VideoRepository;
  senders: SenderWaker;
  outreachSettings: { defaults: OutreachDefaults };
}

const PAGE = 500;
/** Pages per call: the rest waits for the next batch (each call is bounded). */
const MAX_PAGES = 10;

export interface KeywordCheckResult {
  checked: number;
  matched: number;
  queued: number;
}

export async function checkKeywordReplies(
  ports: KeywordCheckPorts,
  accountId: string,
  onPage: () => void = () => undefined,
): Promise<KeywordCheckResult> {
  const total = { checked: 0, matched: 0, queued: 0 };
  // No automation on: what waits was marked checked unread (most accounts; every thread batch asks).
  if (!(await ports.automations.checkNeeded(accountId))) return total;
  for (let page = 0; page < MAX_PAGES; page++) {
    const messages = await ports.automations.unchecked(accountId, PAGE);
    if (messages.length === 0) break;
    // Read after the page: an automation created before one of these messages was stored is seen.
    const automations = (await ports.automations.enabled(accountId)).filter((a) => a.activeSince !== null);
    const found = findMatches(automations, messages);
    // Only a page with matches reads the account and the videos (a MediaPoster outage stops no other check).
    const replying = found.length > 0 ? await replyingFor(ports, accountId, automations) : null;
    const recorded = await ports.automations.recordMatches(
      accountId,
      messages.map((m) => m.id),
      found.map((f) => toRecord(replying!, f)),
    );
    total.checked += messages.length;
    total.matched += recorded.matched;
    total.queued += recorded.queued;
    onPage();
    if (messages.length < PAGE) break;
  }
  if (total.queued > 0) await ports.senders.wakeSender(accountId, 'keyword reply');
  return total;
}

/** What composing a reply needs, read once per call: the approval mode and each automation's video. */
async function replyingFor(ports: KeywordCheckPorts, accountId: string, automations: Automation[]): Promise<Replying> {
  const account = await accountOrFail(ports, accountId);
  const videos = new Map<string, VideoFacts | null>();
  for (const id of new Set(automations.flatMap((a) => (a.videoId ? [a.videoId] : [])))) {
    const found = await shareableVideoFor(ports.videos, id);
    videos.set(id, found.ok ? videoFacts(found.video) : null);
  }
  return {
    accountId,
    mode: effectiveApprovalMode(account, ports.outreachSettings.defaults),
    videos,
    replied: new Set(),
  };
}

interface Found {
  a: Automation;
  m: UncheckedMessage;
  keyword: string;
  hold: boolean;
}

/** Each automation's keyword in each message written since it was enabled (src/domain decides). */
function findMatches(automations: Automation[], messages: UncheckedMessage[]): Found[] {
  const compiled = automations.map((a) => ({
    a,
    matcher: compileKeywords(a.keywords),
    since: Date.parse(a.activeSince!),
  }));
  const found: Found[] = [];
  for (const m of messages) {
    const timing = {
      sentAtMs: m.sent_at === null ? null : Date.parse(m.sent_at),
      observedAtMs: Date.parse(m.observed_at),
      firstRead: m.first_read,
    };
    for (const { a, matcher, since } of compiled) {
      const keyword = findKeyword(matcher, m.text);
      if (keyword === null) continue;
      const decision = replyDecision(since, timing);
      if (decision !== 'before_automation') found.push({ a, m, keyword, hold: decision === 'hold' });
    }
  }
  return found;
}

/** A match with its reply (or why none) and its automation.matched payload. */
function toRecord(replying: Replying, { a, m, keyword, hold }: Found): MatchRecord {
  const { outcome, item } = replyFor(replying, a, m, hold);
  const event = outboxEvent('automation.matched', m.contact.id, {
    automation: { id: a.id, name: a.name },
    contact: { id: m.contact.id, username: m.contact.username, display_name: m.contact.display_name },
    message: {
      id: m.id,
      conversation_id: m.conversation_id,
      position: m.position,
      text: m.text,
      sent_at: m.sent_at,
      observed_at: m.observed_at,
    },
    keyword,
    outcome,
    item_id: item?.id ?? null,
  }).payload;
  return { automationId: a.id, messageId: m.id, contactId: m.contact.id, keyword, outcome, item, event };
}

import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { InboxRepository } from '../../adapters/db/inbox-repository';
import type { OriginalTables } from '../../adapters/db/original-tables';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import type { ContactFields } from '../../domain/contact-fields';
import {
  contactFieldsOf,
  threadOf,
  type ImportSkip,
  type OriginalContact,
  type OriginalMessage,
} from '../../domain/original-import';
import { mergeThread } from '../../domain/thread-merge';
import type { ScoreWeights } from '../../domain/scoring';
import { upsertScored } from '../contacts/contact-scoring';
import { write } from './thread-writes';
import type { Read } from './thread-reading';

/**
 * Takes over the original crm-server's data: its contacts by handle with what they knew about each,
 * each contact's thread id, and its messages merged into the thread by the same rules a sync uses
 * (nothing doubled, repeated short replies kept), through the same writes as a sync — events,
 * totals and scores included. The original tables are only read. Running it again changes nothing.
 */

export interface ImportPorts {
  original: OriginalTables;
  contacts: Pick<ContactRepository, 'upsertContacts'>;
  scores: Pick<ScoreRepository, 'byUsernames' | 'recentMessages' | 'record'>;
  inbox: InboxRepository;
  now: () => number;
  scoreWeights: ScoreWeights;
}

export interface ImportReport {
  contactsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  threads: number;
  messagesRead: number;
  messagesAdded: number;
  skipped: Partial<Record<ImportSkip, number>>;
  /** A few skipped handles, to look at. */
  examples: { username: string; reason: ImportSkip }[];
}

/** Contacts per step: their ids travel in URLs, their threads in one write. */
const PAGE = 150;
/** Stored messages handed to the merge: enough to find an earlier import's end in a long thread. */
const TAIL = 500;

export async function importOriginal(
  ports: ImportPorts,
  accountId: string,
  runKey: string,
  onStep: (r: ImportReport) => void = () => {},
): Promise<ImportReport> {
  const report: ImportReport = {
    contactsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    threads: 0,
    messagesRead: 0,
    messagesAdded: 0,
    skipped: {},
    examples: [],
  };
  const seen = new Set<string>();
  for (let after: string | null = null, step = 0; ; step++) {
    const page = await ports.original.contacts(after, PAGE);
    if (page.length === 0) return report;
    after = page[page.length - 1]!.id;
    report.contactsRead += page.length;
    await importPage(ports, accountId, `import-original:${runKey}:${step}`, accepted(page, seen, report), report);
    onStep(report);
  }
}

type Accepted = { original: OriginalContact; fields: ContactFields };

/** The page's contacts that can be taken: a valid handle, not seen earlier under another spelling. */
function accepted(page: OriginalContact[], seen: Set<string>, report: ImportReport): Accepted[] {
  const kept: Accepted[] = [];
  for (const original of page) {
    const mapped = contactFieldsOf(original);
    if (!mapped.ok) skip(report, mapped.reason, original.instagram_username);
    else if (seen.has(mapped.fields.username)) skip(report, 'duplicate_username', original.instagram_username);
    else {
      seen.add(mapped.fields.username);
      kept.push({ original, fields: mapped.fields });
    }
  }
  return kept;
}

function skip(report: ImportReport, reason: ImportSkip, username: string, n = 1) {
  report.skipped[reason] = (report.skipped[reason] ?? 0) + n;
  if (report.examples.length < 20) report.examples.push({ username, reason });
}

async function importPage(
  ports: ImportPorts,
  accountId: string,
  token: string,
  page: Accepted[],
  report: ImportReport,
) {
  if (page.length === 0) return;
  const written = await upsertScored(
    ports,
    accountId,
    page.map((p) => p.fields),
    { nowMs: ports.now(), weights: ports.scoreWeights },
  );
  Object.assign(report, {
    created: report.created + written.created,
    updated: report.updated + written.updated,
    unchanged: report.unchanged + written.unchanged,
  });
  const ours = new Map(written.contacts.map((c) => [c.username, c.id]));
  const originalIds = page.map((p) => p.original.id);
  const [threadIds, messages] = await Promise.all([
    ports.original.threadIds(originalIds),
    ports.original.messages(originalIds),
  ]);
  report.messagesRead += messages.length;
  const byContact = groupBy(messages);
  const withHistory = page.filter((p) => threadIds.has(p.original.id) || byContact.has(p.original.id));
  if (withHistory.length === 0) return;
  const ourId = (p: Accepted) => ours.get(p.fields.username)!;
  await ports.inbox.storeListing(
    accountId,
    withHistory.map((p) => ({
      contactId: ourId(p),
      username: p.fields.username,
      displayName: p.fields.displayName ?? null,
      threadId: threadIds.get(p.original.id) ?? null,
      listingName: null,
      tab: null,
      preview: null,
      previewIsOutbound: null,
      unreadCount: null,
    })),
  );
  const contactIds = withHistory.map(ourId);
  await ports.inbox.queueThreads(accountId, contactIds);
  const originalOf = new Map(withHistory.map((p) => [ourId(p), p]));
  const claimed = await ports.inbox.claimThreads(accountId, token, contactIds.length, TAIL, contactIds);
  const reads = claimed.map((thread): Read => {
    const p = originalOf.get(thread.contactId)!;
    const { read, empty } = threadOf(byContact.get(p.original.id) ?? []);
    if (empty) skip(report, 'empty_message', p.fields.username, empty);
    const merge = mergeThread(thread.tail, read);
    const outcome = {
      conversationId: thread.conversationId,
      expectedCount: thread.messageCount,
      messages: merge.append.map((m) => ({
        text: m.text,
        isOutbound: m.isOutbound,
        messageType: m.messageType ?? 'text',
        sentAt: m.sentAt ?? null,
      })),
    };
    const earlier = read.slice(0, read.length - merge.append.length);
    return {
      thread,
      gap: merge.gap,
      appended: merge.append,
      earlier,
      outcome,
      summary: { name: p.fields.username, found: read.length, saved: merge.append.length },
    };
  });
  const counts = await write(ports, { accountId, token }, reads, 'import');
  report.threads += reads.length;
  report.messagesAdded += counts.messagesAdded;
}

function groupBy(messages: OriginalMessage[]): Map<string, OriginalMessage[]> {
  const by = new Map<string, OriginalMessage[]>();
  for (const m of messages) {
    if (!m.contactId) continue;
    const list = by.get(m.contactId);
    if (list) list.push(m);
    else by.set(m.contactId, [m]);
  }
  return by;
}

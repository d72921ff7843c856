import { createHash, randomUUID } from 'node:crypto';
import type { NewOutreachItem } from '../../adapters/db/outreach-repository';
import type { Contact } from '../../domain/types';
import { outboxEvent } from '../../domain/events';
import { newItemStatus } from '../../domain/outreach-transitions';
import { needsApproval, normalizeDmText, type ApprovalMode, type OutreachKind } from '../../domain/send-rules';

/**
 * Building ledger rows: business keys, text keys and the row itself, the same for every way an item
 * is created (a direct DM's workflow, the queue routes, a campaign).
 */

const digest = (...parts: (string | null | undefined)[]) =>
  createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u0000'))
    .digest('hex');

/** Equal for texts that read the same (normalized), so "the same text to the same contact" is a key lookup. */
export const textKeyOf = (text: string) => digest(normalizeDmText(text)).slice(0, 32);

/**
 * The ledger's unique key. A caller's idempotency key wins; a campaign sends once per contact;
 * otherwise the request itself (contact, text or template, its variables, the video) is the key,
 * so a retried request finds the item it created.
 */
export function businessKeyOf(k: {
  kind: OutreachKind;
  contactId: string;
  idempotencyKey?: string;
  campaign?: string | null;
  source: string;
  videoId?: string | null;
}): string {
  if (k.idempotencyKey) return `${k.kind === 'direct' ? 'dm' : 'queue'}:key:${digest(k.idempotencyKey).slice(0, 40)}`;
  if (k.kind === 'campaign' && k.campaign) return `campaign:${digest(k.campaign).slice(0, 24)}:${k.contactId}`;
  return `${k.kind === 'direct' ? 'dm' : 'queue'}:${digest(k.contactId, k.source, k.videoId).slice(0, 40)}`;
}

/** What a request asks to say, for its ledger key: a stored template's new version is another DM. */
export function requestSource(
  req: { text?: string; template?: string; variables?: Record<string, string> },
  stored: { id: string; version: number } | null,
): string {
  const vars = JSON.stringify(req.variables ?? {});
  if (stored) return `template_id:${stored.id}@${stored.version}:${vars}`;
  return req.template !== undefined ? `template:${req.template}:${vars}` : `text:${req.text}`;
}

export interface ItemDraft {
  kind: OutreachKind;
  businessKey: string;
  contact: Pick<Contact, 'id' | 'username' | 'totalMessagesReceived'> & { username: string };
  text: string;
  priority: number;
  scheduledAt: string | null;
  campaign: string | null;
  template: string | null;
  /** The stored template (and version) that wrote the text, kept in the ledger. */
  templateRef?: { id: string; version: number } | null;
  videoId: string | null;
  notifyWorkflowId: string | null;
  requestId: string | null;
  /** The API key that asked for it (its name), kept in the item's history; null for the CRM's own campaigns. */
  by?: string | null;
}

/** Campaign items stop when the contact replies; direct and plain queue items do not. */
export function newOutreachItem(accountId: string, d: ItemDraft, approvalMode: ApprovalMode): NewOutreachItem {
  const id = randomUUID();
  const requiresApproval = needsApproval(approvalMode, d.kind, d.contact.totalMessagesReceived > 0);
  const status = newItemStatus(requiresApproval);
  const ref = {
    item_id: id,
    account_id: accountId,
    contact_id: d.contact.id,
    username: d.contact.username,
    kind: d.kind,
    campaign: d.campaign,
  };
  return {
    id,
    businessKey: d.businessKey,
    kind: d.kind,
    contactId: d.contact.id,
    username: d.contact.username,
    text: d.text,
    textKey: textKeyOf(d.text),
    priority: d.priority,
    scheduledAt: d.scheduledAt,
    campaign: d.campaign,
    template: d.template,
    templateId: d.templateRef?.id ?? null,
    templateVersion: d.templateRef?.version ?? null,
    videoId: d.videoId,
    stopOnReply: d.kind === 'campaign',
    requiresApproval,
    status,
    notifyWorkflowId: d.notifyWorkflowId,
    requestId: d.requestId,
    by: d.by ?? null,
    event:
      d.kind === 'direct'
        ? null
        : outboxEvent('outreach.queued', id, { ...ref, status, priority: d.priority, scheduled_at: d.scheduledAt })
            .payload,
  };
}

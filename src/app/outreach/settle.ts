import type { ContactRepository } from '../../adapters/db/contact-repository';
import type { OutreachRepository } from '../../adapters/db/outreach-repository';
import type { ScoreRepository } from '../../adapters/db/score-repository';
import type { DmOutcome } from '../../contracts/sender';
import { outboxEvent, type OutboxEvent } from '../../domain/events';
import type { OutreachItem } from '../../domain/outreach';
import { settleMove } from '../../domain/outreach-transitions';
import { staleScores } from '../../domain/rescoring';
import type { ScoreWeights } from '../../domain/scoring';
import { carriesContent, valueDelivered } from '../../domain/value-delivered';
import { UseCaseFailure } from '../failure';
import { itemRef } from './outreach-prepare';
import { opensPlan, type FollowUpStarter } from '../follow-ups/follow-up-control';

/**
 * Recording how an attempt ended, in one transaction with its events: sent (the message stored in
 * the conversation, then the contact rescored), failed, needs review (never resent automatically),
 * or back to the queue when nothing went out.
 */

export type Settlement =
  | { to: 'sent'; outcome: string }
  | { to: 'failed' | 'needs_review'; outcome: string; error: string }
  /** Back to the queue: nothing went out. A soft failure counts against maxSoftRetries; past it the item fails. */
  | { to: 'queued'; outcome: string; error: string | null; softFailure: boolean; maxSoftRetries?: number };

export type Settled = DmOutcome & { notifyWorkflowId: string | null; softFailures: number };

const RECENT_MESSAGES = 50;

export interface SettlePorts {
  outreach: Pick<OutreachRepository, 'get' | 'transition'>;
  contacts: Pick<ContactRepository, 'getContact' | 'getScored' | 'messagesOf'>;
  scores: Pick<ScoreRepository, 'record'>;
  now: () => number;
  scoreWeights: ScoreWeights;
  /** Starts a sent first DM's follow-ups (absent: items carry no plans here). */
  followUps?: FollowUpStarter;
}

export function createSettler(deps: SettlePorts) {
  async function events(item: OutreachItem, s: Settlement, sentAt: string): Promise<OutboxEvent[]> {
    if (s.to === 'queued') return [];
    const contact = await deps.contacts.getContact(item.accountId, item.contactId);
    const ref = {
      id: item.contactId,
      username: contact?.username ?? item.username,
      display_name: contact?.displayName ?? null,
    };
    const queueItem = item.kind !== 'direct';
    if (s.to === 'sent') {
      const sent = outboxEvent('message.sent', item.contactId, {
        contact: ref,
        username: item.username,
        text: item.text,
        automated: true,
        item_id: item.id,
        sent_at: sentAt,
      });
      return queueItem ? [sent, outboxEvent('outreach.sent', item.id, { ...itemRef(item), sent_at: sentAt })] : [sent];
    }
    const failed = { ...itemRef(item), status: s.to, outcome: s.outcome, error: s.error };
    // needs_review is not a failure of the message (it may well have arrived): only the queue hears of it.
    const message =
      s.to === 'failed'
        ? [
            outboxEvent('message.failed', item.contactId, {
              contact: ref,
              username: item.username,
              item_id: item.id,
              outcome: s.outcome,
              error: s.error,
            }),
          ]
        : [];
    return queueItem ? [...message, outboxEvent('outreach.failed', item.id, failed)] : message;
  }

  async function rescore(item: OutreachItem): Promise<void> {
    const row = await deps.contacts.getScored(item.accountId, item.contactId);
    if (!row) return;
    const { messages } = await deps.contacts.messagesOf(item.accountId, item.contactId, RECENT_MESSAGES);
    const updates = staleScores([{ ...row, messages }], deps.now(), deps.scoreWeights);
    const reason = carriesContent(item) ? 'value_delivered' : 'dm_sent';
    if (updates.length) await deps.scores.record(item.accountId, updates, reason);
  }

  return {
    async settle(itemId: string, token: string, requested: Settlement): Promise<Settled> {
      const current = await deps.outreach.get(itemId);
      if (!current) throw new UseCaseFailure('ITEM_NOT_FOUND', `no outreach item ${itemId}`);
      const item = current.item;
      const s = withinRetries(requested, item);
      const sentAt = new Date(deps.now()).toISOString();
      const fields = {
        outcome: s.outcome,
        ...(s.to === 'sent' ? { sent_at: sentAt, last_error: null } : { last_error: s.error }),
        ...(s.to === 'queued' && s.softFailure ? { soft_failures_add: 1 } : {}),
      };
      const moved = await deps.outreach.transition(itemId, {
        move: settleMove(s.to),
        token,
        fields,
        note: { outcome: s.outcome, ...(s.to === 'sent' ? {} : { error: s.error }) },
        events: await events(item, s, sentAt),
        storeMessage: s.to === 'sent',
        // A DM carrying content counts once: added only by the move that applies, never by a repeat.
        ...(s.to === 'sent' ? { valueDelivered: valueDelivered(item) } : {}),
      });
      const after = moved.item ?? item;
      if (!moved.applied && !moved.already) {
        throw new UseCaseFailure(
          'RESERVATION_LOST',
          `item ${itemId} is ${after.status}, no longer held by this attempt`,
        );
      }
      // Also on a repeat whose first attempt committed the move but not the score.
      if (s.to === 'sent') await rescore(after);
      // Also on a repeat: the plan's run is started once, by its business id, however often this runs.
      if (opensPlan(after)) await deps.followUps?.startFollowUps(after.accountId, after.id);
      return {
        itemId,
        status: after.status,
        outcome: after.outcome,
        error: after.lastError,
        sentAt: after.sentAt,
        notifyWorkflowId: after.notifyWorkflowId,
        softFailures: after.softFailures,
      };
    },
  };
}

/** A soft failure past the item's budget fails it instead of queueing it again. */
function withinRetries(s: Settlement, item: OutreachItem): Settlement {
  if (s.to !== 'queued' || !s.softFailure || item.softFailures < (s.maxSoftRetries ?? Number.POSITIVE_INFINITY))
    return s;
  return {
    to: 'failed',
    outcome: s.outcome,
    error: `${s.error ?? s.outcome} (after ${item.softFailures + 1} attempts)`,
  };
}

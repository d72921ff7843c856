import type { z } from '@hono/zod-openapi';
import { normalizeUsername, type ContactFields } from '../domain/contact-fields';
import type { ContactScore } from '../domain/scoring';
import type { StoredMessage } from '../adapters/db/contact-repository';
import type { LearnedFields, LearnedProvenance } from '../domain/learned-updates';
import type { Contact } from '../domain/types';
import type { OutreachItem } from '../domain/outreach';
import type { OutreachItemResource } from './schemas/outreach';
import { stepsResource } from './follow-up-resource';
import type { ContactInput, ContactPatch, ContactResource, MessageResource } from './schemas/contact';
import type { ScoreResource } from './schemas/score';

/** Translation between the API's snake_case representation and the domain's types. */

export function toContactResource(c: Contact): z.infer<typeof ContactResource> {
  return {
    id: c.id,
    username: c.username,
    instagram_username: c.username,
    display_name: c.displayName,
    thread_id: c.threadId,
    relationship_score: c.relationshipScore,
    pipeline_stage: c.pipelineStage,
    what_theyre_building: c.whatTheyreBuilding,
    current_friction: c.currentFriction,
    their_definition_of_win: c.theirDefinitionOfWin,
    asks_opinion: c.asksOpinion,
    shares_updates: c.sharesUpdates,
    has_referred_others: c.hasReferredOthers,
    fit_signals: c.fitSignals,
    tags: c.tags,
    notes: c.notes,
    opted_out: c.optedOut,
    opted_out_at: c.optedOutAt,
    opted_out_reason: c.optedOutReason,
    opted_out_message_id: c.optedOutMessageId,
    opted_out_by: c.optedOutBy,
    opted_in_at: c.optedInAt,
    total_messages_sent: c.totalMessagesSent,
    total_messages_received: c.totalMessagesReceived,
    value_delivered_count: c.valueDeliveredCount,
    promises_made: c.promisesMade,
    promises_kept: c.promisesKept,
    last_message_at: c.lastMessageAt,
    last_intent: c.lastIntent,
    last_replied_at: c.lastRepliedAt,
    learned_fields: toLearnedResource(c.learnedFields),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

const toSource = (s: LearnedProvenance) => ({
  value: s.value,
  sentence: s.sentence,
  message_id: s.messageId,
  learned_at: s.learnedAt,
  pattern: s.pattern,
});

/** Each learned field's source in the API's names; fields never learned are left out. */
function toLearnedResource(l: LearnedFields): z.infer<typeof ContactResource>['learned_fields'] {
  const text = (['what_theyre_building', 'current_friction', 'their_definition_of_win'] as const).flatMap((f) => {
    const s = l[f];
    return s ? [[f, toSource(s)] as const] : [];
  });
  return {
    ...Object.fromEntries(text),
    ...(l.fit_signals?.length ? { fit_signals: l.fit_signals.map(toSource) } : {}),
  };
}

export function toContactFields(input: ContactInput): ContactFields {
  // The schema requires one of the two (and that they agree).
  return { username: normalizeUsername(input.username ?? input.instagram_username ?? ''), ...toFieldChanges(input) };
}

/** The fields besides the handle (PATCH takes only these). */
export function toFieldChanges(input: z.infer<typeof ContactPatch>): Omit<ContactFields, 'username'> {
  return {
    displayName: input.display_name,
    pipelineStage: input.pipeline_stage,
    whatTheyreBuilding: input.what_theyre_building,
    currentFriction: input.current_friction,
    theirDefinitionOfWin: input.their_definition_of_win,
    asksOpinion: input.asks_opinion,
    sharesUpdates: input.shares_updates,
    hasReferredOthers: input.has_referred_others,
    fitSignals: input.fit_signals,
    tags: input.tags,
    notes: input.notes,
    optedOut: input.opted_out,
  };
}

export function toMessageResource(m: StoredMessage): z.infer<typeof MessageResource> {
  return {
    id: m.id,
    position: m.position,
    message_text: m.text,
    message_type: m.messageType,
    is_outbound: m.isOutbound,
    sent_by_automation: m.sentByAutomation,
    sent_at: m.sentAt,
    intent: m.intent,
    intent_reason: m.intentReason,
  };
}

export function toScoreResource(s: ContactScore): z.infer<typeof ScoreResource> {
  return { overall: s.overall, components: { ...s.components }, tier: { ...s.tier }, lane: s.lane, ...s.components };
}

export function toItemResource(i: OutreachItem): z.infer<typeof OutreachItemResource> {
  return {
    id: i.id,
    account_id: i.accountId,
    contact_id: i.contactId,
    username: i.username,
    text: i.text,
    kind: i.kind,
    priority: i.priority,
    scheduled_at: i.scheduledAt,
    status: i.status,
    campaign: i.campaign,
    template: i.template,
    template_id: i.templateId,
    template_version: i.templateVersion,
    video_id: i.videoId,
    approved_at: i.approvedAt,
    attempts: i.attempts,
    outcome: i.outcome,
    error: i.lastError,
    created_at: i.createdAt,
    sent_at: i.sentAt,
    ...stepsResource(i),
  };
}

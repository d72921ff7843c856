import type { z } from '@hono/zod-openapi';
import { normalizeUsername, type ContactFields } from '../domain/contact-fields';
import type { ContactScore } from '../domain/scoring';
import type { Contact, Message } from '../domain/types';
import type { ContactInput, ContactResource, MessageResource } from './schemas/contact';
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
    total_messages_sent: c.totalMessagesSent,
    total_messages_received: c.totalMessagesReceived,
    last_message_at: c.lastMessageAt,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function toContactFields(input: ContactInput): ContactFields {
  return {
    // The schema requires one of the two (and that they agree).
    username: normalizeUsername(input.username ?? input.instagram_username ?? ''),
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

export function toMessageResource(m: Message): z.infer<typeof MessageResource> {
  return {
    position: m.position,
    message_text: m.text,
    message_type: m.messageType,
    is_outbound: m.isOutbound,
    sent_by_automation: m.sentByAutomation,
    sent_at: m.sentAt,
  };
}

export function toScoreResource(s: ContactScore): z.infer<typeof ScoreResource> {
  return { overall: s.overall, components: { ...s.components }, tier: { ...s.tier }, lane: s.lane, ...s.components };
}

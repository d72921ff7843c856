import type { ActionLane, Contact, Message } from './types';
import { determineActionLane } from './scoring';
import { analyzeConversationContext, type ConversationContext } from './conversation-context';
import { DEFAULT_TEMPLATES, LANES_CONSIDERED, type ActionTemplate } from './copilot-templates';
import { DEFAULT_FIT_CONFIGS, detectFitOpportunity, type FitOpportunity, type FitSignalConfig } from './fit-signals';
import { classifyIntent } from './intents';

/**
 * Reply suggestions (crm-engines.md §3.4): templates ranked by lane, stage and conversation context,
 * then personalized. Deterministic: the same input always gives the same suggestions in the same order.
 */

export interface ReplySuggestion {
  type: ActionLane;
  templateId: string;
  template: string;
  personalized: string;
  reason: string;
  priority: number;
}

export interface CopilotInput {
  contact: Contact;
  messages: readonly Message[];
  templates?: readonly ActionTemplate[];
  fitConfigs?: readonly FitSignalConfig[];
  nowMs: number;
}

export interface CopilotResult {
  lane: ActionLane;
  context: ConversationContext;
  suggestions: ReplySuggestion[];
  fitOpportunity: FitOpportunity | null;
}

export const MAX_SUGGESTIONS = 5;
/** A fit offer rests on the contact's own words, so it ranks like the strongest template (priority 100). */
export const FIT_OFFER_PRIORITY = 100;

export function suggestReplies(input: CopilotInput): CopilotResult {
  const { contact, messages, nowMs } = input;
  const templates = input.templates ?? DEFAULT_TEMPLATES;
  const lane = determineActionLane(contact, contact.relationshipScore);
  const context = analyzeConversationContext(messages, { nowMs, lastMessageAt: contact.lastMessageAt });
  const fitOpportunity = detectFitOpportunity(messages, input.fitConfigs ?? DEFAULT_FIT_CONFIGS);
  const lanes = LANES_CONSIDERED[lane];
  const suggest = (t: ActionTemplate) => toSuggestion(t, lane, contact, context);
  const ranked = templates.filter((t) => lanes.includes(t.lane)).map(suggest);
  // Offers only go to contacts in the offer lane (fit repeated or permission given): elsewhere a fit
  // signal is reported in `fitOpportunity` but no pitch is suggested, as the permission rules ask.
  const fitOffer = fitOpportunity && lane === 'offer' ? suggest(fitOfferTemplate(fitOpportunity)) : null;
  if (fitOffer) ranked.push(fitOffer);
  ranked.sort(bySuggestionOrder);
  // A question in their latest message is answered before anything else is suggested (issue 23).
  const answer = answerFirst(messages, lane, contact, context, ranked[0]?.priority ?? 0);
  const suggestions = (answer ? [answer, ...ranked] : ranked).slice(0, MAX_SUGGESTIONS);
  // When it fires, the fit offer is always shown: it takes the last slot if custom templates outrank it.
  if (fitOffer && !suggestions.includes(fitOffer)) suggestions[MAX_SUGGESTIONS - 1] = fitOffer;
  return { lane, context, suggestions, fitOpportunity };
}

/**
 * 50, +20 own lane, +15 their turn to hear from us, +10 service when they are struggling, +10 a question
 * for a curious contact, +15 written for their stage (+5 for any stage), + a tenth of the template's priority.
 */
export function suggestionPriority(
  template: ActionTemplate,
  lane: ActionLane,
  stage: Contact['pipelineStage'],
  context: ConversationContext,
): number {
  let bonus = 50;
  if (template.lane === lane) bonus += 20;
  if (context.needsResponse) bonus += 15;
  if (context.sentiment === 'negative' && template.lane === 'service') bonus += 10;
  if (context.sentiment === 'curious' && template.text.includes('?')) bonus += 10;
  if (template.stage === stage) bonus += 15;
  else if (template.stage === null || template.stage === 'any') bonus += 5;
  // Integers first, the fraction once: equal inputs give bit-identical sums, so ties are real ties.
  const own = Number.isFinite(template.priority) ? template.priority / 10 : 0;
  return Math.round((bonus + own) * 1e6) / 1e6;
}

/** Higher priority first; equal priorities by template id, so the order never depends on input order. */
export function bySuggestionOrder(a: ReplySuggestion, b: ReplySuggestion): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0;
}

/**
 * `___` becomes what they are building; a template with no question opens with sympathy when they
 * are struggling. crm-core also put their name in front 30% of the time, at random; that is dropped,
 * not hashed into a pseudo-random rule: suggestions must be reproducible, and a lower-cased name
 * prefix added nothing a creator could not type.
 */
export function personalize(text: string, contact: Contact, context: ConversationContext): string {
  const building = contact.whatTheyreBuilding?.trim() || 'that project';
  // A function replacer, so a "$&" in the contact's own words is not read as a replacement pattern.
  const filled = text.replaceAll('___', () => building);
  return context.sentiment === 'negative' && !text.includes('?') ? `that sounds rough. ${filled}` : filled;
}

function toSuggestion(
  template: ActionTemplate,
  lane: ActionLane,
  contact: Contact,
  context: ConversationContext,
): ReplySuggestion {
  const score = contact.relationshipScore ?? 'unscored';
  return {
    type: template.lane,
    templateId: template.id,
    template: template.text,
    personalized: personalize(template.text, contact, context),
    reason: `${template.description} (${template.lane} lane, score: ${score})`,
    priority: suggestionPriority(template, lane, contact.pipelineStage, context),
  };
}

/**
 * When their latest message asks something and it is our turn, a suggestion that answers first:
 * it names what they asked and leaves the answer to the creator (the copilot cannot know a price),
 * then keeps the conversation open. Ranked one above the best template, so it comes first.
 */
function answerFirst(
  messages: readonly Message[],
  lane: ActionLane,
  contact: Contact,
  context: ConversationContext,
  best: number,
): ReplySuggestion | null {
  const last = context.needsResponse ? latestInbound(messages) : undefined;
  const reading = last ? classifyIntent(last.text) : null;
  if (reading?.intent !== 'question') return null;
  const asked = reading.reason === 'question mark' ? 'something' : `"${reading.reason}"`;
  return {
    type: lane,
    templateId: ANSWER_FIRST_ID,
    template: ANSWER_FIRST_TEXT,
    personalized: ANSWER_FIRST_TEXT,
    reason: `They asked ${asked}: answer it first (${lane} lane, score: ${contact.relationshipScore ?? 'unscored'})`,
    priority: best + 1,
  };
}

export const ANSWER_FIRST_ID = 'answer-first';
export const ANSWER_FIRST_TEXT = 'good question! [your answer] — happy to go deeper if that helps.';

function latestInbound(messages: readonly Message[]): Message | undefined {
  let found: Message | undefined;
  for (const m of messages) if (!m.isOutbound && (!found || m.position > found.position)) found = m;
  return found;
}

function fitOfferTemplate(fit: FitOpportunity): ActionTemplate {
  return {
    id: `fit:${fit.configId}`,
    lane: 'offer',
    stage: 'any',
    text: fit.offerTemplate,
    description: `They mentioned ${fit.matches.join(', ')}: a fit for ${fit.product}`,
    priority: FIT_OFFER_PRIORITY,
  };
}

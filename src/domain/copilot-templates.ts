import type { ActionLane, PipelineStage } from './types';

/**
 * Reply templates for the copilot (crm-engines.md §3.4). `___` stands for what the contact is building.
 * The texts the reference names are kept word for word; the rest are written in the same voice:
 * lower-case, short, one question, no pitch without permission.
 */

export interface ActionTemplate {
  id: string;
  lane: ActionLane;
  /** The pipeline stage it is written for; 'any' (or null) fits every stage. */
  stage: PipelineStage | 'any' | null;
  text: string;
  description: string;
  /** 0–100; adds a tenth of itself to the suggestion's priority. */
  priority: number;
}

/** Which lanes' templates are considered for each primary lane, the primary one first. */
export const LANES_CONSIDERED: Readonly<Record<ActionLane, readonly ActionLane[]>> = Object.freeze({
  friendship: ['friendship', 'service'],
  service: ['service', 'friendship'],
  offer: ['offer', 'service'],
  retention: ['retention', 'service', 'friendship'],
  rewarm: ['rewarm', 'friendship'],
});

const t = (
  id: string,
  lane: ActionLane,
  stage: ActionTemplate['stage'],
  priority: number,
  text: string,
  description: string,
): ActionTemplate => Object.freeze({ id, lane, stage, priority, text, description });

export const DEFAULT_TEMPLATES: readonly ActionTemplate[] = Object.freeze([
  t('f1', 'friendship', 'any', 80, 'yo—how did that thing go from last week?', 'Follow up on something they shared'),
  t('f2', 'friendship', 'any', 75, "what's been the best part of your week so far?", 'Keep the conversation light'),
  t('f3', 'friendship', 'context_captured', 70, "how's ___ coming along?", 'Check in on what they are building'),
  t('s1', 'service', 'any', 85, 'want ideas or just want to vent?', 'Let them choose the kind of help'),
  t(
    's2',
    'service',
    'context_captured',
    80,
    "what's the one thing slowing you down most right now?",
    'Find the main friction',
  ),
  t(
    's3',
    'service',
    'any',
    75,
    'i might have something that helps with that — want me to send it over?',
    'Offer a free resource with permission',
  ),
  t(
    's4',
    'service',
    'micro_win_delivered',
    70,
    'did that help at all, or should we try another angle?',
    'Check the micro-win landed',
  ),
  t(
    'o1',
    'offer',
    'fit_repeats',
    85,
    "i've been helping a few people with stuff like ___ — want to hear how it works?",
    'Open the door to an offer',
  ),
  t('o2', 'offer', 'any', 90, 'want me to show you a simple way i solve that? no pressure.', 'Permissioned offer'),
  t(
    'o3',
    'offer',
    'permissioned_offer',
    80,
    'happy to walk you through how working together would look — want the details?',
    'Share offer details once they said yes',
  ),
  t(
    'r1',
    'retention',
    'post_win_expansion',
    85,
    "how's ___ going since we last worked on it?",
    'Check in after the win',
  ),
  t('r2', 'retention', 'any', 80, "anything new you're working on that i could help with?", 'Look for the next win'),
  t('r3', 'retention', 'post_win_expansion', 70, "what's the next big goal for ___?", 'Plan the next step together'),
  t('w1', 'rewarm', 'any', 85, 'no rush to reply — what are you focused on this month?', 'Low-pressure re-opener'),
  t(
    'w2',
    'rewarm',
    'any',
    80,
    "been a minute! how's everything going on your end?",
    'Warm check-in after a quiet spell',
  ),
]);

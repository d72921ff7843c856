/**
 * The coaching checks that count rather than match (crm-engines.md §3.3): message length, who talks
 * more, how many questions; plus the feedback list they share with the rules.
 */

/** Ordered, de-duplicated feedback; the cap is applied at the end so early (rule) feedback wins. */
export class Feedback {
  readonly strengths = new Set<string>();
  readonly improvements = new Set<string>();
  strength(text: string | undefined) {
    if (text) this.strengths.add(text);
  }
  improvement(text: string | undefined) {
    if (text) this.improvements.add(text);
  }
}

export function addHeuristics(outbound: readonly string[], inboundCount: number, feedback: Feedback): void {
  const sent = outbound.length;
  if (sent === 0) return;
  let length = 0;
  let questions = 0;
  for (const text of outbound) {
    length += text.length;
    for (const ch of text) if (ch === '?') questions += 1;
  }
  const averageLength = length / sent;
  if (averageLength > 500) feedback.improvement('Messages are quite long - try to be more concise');
  else if (averageLength < 20) feedback.improvement('Messages are very short - add more context when helpful');
  else feedback.strength('Good message length');
  if (inboundCount > 0) {
    const ratio = sent / inboundCount;
    if (ratio > 3) feedback.improvement("You're sending many more messages than receiving - wait for responses");
    else if (ratio < 0.5) feedback.strength('Good listening - you let them talk');
  }
  if (questions === 0 && sent > 2) feedback.improvement('Ask questions to learn about their situation');
  if (questions > 2 * sent) feedback.improvement('Too many questions can feel like an interrogation');
}

export function nextActionSuggestion(overallScore: number): string {
  if (overallScore < 40) return 'Focus on asking open-ended questions and providing value before any offers';
  if (overallScore < 60) return 'Good start! Try to personalize more and always ask permission before offering';
  if (overallScore < 80) return 'Solid conversation! Consider sharing a helpful resource to add more value';
  return 'Excellent conversation! Keep nurturing this relationship';
}

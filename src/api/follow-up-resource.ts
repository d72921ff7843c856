import type { z } from '@hono/zod-openapi';
import { planView } from '../domain/follow-ups';
import type { OutreachItem } from '../domain/outreach';
import type { FollowUpStepView } from './schemas/follow-ups';

/** An item's place in its campaign's follow-ups, as the queue shows it (see domain/follow-ups.ts planView). */
export function stepsResource(i: OutreachItem) {
  const plan = i.followUps;
  const views = plan && planView({ status: i.status, sentAtMs: i.sentAt === null ? null : Date.parse(i.sentAt) }, plan);
  return {
    step: i.step,
    parent_item_id: i.parentItemId,
    follow_ups:
      plan &&
      views!.map((v, n): z.infer<typeof FollowUpStepView> => ({
        step: v.step,
        after: v.after,
        text: plan[n]!.text,
        template: plan[n]!.template,
        template_id: plan[n]!.templateId,
        due_at: v.dueAtMs === null ? null : new Date(v.dueAtMs).toISOString(),
        waiting_for: v.waitingFor,
      })),
  };
}

import { z } from '@hono/zod-openapi';
import { WORKFLOW_ID_PATTERN } from '../../contracts/ids';

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().nullable(),
    }),
  })
  .openapi('Error');

/** An OpenAPI response of JSON in this schema. */
export const jsonResponse = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
/** A required JSON request body in this schema. */
export const jsonRequest = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 503)[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: 'Error', content: { 'application/json': { schema: ErrorEnvelope } } }]),
  );

export const WorkflowStarted = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    temporalUiUrl: z.string().openapi({ description: 'This run in the Temporal Web UI' }),
    statusUrl: z.string(),
  })
  .openapi('WorkflowStarted');

export const WorkflowStatus = z
  .object({
    workflowId: z.string(),
    status: z.enum(['RUNNING', 'COMPLETED', 'FAILED', 'TERMINATED', 'CANCELLED', 'TIMED_OUT', 'CONTINUED_AS_NEW']),
    progress: z.unknown().optional(),
    result: z.unknown().optional(),
    error: z.string().optional(),
    temporalUiUrl: z.string(),
  })
  .openapi('WorkflowStatus');

export const WorkflowIdParam = z.object({
  workflowId: z.string().regex(WORKFLOW_ID_PATTERN, 'not a workflow id of this CRM'),
});

export const apiKeySecurity: Record<string, string[]>[] = [{ ApiKey: [] }, { Bearer: [] }];

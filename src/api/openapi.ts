import type { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { deliveryBodySchema } from '../domain/event-catalogue';
import { SUBSCRIBABLE_EVENTS } from '../domain/events';
import type { AppEnv } from './env';

const SIGNED = [
  'Every delivery is signed two ways over the exact body bytes.',
  "The design's: `X-Webhook-Signature` = hex HMAC-SHA256 of the body keyed by the endpoint's secret, with `X-Webhook-Event` and `X-Webhook-Timestamp`.",
  'Standard Webhooks: `webhook-id` (the same for every retry of one message: de-duplicate on it), `webhook-timestamp` and `webhook-signature` (`v1,<base64>`).',
].join(' ');

/** `/openapi.json` (generated from the same zod schemas that validate requests) and `/docs`. */
export function registerOpenApi(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' });
  // What webhook receivers get, one entry per event type, from the same catalogue delivery uses.
  for (const type of SUBSCRIBABLE_EVENTS) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      summary: `The ${type} event`,
      description: SIGNED,
      request: { body: { content: { 'application/json': { schema: deliveryBodySchema(type) } } } },
      responses: { 200: { description: 'Any 2xx answer acknowledges the delivery' } },
    });
  }
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'CRM server',
      version: '0.1.0',
      description:
        'Coordinates Instagram DM automation: contacts, sync, outreach and webhooks, run as Temporal workflows.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
}

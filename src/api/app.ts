import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { accountScope } from './account-scope';
import type { AppEnv, ApiDeps } from './env';
import { errorResponse, handleError, validationHook } from './errors';
import { requireApiKey } from './middleware/auth';
import { requestContext } from './middleware/request-context';
import { registerOpenApi } from './openapi';
import { registerAccountRoutes } from './routes/accounts';
import { registerApiKeyRoutes } from './routes/api-keys';
import { registerAssistRoutes } from './routes/assist';
import { registerAutomationRoutes } from './routes/automations';
import { registerOutreachBulkRoutes } from './routes/outreach-bulk';
import { registerTemplateRoutes } from './routes/templates';
import { registerContactRoutes } from './routes/contacts';
import { registerDmRoutes } from './routes/dm';
import { registerOutreachControlRoutes } from './routes/outreach-control';
import { registerOutreachQueueRoutes } from './routes/outreach-queue';
import { registerStatusRoutes } from './routes/status';
import { registerScoringRoutes } from './routes/scoring';
import { registerHealthRoutes } from './routes/health';
import { registerSyncRoutes } from './routes/sync';
import { registerWebhookRoutes } from './routes/webhooks';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries';
import { registerMediaPosterRoutes } from './routes/mediaposter';
import { registerIncomingRoutes } from './routes/incoming';
import { registerVideoOutreachRoutes } from './routes/video-outreach';
import { registerWorkflowRoutes } from './routes/workflows';
import { registerWorkflowRunRoutes } from './routes/workflow-runs';
import { registerOutreachTimelineRoutes } from './routes/outreach-timeline';
import { registerDashboardRoutes } from './routes/dashboard';
import { registerContactEventRoutes } from './routes/contact-events';
import { registerAnalyticsRoutes } from './routes/analytics';
import { registerPromiseRoutes } from './routes/promises';
import { countRequests, registerMetricsRoute } from './routes/metrics';
import { createApiMetrics, type ApiMetrics } from '../adapters/metrics/api-metrics';

/**
 * Paths under /api that authenticate themselves (a signed webhook) instead of by API key: each
 * checks its signature before anything else (an exemption must never outlive its verifier).
 */
export const SELF_AUTHENTICATED_PATHS: string[] = ['/api/incoming/mediaposter'];

/** `metrics`: what GET /metrics shows (default: this app's HTTP requests only); `metricsPublic`: METRICS_PUBLIC. */
export interface AppOptions {
  metrics?: ApiMetrics;
  metricsPublic?: boolean;
}

export function createApp(deps: ApiDeps, options: AppOptions = {}) {
  const metrics = options.metrics ?? createApiMetrics();
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requestContext(deps));
  app.use('*', countRequests(metrics));
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.bodyLimitBytes,
      // The rest of the body is never read, so this connection cannot carry another request: say so,
      // or a keep-alive client sends its next request into a socket the server is closing.
      onError: (c) =>
        errorResponse(
          c,
          'PAYLOAD_TOO_LARGE',
          `Request body is larger than ${deps.config.bodyLimitBytes} bytes`,
          undefined,
          { Connection: 'close' },
        ),
    }),
  );
  app.use(
    '/api/*',
    requireApiKey((path) => SELF_AUTHENTICATED_PATHS.includes(path)),
  );
  app.use('/api/*', accountScope);
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        errorResponse(c, 'METHOD_NOT_ALLOWED', `Use ${methods.join(', ')} on ${c.req.path}`, undefined, {
          Allow: methods.join(', '),
        }),
    }),
  );

  registerHealthRoutes(app, deps);
  // Before the contact routes: /api/contacts/{id}/dm must not be read as a contact named "dm".
  registerDmRoutes(app, deps);
  registerContactEventRoutes(app, deps);
  registerPromiseRoutes(app, deps);
  registerContactRoutes(app, deps);
  registerScoringRoutes(app, deps);
  registerAssistRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerWorkflowRunRoutes(app, deps);
  registerWorkflowRoutes(app);
  registerAccountRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerWebhookDeliveryRoutes(app, deps);
  registerMediaPosterRoutes(app, deps);
  registerVideoOutreachRoutes(app, deps);
  registerIncomingRoutes(app, deps);
  registerOutreachQueueRoutes(app, deps);
  registerOutreachControlRoutes(app, deps);
  registerOutreachTimelineRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerAutomationRoutes(app, deps);
  registerOutreachBulkRoutes(app, deps);
  registerTemplateRoutes(app, deps);
  registerStatusRoutes(app, deps);
  registerMetricsRoute(app, metrics, options.metricsPublic ?? false);
  registerOpenApi(app);
  registerDashboardRoutes(app);

  app.notFound((c) => errorResponse(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;

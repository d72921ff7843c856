import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { effectiveApprovalMode, effectivePacing, type Account, type AccountOverrides } from '../../domain/outreach';
import { outboxEvent } from '../../domain/events';
import { sameOrigin } from '../../domain/safari-url';
import type { AppEnv, RouteDeps } from '../env';
import { ApiError } from '../errors';
import { apiKeySecurity, errorResponses, jsonResponse } from '../schemas/common';
import { AccountCreate, AccountIdParam, AccountPatch, AccountResource, type AccountSettings } from '../schemas/account';

/**
 * Accounts: the default one comes from config (CRM_ACCOUNT_ID and SAFARI_API_URL, written on every
 * start); more can be added, each with its own Safari server (checked: never a link-local or
 * metadata address), its own key for it, and pacing. A change reaches the account's sender at once.
 * Secrets (the incoming-webhook secret, the Safari key) are write-only: answers say only whether one is set.
 */

const AccountBody = z.object({ account: AccountResource });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/accounts',
    summary: 'Every account with its effective pacing',
    security: apiKeySecurity,
    responses: {
      200: jsonResponse(z.object({ accounts: z.array(AccountResource), count: z.number().int() }), 'Accounts'),
      ...errorResponses(401, 503),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/accounts/{id}',
    summary: 'One account',
    security: apiKeySecurity,
    request: { params: AccountIdParam },
    responses: { 200: jsonResponse(AccountBody, 'The account'), ...errorResponses(400, 401, 404, 503) },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/accounts',
    summary: 'Add an account (an Instagram login driven by its own Safari server)',
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: AccountCreate } } } },
    responses: { 201: jsonResponse(AccountBody, 'Created'), ...errorResponses(400, 401, 409, 413, 503) },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/api/accounts/{id}',
    summary: 'Change only the given settings (null: back to the configured default)',
    security: apiKeySecurity,
    request: {
      params: AccountIdParam,
      body: { required: true, content: { 'application/json': { schema: AccountPatch } } },
    },
    responses: { 200: jsonResponse(AccountBody, 'Changed'), ...errorResponses(400, 401, 404, 409, 413, 503) },
  }),
};

const FIELDS: Record<keyof z.infer<typeof AccountSettings>, keyof AccountOverrides> = {
  time_zone: 'timeZone',
  messages_per_hour: 'perHour',
  messages_per_day: 'perDay',
  min_delay_ms: 'minGapMs',
  max_delay_ms: 'maxGapMs',
  active_hours_start: 'activeStartHour',
  active_hours_end: 'activeEndHour',
  ramp_start_per_day: 'rampStartPerDay',
  ramp_step_per_day: 'rampStepPerDay',
  approval_mode: 'approvalMode',
};

function toOverrides(body: Partial<z.infer<typeof AccountSettings>>): Partial<AccountOverrides> {
  const out: Partial<Record<keyof AccountOverrides, unknown>> = {};
  for (const [field, key] of Object.entries(FIELDS)) if (field in body) out[key] = body[field as keyof typeof body];
  return out as Partial<AccountOverrides>;
}

function toResource(deps: AccountRouteDeps, a: Account): z.infer<typeof AccountResource> {
  const defaults = deps.config.outreach.defaults;
  const p = effectivePacing(a, defaults);
  const stored = Object.fromEntries(Object.entries(FIELDS).map(([field, key]) => [field, a[key]])) as z.infer<
    typeof AccountSettings
  >;
  return {
    id: a.id,
    safari_url: a.safariUrl,
    ...stored,
    paused: a.paused,
    paused_until: a.pausedUntil,
    pause_reason: a.pauseReason,
    incoming_webhook_secret_set: a.incomingSecretSet,
    safari_api_key_set: a.safariApiKeySet,
    created_at: a.createdAt,
    effective: {
      time_zone: p.timeZone,
      messages_per_hour: p.perHour,
      messages_per_day: p.perDay,
      min_delay_ms: p.minGapMs,
      max_delay_ms: p.maxGapMs,
      active_hours_start: p.activeStartHour,
      active_hours_end: p.activeEndHour,
      approval_mode: effectiveApprovalMode(a, defaults),
      ramp: p.ramp && {
        start_per_day: p.ramp.startPerDay,
        step_per_day: p.ramp.stepPerDay,
        started_at: new Date(p.ramp.startedAtMs).toISOString(),
      },
    },
  };
}

/** What changed, by which key: the fields as given, a secret only as set or removed (never its value). */
const SECRET_FIELDS = ['incoming_webhook_secret', 'safari_api_key'];
function accountUpdated(c: Context<AppEnv>, accountId: string, created: boolean, body: Record<string, unknown>) {
  const changes = Object.fromEntries(
    Object.entries(body)
      .filter(([k]) => k !== 'id')
      .map(([k, v]) => [k, SECRET_FIELDS.includes(k) ? (v === null ? '(removed)' : '(set)') : v]),
  );
  return outboxEvent('account.updated', accountId, {
    account_id: accountId,
    created,
    changes,
    key: c.get('principal').name,
  });
}

/** The delays are checked as they will apply: a new minimum against the stored or default maximum. */
function checkDelays(deps: AccountRouteDeps, a: Pick<Account, 'minGapMs' | 'maxGapMs'>) {
  const { pacing } = deps.config.outreach.defaults;
  const min = a.minGapMs ?? pacing.minGapMs;
  const max = a.maxGapMs ?? pacing.maxGapMs;
  if (min > max)
    throw new ApiError('VALIDATION_FAILED', 'Invalid request body', [
      { path: 'min_delay_ms', message: `must not exceed max_delay_ms (${min} > ${max})` },
    ]);
}

/** The URL judged on what its host resolves to now, as webhook URLs are (LAN and loopback allowed). */
async function checkSafariUrl(deps: AccountRouteDeps, url: string): Promise<void> {
  const verdict = await deps.safariUrls.check(url);
  if (!verdict.ok)
    throw new ApiError('VALIDATION_FAILED', 'This URL cannot be a Safari server', [
      { path: 'safari_url', message: verdict.reason },
    ]);
}

/** Only the secrets given change (null removes one); absent ones are left alone. */
function secretsOf(body: { incoming_webhook_secret?: string | null; safari_api_key?: string | null }) {
  return {
    ...(body.incoming_webhook_secret === undefined ? {} : { incomingSecret: body.incoming_webhook_secret }),
    ...(body.safari_api_key === undefined ? {} : { safariApiKey: body.safari_api_key }),
  };
}

/** The ports these routes use (built once in app.ts). */
export type AccountRouteDeps = RouteDeps<'accounts' | 'safariUrls' | 'senders', 'accountId' | 'outreach'>;

export function registerAccountRoutes(app: OpenAPIHono<AppEnv>, deps: AccountRouteDeps) {
  app.openapi(routes.list, async (c) => {
    const accounts = await deps.accounts.list();
    return c.json({ accounts: accounts.map((a) => toResource(deps, a)), count: accounts.length }, 200);
  });

  app.openapi(routes.get, async (c) => {
    const account = await deps.accounts.get(c.req.valid('param').id);
    if (!account) throw new ApiError('NOT_FOUND', 'No such account');
    return c.json({ account: toResource(deps, account) }, 200);
  });

  app.openapi(routes.create, async (c) => {
    const { id, safari_url, incoming_webhook_secret, safari_api_key, ...settings } = c.req.valid('json');
    const overrides = toOverrides(settings);
    checkDelays(deps, { minGapMs: overrides.minGapMs ?? null, maxGapMs: overrides.maxGapMs ?? null });
    await checkSafariUrl(deps, safari_url);
    const events = [accountUpdated(c, id, true, c.req.valid('json'))];
    const created = await deps.accounts.create(
      id,
      safari_url,
      { ...overrides, ...secretsOf({ incoming_webhook_secret, safari_api_key }) },
      { events },
    );
    if (!created) throw new ApiError('CONFLICT', `An account ${id} exists already`);
    return c.json({ account: toResource(deps, created) }, 201);
  });

  app.openapi(routes.patch, async (c) => {
    const { id } = c.req.valid('param');
    const { safari_url, incoming_webhook_secret, safari_api_key, ...settings } = c.req.valid('json');
    const current = await deps.accounts.get(id);
    if (!current) throw new ApiError('NOT_FOUND', 'No such account');
    if (safari_url && id === deps.config.accountId)
      throw new ApiError('CONFLICT', 'The default account follows SAFARI_API_URL; change it there');
    const overrides = toOverrides(settings);
    checkDelays(deps, { ...current, ...overrides });
    if (safari_url) await checkSafariUrl(deps, safari_url);
    // A key belongs to the server it was given for: moved elsewhere without a new one, the account has none.
    const moved =
      safari_url !== undefined && safari_api_key === undefined && !sameOrigin(safari_url, current.safariUrl);
    const secrets = secretsOf({ incoming_webhook_secret, safari_api_key: moved ? null : safari_api_key });
    const events = [
      accountUpdated(c, id, false, { ...c.req.valid('json'), ...(moved ? { safari_api_key: null } : {}) }),
    ];
    const updated = await deps.accounts.update(
      id,
      { ...overrides, ...secrets, ...(safari_url ? { safariUrl: safari_url } : {}) },
      { events },
    );
    await deps.senders.settingsChanged(id);
    return c.json({ account: toResource(deps, updated ?? current) }, 200);
  });
}

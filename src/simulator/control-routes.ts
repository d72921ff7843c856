import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SimulatorControl } from './control';
import { FAULT_KINDS } from './faults';

/**
 * The control API under /__sim, a prefix the real server never uses, so a test can drive a simulator
 * running in another process exactly as it would in process.
 */

const kind = z.enum(FAULT_KINDS);
const faultInput = z.union([kind, z.object({ kind, delayMs: z.number().int().nonnegative().optional() })]);
const schemas = {
  reset: z.object({ seed: z.number().int().optional() }),
  faults: z.object({ route: z.string().min(1).default('*'), faults: z.array(faultInput).min(1) }),
  random: z
    .object({
      seed: z.number().int(),
      probability: z.number().min(0).max(1),
      kinds: z.array(kind).min(1),
      routes: z.array(z.string()).optional(),
    })
    .nullable(),
  // A handle as Instagram allows it; a display name is free text, and may look like a handle.
  person: z
    .object({ username: z.string().regex(/^[a-z0-9._]{1,30}$/), displayName: z.string().trim().min(1).max(64) })
    .strict(),
  inbound: z.object({ username: z.string().min(1), text: z.string().min(1), atMs: z.number().optional() }),
  clock: z.union([z.object({ nowMs: z.number() }), z.object({ advanceMs: z.number() })]),
  session: z.object({ active: z.boolean() }),
  listingDrift: z
    .object({ handleChance: z.number().min(0).max(1), threadIdChance: z.number().min(0).max(1) })
    .nullable(),
  rateLimits: z.object({
    perHour: z.number().int().positive().nullable().optional(),
    perDay: z.number().int().positive().nullable().optional(),
    activeHours: z
      .object({ start: z.number().int().min(0), end: z.number().int().max(24) })
      .nullable()
      .optional(),
  }),
};

/** Validates the JSON body, answering 400 with zod's explanation when it does not fit. */
const withBody =
  <S extends z.ZodType>(schema: S, act: (body: z.output<S>, c: Context) => Response) =>
  async (c: Context) => {
    const raw: unknown = await c.req.json().catch(() => ({}));
    const result = schema.safeParse(raw);
    return result.success ? act(result.data, c) : c.json({ error: z.prettifyError(result.error) }, 400);
  };

export function controlRoutes(control: SimulatorControl): Hono {
  const ack = (c: Context, act: () => void) => {
    act();
    return c.json({ ok: true });
  };
  const query = (c: Context, key: string) => c.req.query(key) ?? '';
  return new Hono()
    .post(
      '/reset',
      withBody(schemas.reset, (b, c) => ack(c, () => control.reset(b.seed))),
    )
    .post(
      '/faults',
      withBody(schemas.faults, (b, c) => {
        control.scriptFaults(b.route, b.faults);
        return c.json({ ok: true, pending: control.pendingFaults() });
      }),
    )
    .post(
      '/faults/random',
      withBody(schemas.random, (b, c) => ack(c, () => control.randomFaults(b))),
    )
    .get('/faults', (c) => c.json({ pending: control.pendingFaults() }))
    .delete('/faults', (c) => ack(c, () => control.clearFaults()))
    .post(
      '/people',
      withBody(schemas.person, (b, c) =>
        control.addPerson(b) ? c.json({ ok: true }, 201) : c.json({ error: `@${b.username} exists already` }, 409),
      ),
    )
    .post(
      '/inbound',
      withBody(schemas.inbound, (b, c) => ack(c, () => control.addInbound(b.username, b.text, b.atMs))),
    )
    .get('/clock', (c) => c.json({ nowMs: control.now() }))
    .post(
      '/clock',
      withBody(schemas.clock, (b, c) => {
        if ('nowMs' in b) control.setClock(b.nowMs);
        else control.advanceClock(b.advanceMs);
        return c.json({ nowMs: control.now() });
      }),
    )
    .post(
      '/session',
      withBody(schemas.session, (b, c) => ack(c, () => control.setSession(b.active))),
    )
    .post(
      '/listing-drift',
      withBody(schemas.listingDrift, (b, c) => ack(c, () => control.setListingDrift(b))),
    )
    .delete('/threads/registry', (c) => ack(c, () => control.clearThreadRegistry()))
    .post(
      '/rate-limits',
      withBody(schemas.rateLimits, (b, c) => {
        control.setRateLimits(Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
        return c.json({ ok: true, counters: control.rateLimitCounters() });
      }),
    )
    .get('/ledger', (c) => c.json(control.ledger()))
    .get('/ledger/count', (c) => c.json({ count: control.sentCount(query(c, 'username'), query(c, 'text')) }))
    .get('/overlap', (c) => c.json(control.overlap()))
    .get('/threads', (c) => c.json({ threads: control.threads() }));
}

import { z } from 'zod';
import { emptyAsUndefined, int, port } from '../fields';

/** A cap that is either a whole number or the word "off", so turning a limit off is never a magic 0. */
const capOrOff = (fallback: number) =>
  z
    .union([z.literal('off'), z.coerce.number().int().min(1)], { message: 'must be a positive integer or "off"' })
    .default(fallback)
    .transform((v) => (v === 'off' ? null : v));

/** "9-21" (start inclusive, end exclusive, like the real server) or "off". */
const hoursOrOff = z
  .string()
  .regex(/^(off|\d{1,2}-\d{1,2})$/, 'must be like 9-21, or off')
  .default('9-21')
  .transform((v) => {
    if (v === 'off') return null;
    const [start, end] = v.split('-').map(Number) as [number, number];
    return { start, end };
  })
  .refine((h) => h === null || (h.start < h.end && h.end <= 24), 'start must be before end, end at most 24');

/** "handleChance,threadIdChance" (each 0–1, e.g. "0.4,0.5") or "off": HEAD's listings drift per call. */
const CHANCE = String.raw`(0(\.\d+)?|1(\.0+)?|\.\d+)`;
const driftOrOff = emptyAsUndefined(
  z
    .string()
    .trim()
    .regex(
      new RegExp(`^(off|${CHANCE},${CHANCE})$`),
      'must be like 0.4,0.5 (handle chance, threadId chance, each 0-1), or off',
    )
    .default('off'),
).transform((v) => {
  if (v === 'off') return null;
  const [handleChance, threadIdChance] = v.split(',').map(Number) as [number, number];
  return { handleChance, threadIdChance };
});

export const simulatorEnv = {
  SIMULATOR_PORT: port(3100),
  SIMULATOR_HOSTNAME: z.string().min(1).default('127.0.0.1'),
  /** Which Safari server to imitate: the design's ccf4331 version or the later HEAD one. */
  SIMULATOR_FLAVOR: z.enum(['ccf4331', 'head']).default('head'),
  SIMULATOR_SEED: int(42),
  SIMULATOR_CONVERSATIONS: int(40, 0, 2_000),
  /** 1 = the real server's timings; 0 = no delay at all. */
  SIMULATOR_LATENCY_SCALE: z.coerce.number().min(0).max(10).default(1),
  SIMULATOR_RATE_PER_HOUR: capOrOff(10),
  SIMULATOR_RATE_PER_DAY: capOrOff(30),
  SIMULATOR_ACTIVE_HOURS: hoursOrOff,
  /** Offset of the simulated "server local" time; unset means this machine's own zone. */
  SIMULATOR_UTC_OFFSET_MINUTES: emptyAsUndefined(z.coerce.number().int().min(-840).max(840).optional()),
  /** HEAD's reader drops short texts and repeats; unset means on for head, off for ccf4331. */
  SIMULATOR_LOSSY_READS: emptyAsUndefined(
    z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).optional(),
  ).transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  SIMULATOR_LISTING_DRIFT: driftOrOff,
};

export function buildSimulator(e: z.infer<z.ZodObject<typeof simulatorEnv>>) {
  return {
    simulator: {
      port: e.SIMULATOR_PORT,
      hostname: e.SIMULATOR_HOSTNAME,
      flavor: e.SIMULATOR_FLAVOR,
      seed: e.SIMULATOR_SEED,
      conversations: e.SIMULATOR_CONVERSATIONS,
      latencyScale: e.SIMULATOR_LATENCY_SCALE,
      rateLimits: {
        perHour: e.SIMULATOR_RATE_PER_HOUR,
        perDay: e.SIMULATOR_RATE_PER_DAY,
        activeHours: e.SIMULATOR_ACTIVE_HOURS,
      },
      utcOffsetMinutes: e.SIMULATOR_UTC_OFFSET_MINUTES,
      lossyReads: e.SIMULATOR_LOSSY_READS,
      listingDrift: e.SIMULATOR_LISTING_DRIFT,
    },
  };
}

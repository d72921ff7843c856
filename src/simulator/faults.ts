import { createRng, type Rng } from './prng';

/**
 * Faults the simulator injects in front of a route: scripted (an exact sequence per route, consumed
 * one per request) or random with a seed. A script entry always wins over the random plan.
 */

export const FAULT_KINDS = [
  'none',
  'rate_limit',
  'session_missing',
  'server_error',
  'soft_failure',
  'block_banner',
  'malformed',
  'slow',
  'send_then_timeout',
  /** HEAD's defect B2: the DM goes out unverified, then a fallback strategy fails and the answer says success:false. */
  'send_then_soft_failure',
  /** No answer ever comes, and the server goes on typing: the DM lands `delayMs` after the client gave up. */
  'timeout_then_send',
  /** No answer ever comes, and nothing is sent (the browser hung, then gave up). */
  'timeout_no_send',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** For 'slow': extra time inside the browser; for 'timeout_then_send': how long after the client gave up the DM lands. Real milliseconds (not scaled). */
  delayMs?: number;
}
export type FaultInput = FaultKind | Fault;

export interface RandomFaults {
  seed: number;
  /** Chance per request, 0–1. */
  probability: number;
  kinds: FaultKind[];
  /** Route ids (e.g. "/api/messages/send-to"); all Safari routes when absent. */
  routes?: string[];
}

export function createFaultPlan() {
  const scripts = new Map<string, Fault[]>();
  let random: { plan: RandomFaults; rng: Rng } | null = null;

  /** Appends to the route's script; "*" applies to any route without a script of its own. */
  function script(route: string, faults: FaultInput[]): void {
    const list = scripts.get(route) ?? [];
    list.push(...faults.map((f) => (typeof f === 'string' ? { kind: f } : f)));
    scripts.set(route, list);
  }

  function setRandom(plan: RandomFaults | null): void {
    random = plan ? { plan, rng: createRng(plan.seed) } : null;
  }

  function next(route: string): Fault | null {
    const queue = scripts.get(route)?.length ? scripts.get(route) : scripts.get('*');
    const scripted = queue?.shift();
    if (scripted) return scripted.kind === 'none' ? null : scripted;
    if (!random || (random.plan.routes && !random.plan.routes.includes(route))) return null;
    if (!random.rng.chance(random.plan.probability) || random.plan.kinds.length === 0) return null;
    const kind = random.rng.pick(random.plan.kinds);
    return kind === 'none' ? null : { kind };
  }

  function clear(): void {
    scripts.clear();
    random = null;
  }

  const pending = () => Object.fromEntries([...scripts].map(([route, list]) => [route, list.map((f) => f.kind)]));

  return { script, setRandom, next, clear, pending };
}

export type FaultPlan = ReturnType<typeof createFaultPlan>;

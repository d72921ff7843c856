import type { DependencyProbe } from '../adapters/health/probes';

export interface ProbeReport {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** Runs every probe at once, each bounded by the same timeout, and never throws. */
export async function runProbes(probes: DependencyProbe[], timeoutMs: number): Promise<Record<string, ProbeReport>> {
  const entries = await Promise.all(
    probes.map(async (probe) => {
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        await Promise.race([probe.check(signal), abortRejection(signal)]);
        return [probe.name, { ok: true, latencyMs: Math.round(performance.now() - started) }] as const;
      } catch (err) {
        const error = signal.aborted ? `no answer within ${timeoutMs} ms` : (err as Error).message;
        return [probe.name, { ok: false, latencyMs: Math.round(performance.now() - started), error }] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

function abortRejection(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(new Error('timeout')), { once: true }),
  );
}

import type { Env } from '../../src/config';

/**
 * Docker Compose's variable interpolation, for checking docker-compose.yml without a Docker engine:
 * `${VAR}`, `${VAR:-default}` / `${VAR-default}`, `${VAR:?message}` / `${VAR?message}` (an error
 * naming the message) and `$$`, in every string value of the parsed file. With a colon, an empty
 * value counts as unset, as in compose.
 */

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

function fill(text: string, env: Env): string {
  return text.replace(VARIABLE, (whole, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const key = (name ?? bare)!;
    const value = env[key];
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '-') return unset ? arg! : value;
    if (op === '?' && unset) throw new Error(`required variable ${key} is missing a value: ${arg}`);
    return value ?? '';
  });
}

export function interpolate(value: unknown, env: Env): unknown {
  if (typeof value === 'string') return fill(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}

/** Every variable the file reads. */
export function referencedVariables(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string')
    for (const m of value.matchAll(VARIABLE)) if (m[0] !== '$$') found.add((m[1] ?? m[5])!);
  if (value && typeof value === 'object') for (const v of Object.values(value)) referencedVariables(v, found);
  return found;
}

/** A `ports:` entry: `[ip:]host:container[/proto]`; no ip means every interface. */
export function parsePort(spec: string): { hostIp: string | null; hostPort: number; containerPort: number } {
  const m = /^(?:(\[[^\]]+\]|[^:[\]]+):)?(\d+):(\d+)(?:\/\w+)?$/.exec(spec);
  if (!m) return { hostIp: null, hostPort: Number.NaN, containerPort: Number.parseInt(spec, 10) };
  return { hostIp: m[1] ?? null, hostPort: Number(m[2]), containerPort: Number(m[3]) };
}

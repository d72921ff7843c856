import type { DestinationStream } from 'pino';

/**
 * Log lines for a person at a terminal: `12:03:04.512 INFO  crm-api request GET /api/contacts 200 4ms
 * (req=…)`. pino still builds (and redacts) each JSON record; this only re-renders it, so what is
 * logged is the same in both formats.
 */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line carries, shown in their own places (or not at all) rather than as key=value. */
const PLACED = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'msg', 'requestId', 'component']);
const MAX_VALUE = 120;

const two = (n: number, width = 2) => String(n).padStart(width, '0');

function clock(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${two(d.getMilliseconds(), 3)}`;
}

function shortValue(v: unknown): string {
  // An error keeps its message: the stack belongs in the JSON logs, not on a terminal line.
  if (v && typeof v === 'object' && 'message' in v && typeof v.message === 'string') return shortValue(v.message);
  const text =
    typeof v === 'string' ? (/[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v) : (JSON.stringify(v) ?? String(v));
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** One JSON record as one short line; a line that is not a record is passed through unchanged. */
export function prettyLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  // The access log's fields read better as the request itself than as key=value pairs.
  const { method, path, status, ms, ...rest } = rec;
  const request =
    rec.msg === 'request' &&
    typeof method === 'string' &&
    typeof path === 'string' &&
    typeof status === 'number' &&
    typeof ms === 'number'
      ? ` ${method} ${path} ${status} ${ms}ms`
      : null;
  const fields = request === null ? rec : rest;
  const extras = Object.entries(fields)
    .filter(([k, v]) => !PLACED.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${shortValue(v)}`);
  const level = (LEVELS[Number(rec.level)] ?? String(rec.level)).padEnd(5);
  const part = [rec.name, rec.component].filter((p) => typeof p === 'string' && p).join('/');
  const time = typeof rec.time === 'number' ? clock(rec.time) : '--:--:--.---';
  const req = typeof rec.requestId === 'string' ? ` (req=${rec.requestId})` : '';
  return `${time} ${level} ${part} ${typeof rec.msg === 'string' ? rec.msg : ''}${request ?? ''}${extras.length ? ` ${extras.join(' ')}` : ''}${req}`;
}

/** A pino destination that writes each record to `out` as one pretty line. */
export function prettyDestination(out: DestinationStream): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim()) out.write(`${prettyLine(line)}\n`);
    },
  };
}

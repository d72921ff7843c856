import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyDestination } from './pretty';

export type { Logger };

/** auto: pretty when the process writes straight to a terminal; under `npm start` the parent decides. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Structured JSON logs, or the same records as short human lines (see pretty.ts). Secrets never
 * reach a log line: the known secret-bearing fields are redacted wherever they appear, in case a
 * config or header object is logged whole.
 */
/** `destination`: where lines go (stdout by default; tests capture them). */
export function createLogger(
  opts: { level: string; name: string; format?: LogFormat },
  destination?: DestinationStream,
): Logger {
  const options = {
    name: opts.name,
    level: opts.level,
    base: { service: opts.name },
    redact: {
      paths: [
        '*.apiKey',
        '*.key',
        '*.secret',
        '*.password',
        '*.safari_api_key',
        '*.safariApiKey',
        'headers.authorization',
        'headers["x-api-key"]',
        'headers.apikey',
      ],
      censor: '[redacted]',
    },
  };
  const format = opts.format ?? 'auto';
  // A destination a caller passed is never a terminal of ours: auto means JSON there.
  const pretty = format === 'pretty' || (format === 'auto' && !destination && process.stdout.isTTY === true);
  if (!pretty) return destination ? pino(options, destination) : pino(options);
  return pino(options, prettyDestination(destination ?? pino.destination({ fd: 1, sync: true })));
}

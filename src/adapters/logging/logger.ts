import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach a log line: the known secret-bearing fields are
 * redacted wherever they appear, in case a config or header object is logged whole.
 */
/** `destination`: where lines go (stdout by default; tests capture them). */
export function createLogger(opts: { level: string; name: string }, destination?: DestinationStream): Logger {
  const options = {
    name: opts.name,
    level: opts.level,
    base: { service: opts.name },
    redact: {
      paths: ['*.apiKey', '*.key', '*.secret', '*.password', 'headers.authorization', 'headers["x-api-key"]', 'headers.apikey'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

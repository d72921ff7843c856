import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach a log line: the known secret-bearing fields are
 * redacted wherever they appear, in case a config or header object is logged whole.
 */
export function createLogger(opts: { level: string; name: string }): Logger {
  return pino({
    name: opts.name,
    level: opts.level,
    base: { service: opts.name },
    redact: {
      paths: ['*.apiKey', '*.key', '*.secret', '*.password', 'headers.authorization', 'headers["x-api-key"]', 'headers.apikey'],
      censor: '[redacted]',
    },
  });
}

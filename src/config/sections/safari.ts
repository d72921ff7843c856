import { z } from 'zod';
import { httpUrl, int, optionalString } from '../fields';

/** Timeouts follow the real server's timings (safari-api.md §7), not one blanket 30 s. */
export const safariEnv = {
  SAFARI_API_URL: httpUrl().default('http://localhost:3100'),
  /** Sent to SAFARI_API_URL's own origin only (other accounts' servers get their own key); the current Safari server ignores it. */
  SAFARI_API_KEY: optionalString(),
  /** health, status, navigate, tab, open, new conversation, one listing, profile (≈10 s on HEAD). */
  SAFARI_TIMEOUT_DEFAULT_MS: int(30_000, 1),
  /** health, status, rate limits, session status: no browser driving, asked by GET /api/status and /health. */
  SAFARI_TIMEOUT_STATUS_MS: int(5_000, 1),
  /** GET /api/messages: one script call, under a second. */
  SAFARI_TIMEOUT_READ_MS: int(20_000, 1),
  /** send-to: 18–30 s on HEAD with its profile strategy, more when it falls back. */
  SAFARI_TIMEOUT_SEND_MS: int(90_000, 1),
  /** conversations/all: HEAD scrolls all four tabs, 45 s to about 2 min. */
  SAFARI_TIMEOUT_ALL_CONVERSATIONS_MS: int(180_000, 1),
  /** After a browser call got no answer the server may still be driving Safari: wait this long. */
  SAFARI_HOLD_AFTER_NO_ANSWER_MS: int(30_000),
  /** Least time between two browser-driving calls (a read, a send), so the inbox is never driven faster than a person would. */
  SAFARI_MIN_GAP_MS: int(1_500),
  /** Progress ticks during long calls, which activities turn into Temporal heartbeats. */
  SAFARI_HEARTBEAT_MS: int(5_000, 1),
};

export function buildSafari(e: z.infer<z.ZodObject<typeof safariEnv>>) {
  return {
    safari: {
      baseUrl: e.SAFARI_API_URL,
      apiKey: e.SAFARI_API_KEY,
      timeouts: {
        defaultMs: e.SAFARI_TIMEOUT_DEFAULT_MS,
        statusMs: e.SAFARI_TIMEOUT_STATUS_MS,
        readMs: e.SAFARI_TIMEOUT_READ_MS,
        sendMs: e.SAFARI_TIMEOUT_SEND_MS,
        allConversationsMs: e.SAFARI_TIMEOUT_ALL_CONVERSATIONS_MS,
      },
      holdAfterNoAnswerMs: e.SAFARI_HOLD_AFTER_NO_ANSWER_MS,
      minGapMs: e.SAFARI_MIN_GAP_MS,
      heartbeatMs: e.SAFARI_HEARTBEAT_MS,
    },
  };
}

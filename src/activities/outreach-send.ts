import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { SafariClient } from '../adapters/safari/safari-client';
import type { SafariFailureCode } from '../adapters/safari/outcomes';
import { isReserved } from '../domain/outreach-transitions';
import { verifyDelivery, type Delivery } from '../domain/send-rules';
import { recipientDoubt, UNVERIFIED_RECIPIENT } from '../domain/send-outcomes';
import { safariOf } from './account-safari';
import type { ActivityDeps } from './deps';
import { safariFailure } from './safari-failures';

/**
 * The only code that calls Safari's send route, and the thread read that checks a send whose
 * outcome is unknown. The send activity runs once (no retry): everything it reports is what Safari
 * answered, and a failure type NOT_SENT means it stopped before the request left.
 */

export interface SendAttempt {
  /** Safari's outcome, or UNVERIFIED_RECIPIENT: sent, but the answer does not show to whom (send-outcomes.ts). */
  code: 'OK' | SafariFailureCode | typeof UNVERIFIED_RECIPIENT;
  message: string;
  /** Set for server errors that came with an HTTP status (the server answered) — absent if unreachable. */
  httpStatus: number | null;
  /** OUTSIDE_HOURS: how long until the Safari server's own active hours open again. */
  serverClosedMs: number | null;
}

const HOUR = 3_600_000;
/** When the server's own hours cannot be read: look again after this. */
const UNKNOWN_SERVER_WINDOW_MS = 15 * 60_000;
/** Messages read when checking a send: ours is among the newest. */
const VERIFY_READ_LIMIT = 20;

const notSent = (why: string) => ApplicationFailure.nonRetryable(`not sent: ${why}`, 'NOT_SENT');

async function reservedItem(deps: ActivityDeps, itemId: string, token: string) {
  const row = await deps.outreach.get(itemId);
  if (!row || !isReserved(row.item.status) || row.token !== token) return null;
  return row.item;
}

/** The server's own active hours, as GET /api/rate-limits reports them (its local hour). */
async function serverClosedFor(client: SafariClient, nowMs: number): Promise<number> {
  const limits = await client.rateLimits();
  if (!limits.ok || limits.value.activeHours.isActive) return UNKNOWN_SERVER_WINDOW_MS;
  const { start, currentHour } = limits.value.activeHours;
  const hoursAhead = (start - currentHour + 24) % 24 || 24;
  return Math.max(hoursAhead * HOUR - (nowMs % HOUR), 60_000);
}

export function createOutreachSendActivities(deps: ActivityDeps) {
  return {
    async sendOutreachItem(accountId: string, itemId: string, token: string): Promise<SendAttempt> {
      let item;
      let client: SafariClient;
      try {
        item = await reservedItem(deps, itemId, token);
        client = (await safariOf(deps, accountId)).client;
      } catch (err) {
        throw notSent(`could not read the item: ${(err as Error).message}`);
      }
      if (!item) throw notSent('the reservation is not held by this attempt');
      const ctx = Context.current();
      let result;
      try {
        result = await client.sendTo(item.username, item.text, {
          signal: ctx.cancellationSignal,
          onProgress: () => ctx.heartbeat(),
        });
      } catch (err) {
        // sendTo throws only when cancelled while still queued for the host: the request never left.
        throw notSent(`cancelled before the request left: ${(err as Error).message}`);
      }
      if (result.ok) {
        const doubt = recipientDoubt(result.value);
        if (doubt) return { code: UNVERIFIED_RECIPIENT, message: doubt, httpStatus: null, serverClosedMs: null };
        return { code: 'OK', message: 'sent', httpStatus: null, serverClosedMs: null };
      }
      const serverClosedMs = result.code === 'OUTSIDE_HOURS' ? await serverClosedFor(client, deps.now()) : null;
      return { code: result.code, message: result.message, httpStatus: result.httpStatus ?? null, serverClosedMs };
    },

    /** Reads the thread: is our text there? A read Safari may repeat is retried by Temporal. */
    async verifyOutreachItem(
      accountId: string,
      itemId: string,
      token: string,
    ): Promise<{ delivery: Delivery; detail: string }> {
      const item = await reservedItem(deps, itemId, token);
      if (!item)
        throw ApplicationFailure.nonRetryable('the reservation is not held by this attempt', 'RESERVATION_LOST');
      const { client } = await safariOf(deps, accountId);
      const ctx = Context.current();
      const read = await client.readThread(item.username, VERIFY_READ_LIMIT, {
        signal: ctx.cancellationSignal,
        onProgress: () => ctx.heartbeat(),
      });
      if (read.ok)
        return {
          delivery: verifyDelivery(item.text, read.value.messages),
          detail: `read ${read.value.messages.length} messages`,
        };
      if (read.retrySafe && read.code !== 'NOT_FOUND') throw safariFailure(read);
      return { delivery: 'unsure', detail: `${read.code}: ${read.message}` };
    },
  };
}

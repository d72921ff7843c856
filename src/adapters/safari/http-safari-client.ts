import type { z } from 'zod';
import type { InboxTab } from '../../domain/types';
import type { SafariOperation } from './outcomes';
import type { CallOptions, SafariClient, SafariResult } from './safari-client';
import * as s from './safari-schemas';
import { createTransport, type Route, type TransportOptions } from './safari-transport';

/**
 * SafariClient over the Safari Automation REST server, for both the ccf4331 and the HEAD versions.
 * Browser-driving routes take turns per host; health, rate limits and status do not wait behind them.
 */

export type HttpSafariClientOptions = TransportOptions;

export function createHttpSafariClient(options: HttpSafariClientOptions): SafariClient {
  const t = createTransport(options);
  const { timeouts } = options;
  const get = (path: string, timeoutMs = timeouts.defaultMs): Route => ({ method: 'GET', path, timeoutMs });
  const post = (path: string, body?: unknown, timeoutMs = timeouts.defaultMs): Route => ({
    method: 'POST',
    path,
    body,
    timeoutMs,
  });

  /** One request, mapped on success; `browser` decides whether it waits its turn at the host. */
  const one = <S extends z.ZodType, B>(
    op: SafariOperation,
    browser: boolean,
    route: Route,
    schema: S,
    map: (v: z.output<S>) => B,
    o: CallOptions = {},
  ) => t.run(op, browser, o, async () => mapOk(await t.request(op, route, schema, o.signal), map));
  const same = <V>(v: V) => v;

  const client: SafariClient = {
    health: (o) => one('health', false, get('/health', timeouts.statusMs), s.healthSchema, same, o),
    rateLimits: (o) =>
      one('rateLimits', false, get('/api/rate-limits', timeouts.statusMs), s.rateLimitStatusSchema, same, o),
    status: (o) => one('status', false, get('/api/status', timeouts.statusMs), s.statusSchema, same, o),
    sessionStatus: (o) =>
      one('sessionStatus', false, get('/api/session/status', timeouts.statusMs), s.sessionStatusSchema, same, o),
    navigateInbox: (o) =>
      one(
        'navigateInbox',
        true,
        post('/api/inbox/navigate'),
        s.navigateSchema,
        (v) => defined({ currentUrl: v.currentUrl }),
        o,
      ),
    listAllConversations: (o) =>
      one(
        'listAllConversations',
        true,
        get('/api/conversations/all', timeouts.allConversationsMs),
        s.allConversationsSchema,
        (v) => v.conversations,
        o,
      ),
    openConversation: (username, o) =>
      one(
        'openConversation',
        true,
        post('/api/conversations/open', { username }),
        s.usernameActionSchema,
        (v) => ({ username: v.username }),
        o,
      ),
    readMessages: (limit, o) =>
      one(
        'readMessages',
        true,
        get(`/api/messages?limit=${limit}`, timeouts.readMs),
        s.messagesSchema,
        (v) => v.messages,
        o,
      ),
    startConversation: (username, o) =>
      one(
        'startConversation',
        true,
        post('/api/conversations/new', { username }),
        s.usernameActionSchema,
        (v) => ({ username: v.username }),
        o,
      ),
    profile: (username, o) =>
      one('profile', true, get(`/api/profile/${encodeURIComponent(username)}`), s.profileSchema, (v) => v.profile, o),
    registerThread: (username, threadId, o) =>
      one(
        'registerThread',
        false,
        post('/api/threads/register', { username, threadId }),
        s.usernameActionSchema,
        (v) => ({ username: v.username }),
        o,
      ),
    threadRegistry: (o) =>
      one('threadRegistry', false, get('/api/threads'), s.threadRegistrySchema, (v) => v.threads, o),
    sendTo: (username, text, o) =>
      one(
        'sendTo',
        true,
        post('/api/messages/send-to', { username, text }, timeouts.sendMs),
        s.sendResultSchema,
        (v) => ({
          username: v.username || username,
          ...defined({ messageId: v.messageId, verified: v.verified, strategy: v.strategy, rateLimits: v.rateLimits }),
        }),
        o,
      ),

    // Switching tab and listing are one step: another call could switch the tab in between.
    listConversations: (tab?: InboxTab, o: CallOptions = {}) =>
      t.run('listConversations', true, o, async () => {
        if (tab) {
          const switched = await t.request('listConversations', post('/api/inbox/tab', { tab }), s.tabSchema, o.signal);
          if (!switched.ok) return switched;
        }
        const listed = await t.request(
          'listConversations',
          get('/api/conversations'),
          s.conversationListSchema,
          o.signal,
        );
        return mapOk(listed, (v) => v.conversations);
      }),

    // /api/messages reads whatever thread is open, so open and read must not be split by another call;
    // and a failed open must not read, or the previous thread would be reported as this one.
    readThread: (username, limit, o: CallOptions = {}) =>
      t.run('readThread', true, o, async () => {
        const opened = await t.request(
          'readThread',
          post('/api/conversations/open', { username }),
          s.usernameActionSchema,
          o.signal,
        );
        // `success: false` from open means no listed row matched the name: asking again finds none either.
        if (!opened.ok && opened.code === 'SOFT_FAILURE') {
          return {
            ...opened,
            code: 'NOT_FOUND',
            retrySafe: false,
            message: `no conversation with ${username} to open (${opened.message})`,
          };
        }
        if (!opened.ok) return opened;
        const read = await t.request(
          'readThread',
          get(`/api/messages?limit=${limit}`, timeouts.readMs),
          s.messagesSchema,
          o.signal,
        );
        return mapOk(read, (v) => ({ username, messages: v.messages }));
      }),
  };
  return client;
}

function mapOk<A, B>(r: SafariResult<A>, f: (v: A) => B): SafariResult<B> {
  return r.ok ? { ok: true, code: 'OK', value: f(r.value) } : r;
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import { dataApiFetch, wholeAnswers } from './data-api-fetch';

/**
 * How long one request to a data API may take, headers and body, before it is given up. A data API
 * that accepts connections and never answers (a stopped PostgREST or gateway, a stalled database)
 * would otherwise hold an API request or an activity's task slot for minutes: global fetch waits 300 s
 * for headers, and supabase-js retries a failed read three times on top.
 */
export interface DataApiDeadlines {
  /** Reads: a GET, or a function that only reads. */
  readMs: number;
  /** Writes, and functions that write: a sync's bulk store, a rescore page, an import batch. */
  writeMs: number;
}

/** What a client built without deadlines gets (tests); the config module's defaults are the same. */
export const DEFAULT_DEADLINES: DataApiDeadlines = { readMs: 5_000, writeMs: 30_000 };

/**
 * The database functions that only read (declared `stable`; checked against the migrations by
 * test/adapters/db/deadlines.test.ts): reads like a GET. Any other function gets the write deadline,
 * so real work is not cut short by a deadline meant for reads.
 */
export const READ_FUNCTIONS: ReadonlySet<string> = new Set([
  'crm_audience_candidates',
  'crm_automations',
  'crm_contacts_by_usernames',
  'crm_identities_for_listing',
  'crm_identity_candidates',
  'crm_merge_inputs',
  'crm_metrics_totals',
  'crm_outreach_results',
  'crm_outreach_send_facts',
  'crm_outreach_snapshot',
  'crm_recent_messages',
  'crm_webhook_due',
  'crm_webhook_outbox_page',
  'crm_webhook_stranded',
]);

/** The address a fetch was given, however it was given. */
export const requestUrl = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** A request that cannot have written: a GET or HEAD, or a call of one of READ_FUNCTIONS. */
export function onlyReads(url: string, method: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return true;
  const fn = rpcName(url);
  return fn !== undefined && READ_FUNCTIONS.has(fn);
}

/** The database function a request calls (`/rest/v1/rpc/<name>`), if it calls one. */
export const rpcName = (url: string): string | undefined => /\/rest\/v1\/rpc\/(\w+)/.exec(new URL(url).pathname)?.[1];

export function deadlineFor(url: string, method: string, deadlines: DataApiDeadlines): number {
  return onlyReads(url, method) ? deadlines.readMs : deadlines.writeMs;
}

/**
 * A fetch for supabase-js that gives up after the request's deadline. The body is read within the
 * deadline too (a server may send headers and stall). It aborts as an AbortError, which supabase-js
 * does not retry: a server that did not answer in time is not asked again at once, so the deadline
 * bounds the whole call, and the caller sees status 0, which db-errors.ts calls DB_UNAVAILABLE.
 */
export function deadlineFetch(deadlines: DataApiDeadlines, base: typeof fetch = dataApiFetch): typeof fetch {
  return async (input, init) => {
    const url = requestUrl(input);
    const ms = deadlineFor(url, init?.method ?? 'GET', deadlines);
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`no answer from ${new URL(url).host} within ${ms} ms`, 'AbortError')),
      ms,
    );
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      const res = await base(input, { ...init, signal });
      if (wholeAnswers.has(res)) return res;
      const body = await res.arrayBuffer();
      return new Response(body.byteLength === 0 ? null : body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    } finally {
      clearTimeout(timer);
    }
  };
}

import type { LookupFunction } from 'node:net';
import { keepAliveExchange } from '../http/keep-alive';

/**
 * The part of `fetch` the Safari transport uses (status and text), over node:http with a
 * keep-alive agent (adapters/http/keep-alive.ts): a sync makes thousands of calls to a fast server
 * (the simulator, or a nearby Mac). Errors keep Node's codes (ECONNREFUSED, ECONNRESET) and aborts
 * reject with the signal's reason.
 */

export interface MinimalResponse {
  status: number;
  text(): Promise<string>;
}

export type MinimalFetch = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<MinimalResponse>;

/** `lookup`: the name lookup every new connection uses (a guard on where it may connect). */
export function createKeepAliveFetch(o: { lookup?: LookupFunction } = {}): MinimalFetch {
  const exchange = keepAliveExchange(o);
  return async (url, init) => {
    const answer = await exchange(url, init);
    const body = answer.body.toString('utf8');
    return { status: answer.status, text: async () => body };
  };
}

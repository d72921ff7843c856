import type { SimMessage, SimThread } from './inbox-generator';
import type { Flavor } from './inbox';
import type { RowView } from './listing-drift';

/**
 * How each server version renders the same inbox: ccf4331 reads real handles from avatar alt text
 * and no thread ids; HEAD shows the first text of a row (mostly the display name), a threadId, and an
 * often-empty timestamp on messages.
 */

/** Without a view, HEAD rows keep the thread's fixed choice of name and always carry the threadId. */
export function listingRow(t: SimThread, visible: SimMessage[], flavor: Flavor, view?: RowView) {
  const last = visible.at(-1);
  const lastMessage = (last?.text ?? '').slice(0, 100);
  if (flavor === 'ccf4331') return { username: t.username, lastMessage };
  const showsHandle = view?.showsHandle ?? !t.listsDisplayName;
  return {
    username: showsHandle ? t.username : t.displayName,
    threadId: (view?.showsThreadId ?? true) ? t.threadId : '',
    lastMessage,
    lastMessageIsOutbound: last?.isOutbound ?? false,
  };
}

export function messageShape(m: SimMessage, flavor: Flavor) {
  const base = { text: m.text.slice(0, 500), isOutbound: m.isOutbound, messageType: 'text' as const };
  return flavor === 'ccf4331' ? base : { ...base, timestamp: m.shownTime ?? '' };
}

/**
 * HEAD's reader (defect B9): identical texts collapse into one, texts of three characters or fewer
 * vanish, and short ALL-CAPS texts are taken for UI labels. "ok" twice reads as nothing at all.
 */
export function lossyRead(messages: SimMessage[]): SimMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const text = m.text.trim();
    if (text.length <= 3) return false;
    if (text.length <= 12 && /[A-Z]/.test(text) && text === text.toUpperCase()) return false;
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

export const SESSION_MISSING_BODY = {
  error: 'Instagram Safari session not found',
  fix: 'Open Safari, log in to instagram.com and keep the tab open',
  session: { tracked: false, urlPattern: 'instagram.com' },
};

/** 200 + success:false as each route would word it; sends also carry the counters. */
export function softFailureBody(route: string, body: Record<string, unknown>, counters: object) {
  const username = typeof body.username === 'string' ? { username: body.username } : {};
  if (route === '/api/messages/send-to' || route === '/api/messages/send') {
    return { success: false, error: 'Could not find message input', ...username, rateLimits: counters };
  }
  return { success: false, error: 'Element not found', ...username };
}

/** Instagram's block banner: HEAD detects it before typing; ccf4331 only passes the page text on. */
export function blockBannerBody(flavor: Flavor, route: string, body: Record<string, unknown>, counters: object) {
  const username = typeof body.username === 'string' ? { username: body.username } : {};
  if (flavor === 'head') {
    return {
      success: false,
      rateLimited: true,
      error: 'Instagram action blocked - rate limited',
      ...username,
      rateLimits: counters,
    };
  }
  return { ...softFailureBody(route, body, counters), error: 'Action Blocked. Try again later.' };
}

/** What a broken proxy or a crashed write leaves: a 200 whose body is not the JSON promised. */
export const MALFORMED_BODY = '{"success":tru';

export const EXPRESS_404 = (method: string, path: string) =>
  `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Error</title></head>\n<body><pre>Cannot ${method} ${path}</pre></body>\n</html>\n`;

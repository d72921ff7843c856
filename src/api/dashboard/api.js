// Every call the dashboard makes: the documented /api routes, with the key from sessionStorage.
// Errors are the API's envelope ({error: {code, message, requestId}}), shown as they come.

const KEY = 'crm.apiKey';
const WHO = 'crm.who';
const SCOPES = ['read', 'write', 'admin'];

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => (sessionStorage.setItem(KEY, key), sessionStorage.removeItem(WHO)),
  signOut: () => (sessionStorage.removeItem(KEY), sessionStorage.removeItem(WHO)),
  /** The signed-in key's name and scope (GET /api/keys/me), once per sign-in. */
  who: () => JSON.parse(sessionStorage.getItem(WHO) ?? 'null'),
  rememberWho: (who) => sessionStorage.setItem(WHO, JSON.stringify(who)),
};

/** Whether the signed-in key's scope reaches `needs` (read < write < admin): the API decides, the page only hides. */
export const may = (needs) => SCOPES.indexOf(session.who()?.scope ?? 'read') >= SCOPES.indexOf(needs);

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** GET by default; `body` is sent as JSON. Resolves to the parsed answer, rejects with ApiError. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'x-api-key': session.key() ?? '' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(
      res.status,
      e.code ?? `HTTP_${res.status}`,
      e.message ?? res.statusText,
      e.requestId ?? res.headers.get('x-request-id'),
    );
  }
  return data;
}

/** A query string from the given (defined, non-empty) values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The OpenAPI document (public): enums such as pipeline stages come from it, not from a copy here. */
let doc;
export async function openApi() {
  doc ??= fetch('/openapi.json').then((r) => r.json());
  return doc;
}

export async function schemaEnum(schema, property) {
  const d = await openApi();
  return d.components?.schemas?.[schema]?.properties?.[property]?.enum ?? [];
}

/** Shows an error envelope in the banner (the page stays as it was). */
export function showError(err) {
  const box = document.getElementById('error');
  if (!err) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  const code = err instanceof ApiError ? `${err.status} ${err.code}: ` : '';
  const id = err instanceof ApiError && err.requestId ? ` (request ${err.requestId})` : '';
  box.textContent = `${code}${err.message}${id}`;
  box.hidden = false;
}

/** Runs an action the page offers (one API call), shows its error if any, then re-renders. */
export async function act(call, refresh) {
  showError(null);
  try {
    await call();
  } catch (err) {
    showError(err);
  }
  await refresh();
}

/** The account the contact pages show (sessionStorage; empty: the API's default account). */
export const account = {
  get: () => sessionStorage.getItem('crm.account') ?? '',
  set: (id) => sessionStorage.setItem('crm.account', id),
};

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ServerType } from '@hono/node-server';
import { serveApi } from '../../src/api/http-server';
import { COACHING_UNITS, cursorQuery, fill, FUZZ_UNITS, LIMITS, MALFORMED_CURSORS, OPT_OUT_UNITS, TEMPLATE_UNITS } from '../helpers/adversarial';
import { TEST_API_KEY } from '../helpers/api';
import { startDmWorld } from '../helpers/dm-world';

// Some 1,700 malformed requests, generated from /openapi.json so a route added later is
// covered too, sent over one keep-alive connection to the real API over real parts: every answer is
// below 500, every 4xx has the error envelope, the connection survives each, and nothing stored
// changes. Bodies are sent only to operations that take one. Among them: contact-list cursors
// whose key does not fit its column (to every GET), texts shaped against regexes (test/helpers/
// adversarial.ts) in every string a body or query takes, and requests that feed such texts to the
// coaching, copilot, scoring and templating engines at the API's largest sizes (answered, not 500).

type Schema = { $ref?: string; type?: string; maxLength?: number; properties?: Record<string, Schema> };
type Param = { name: string; in: string; schema?: Schema };
type Op = { method: string; path: string; body: Schema | null; params: string[]; query: Param[] };
type Doc = { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>; components: { schemas: Record<string, Schema> } };
/** `status`: the answer a well-formed request must get. */
type Case = { label: string; method: string; path: string; body?: string; contentType?: string; mustReject: boolean; status?: number };

let world: Awaited<ReturnType<typeof startDmWorld>>;
let server: ServerType;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

before(async () => {
  world = await startDmWorld('main');
  await world.stack.account('main');
  await world.stack.contact('main', 'keeps_me', true);
  await seedAdversary();
  server = serveApi(world.api.app.fetch, { port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  agent.destroy();
  await new Promise((r) => server?.close(r));
  await world?.stop();
});

function send(c: Case): Promise<{ status: number; text: string; socketReused: boolean }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'x-api-key': TEST_API_KEY };
    if (c.body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
    const req = request({ host: '127.0.0.1', port, path: c.path, method: c.method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, text, socketReused: req.reusedSocket }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer in 30 s: ${c.method} ${c.path} (${c.label})`)));
    req.on('error', reject);
    req.end(c.body);
  });
}

async function operations(): Promise<Op[]> {
  const doc = (await (await world.api.app.request('/openapi.json')).json()) as Doc;
  const resolve = (s: Schema | undefined) => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
  return Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/')).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(), path, params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
      body: op.requestBody ? (resolve(op.requestBody.content?.['application/json']?.schema) ?? {}) : null,
      query: (op.parameters ?? []).filter((p) => p.in === 'query'),
    })));
}

const WRONG: Record<string, unknown> = { string: 12345, number: 'abc', integer: 1.5, boolean: 'yes', array: { not: 'a list' }, object: ['not', 'an', 'object'] };
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

function casesFor(op: Op): Case[] {
  const at = (value: string) => op.path.replace(/\{[^}]+\}/g, value);
  const path = at('no-such-thing');
  const cases: Case[] = ['%00', '..%2F..%2Fopenapi.json', 'x'.repeat(3000), '%E0%A4%A', '%ZZ', 'import-contacts:%20'].filter(() => op.params.length > 0)
    .map((v) => ({ label: `path ${v.slice(0, 12)}`, method: op.method, path: at(v), body: op.body ? '{}' : undefined, mustReject: false }));
  if (op.method === 'GET') {
    for (const q of ['limit=-1', 'limit=abc', 'limit=1e309', 'status=%00', 'cursor=%25%25', `accountId=${'a'.repeat(500)}`, 'accountId[]=x', 'hours=NaN', 'sort=;drop'])
      cases.push({ label: `query ${q.slice(0, 14)}`, method: 'GET', path: `${path}?${q}`, mustReject: false });
  }
  if (op.body) {
    const bodies: [string, string, string?][] = [
      ['broken JSON', '{"a":'], ['not JSON', 'not json'], ['empty', ''], ['null', 'null'], ['a number', '42'], ['a string', '"str"'],
      ['an array', '[]'], ['nested 5,000 deep (arrays)', deep(5_000)], ['nested 5,000 deep (objects)', deepObject(5_000)],
      ['2 MB', JSON.stringify({ text: 'x'.repeat(2_000_000) })], ['text/plain', '{}', 'text/plain'],
    ];
    for (const [name, type] of Object.entries(op.body.properties ?? {}).map(([k, s]) => [k, s.type] as const)) {
      if (typeof type === 'string' && type in WRONG) bodies.push([`${name} as ${typeof WRONG[type]}`, JSON.stringify({ [name]: WRONG[type] })]);
    }
    for (const [label, body, contentType] of bodies) cases.push({ label, method: op.method, path, body, contentType, mustReject: true });
  }
  return [...cases, ...adversarialCases(op, path)];
}

/**
 * Every GET gets every malformed cursor; every string of a query or a body gets each adversarial
 * text, one longer than it may be (so nothing is stored, but every check on it runs).
 */
function adversarialCases(op: Op, path: string): Case[] {
  const cases: Case[] = [];
  const takesCursor = op.query.some((p) => p.name === 'cursor');
  if (op.method === 'GET') {
    for (const c of MALFORMED_CURSORS) cases.push({ label: `cursor: ${c[0]}`, method: 'GET', path: `${path}?${cursorQuery(c)}`, mustReject: takesCursor });
  }
  const over = (s: Schema | undefined, most: number) => Math.min((s?.maxLength ?? most - 1) + 1, most);
  for (const p of op.query.filter((q) => q.schema?.type === 'string')) {
    for (const unit of FUZZ_UNITS) {
      cases.push({ label: `query ${p.name}: ${unit}`, method: op.method, path: `${path}?${p.name}=${encodeURIComponent(fill(unit, over(p.schema, 1_000)))}`, mustReject: false });
    }
  }
  for (const [name, schema] of Object.entries(op.body?.properties ?? {}).filter(([, p]) => p.type === 'string')) {
    for (const unit of FUZZ_UNITS) {
      cases.push({ label: `${name}: ${unit}`, method: op.method, path, body: JSON.stringify({ [name]: fill(unit, over(schema, LIMITS.messageText + 1)) }), mustReject: true });
    }
  }
  return cases;
}

/** A contact whose fields and 50 newest messages are adversarial texts at the API's largest sizes. */
async function seedAdversary() {
  const sql = world.stack.sb.sql;
  const field = (n: number) => fill(FUZZ_UNITS[n % FUZZ_UNITS.length]!, LIMITS.contactField);
  const [c] = await sql.query<{ id: string }>(
    `insert into contacts (account_id, username, what_theyre_building, current_friction, their_definition_of_win, tags, fit_signals)
     values ('main', 'adversary', $1, $2, $3, $4, $4) returning id`, [field(0), field(1), field(2), Array(LIMITS.labels).fill(fill('aA', LIMITS.label))]);
  const [v] = await sql.query<{ id: string }>(`insert into conversations (account_id, contact_id) values ('main', $1) returning id`, [c!.id]);
  const texts = [...COACHING_UNITS, ...OPT_OUT_UNITS, ...FUZZ_UNITS];
  for (let n = 0; n < LIMITS.storedMessages; n++) {
    await sql.query(`insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound) values ('main', $1, $2, $3, $4, $5)`,
      [v!.id, c!.id, n, fill(texts[n % texts.length]!, LIMITS.messageText), n % 3 === 0]);
  }
}

/** Read-only requests (or ones refused after the engine ran) that put adversarial texts through the engines. */
function engineCases(): Case[] {
  const post = (label: string, path: string, body: unknown, status: number): Case => ({ label, method: 'POST', path, body: JSON.stringify(body), mustReject: status >= 400, status });
  // As many 10,000-character messages as the default body limit (256 KiB) takes: 25, the case, when none is escaped.
  const conversation = (unit: string) => {
    const text = fill(unit, LIMITS.messageText);
    const count = Math.min(25, Math.floor(250_000 / JSON.stringify({ text, is_outbound: true }).length));
    return { messages: Array.from({ length: count }, (_, i) => ({ text, is_outbound: i % 5 !== 4 })) };
  };
  return [
    ...COACHING_UNITS.map((u) => post(`coaching 25 × 10,000 of ${JSON.stringify(u)}`, '/api/coaching/analyze', conversation(u), 200)),
    post('coaching the adversary', '/api/coaching/analyze', { contact_id: 'adversary' }, 200),
    post('copilot for the adversary', '/api/copilot/suggest', { contact_id: 'adversary', context: fill('how ', 2_000) }, 200),
    ...TEMPLATE_UNITS.filter((u) => u !== '{{a|').flatMap((u) => [
      post(`DM template ${u}`, '/api/contacts/adversary/dm', { template: fill(u, LIMITS.template) }, 400),
      post(`queued template ${u}`, '/api/outreach/queue', { username: 'adversary', template: fill(u, LIMITS.template) }, 400),
    ]),
    { label: 'the adversary', method: 'GET', path: '/api/contacts/adversary', mustReject: false, status: 200 },
    { label: "the adversary's score", method: 'GET', path: '/api/contacts/adversary/score', mustReject: false, status: 200 },
  ];
}

async function fingerprint(): Promise<string> {
  const tables = ['contacts', 'accounts', 'outreach_items', 'webhook_endpoints', 'event_outbox', 'incoming_announcements', 'messages'];
  const rows = await Promise.all(tables.map((t) => world.stack.sb.sql.query(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*) as n from ${t} x`)));
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

describe('malformed requests', () => {
  it('get a 4xx with the error envelope from every operation, on a connection that survives, and change nothing', async () => {
    const ops = await operations();
    const cases: Case[] = [...ops.flatMap(casesFor), ...engineCases(), ...['PROPFIND', 'PURGE'].map((method) => ({ label: 'unknown method', method, path: '/api/contacts', mustReject: true }))];
    assert.ok(cases.length >= 1_500, `only ${cases.length} cases`);
    const before = await fingerprint();
    const failures: string[] = [];
    let reused = 0;
    for (const c of cases) {
      const res = await send(c).catch((err: Error) => ({ status: 0, text: `no answer: ${err.message}`, socketReused: false }));
      if (res.status === 0) {
        failures.push(`${c.method} ${c.path.slice(0, 80)} (${c.label}): ${res.text}`);
        continue;
      }
      if (res.socketReused) reused += 1;
      const where = `${c.method} ${c.path.slice(0, 80)} (${c.label}) → ${res.status}`;
      if (res.status >= 500) failures.push(`${where}: ${res.text.slice(0, 160)}`);
      else if (c.status !== undefined && res.status !== c.status) failures.push(`${where}: expected ${c.status}: ${res.text.slice(0, 160)}`);
      else if (c.mustReject && (res.status < 400 || res.status >= 500)) failures.push(`${where}: accepted`);
      else if (res.status >= 400) {
        const body = (() => { try { return JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } }; } catch { return null; } })();
        if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string' || !body.error.requestId) failures.push(`${where}: no envelope: ${res.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} malformed requests were mishandled`);
    assert.ok(reused > cases.length / 2, `the keep-alive connection was dropped and reopened ${cases.length - reused} times`);
    assert.equal(await fingerprint(), before, 'nothing stored changed');
  });
});

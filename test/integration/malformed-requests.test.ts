import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ServerType } from '@hono/node-server';
import { serveApi } from '../../src/api/http-server';
import {
  adversarialCases,
  engineCases,
  seedAdversary,
  type FuzzCase,
  type FuzzOp,
  type Param,
  type Schema,
} from '../helpers/adversarial-requests';
import { TEST_API_KEY } from '../helpers/api';
import { startDmWorld } from '../helpers/dm-world';

// Some 1,700 malformed requests, generated from /openapi.json so a route added later is
// covered too, sent over one keep-alive connection to the real API over real parts: every answer is
// below 500, every 4xx has the error envelope, the connection survives each, and nothing stored
// changes. Bodies are sent only to operations that take one. Among them: contact-list cursors
// whose key does not fit its column (to every GET), texts shaped against regexes (test/helpers/
// adversarial.ts) in every string a body or query takes, and requests that feed such texts to the
// coaching, copilot, scoring and templating engines at the API's largest sizes (answered, not 500).

type Op = FuzzOp & { path: string; params: string[] };
type Doc = {
  paths: Record<
    string,
    Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
};
type Case = FuzzCase;

let world: Awaited<ReturnType<typeof startDmWorld>>;
let server: ServerType;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

before(async () => {
  world = await startDmWorld('main');
  await world.stack.account('main');
  await world.stack.contact('main', 'keeps_me', true);
  await seedAdversary(world.stack.sb.sql);
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
      res
        .setEncoding('utf8')
        .on('data', (d) => (text += d))
        .on('end', () => resolve({ status: res.statusCode ?? 0, text, socketReused: req.reusedSocket }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer in 30 s: ${c.method} ${c.path} (${c.label})`)));
    req.on('error', reject);
    req.end(c.body);
  });
}

async function operations(): Promise<Op[]> {
  const doc = (await (await world.api.app.request('/openapi.json')).json()) as Doc;
  const resolve = (s: Schema | undefined) => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
  return Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/api/'))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        body: op.requestBody ? (resolve(op.requestBody.content?.['application/json']?.schema) ?? {}) : null,
        query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      })),
    );
}

const WRONG: Record<string, unknown> = {
  string: 12345,
  number: 'abc',
  integer: 1.5,
  boolean: 'yes',
  array: { not: 'a list' },
  object: ['not', 'an', 'object'],
};
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

function casesFor(op: Op): Case[] {
  const at = (value: string) => op.path.replace(/\{[^}]+\}/g, value);
  const path = at('no-such-thing');
  const cases: Case[] = ['%00', '..%2F..%2Fopenapi.json', 'x'.repeat(3000), '%E0%A4%A', '%ZZ', 'import-contacts:%20']
    .filter(() => op.params.length > 0)
    .map((v) => ({
      label: `path ${v.slice(0, 12)}`,
      method: op.method,
      path: at(v),
      body: op.body ? '{}' : undefined,
      mustReject: false,
    }));
  if (op.method === 'GET') {
    for (const q of [
      'limit=-1',
      'limit=abc',
      'limit=1e309',
      'status=%00',
      'cursor=%25%25',
      `accountId=${'a'.repeat(500)}`,
      'accountId[]=x',
      'hours=NaN',
      'sort=;drop',
    ])
      cases.push({ label: `query ${q.slice(0, 14)}`, method: 'GET', path: `${path}?${q}`, mustReject: false });
  }
  if (op.body) {
    const bodies: [string, string, string?][] = [
      ['broken JSON', '{"a":'],
      ['not JSON', 'not json'],
      ['empty', ''],
      ['null', 'null'],
      ['a number', '42'],
      ['a string', '"str"'],
      ['an array', '[]'],
      ['nested 5,000 deep (arrays)', deep(5_000)],
      ['nested 5,000 deep (objects)', deepObject(5_000)],
      ['2 MB', JSON.stringify({ text: 'x'.repeat(2_000_000) })],
      ['text/plain', '{}', 'text/plain'],
    ];
    for (const [name, type] of Object.entries(op.body.properties ?? {}).map(([k, s]) => [k, s.type] as const)) {
      if (typeof type === 'string' && type in WRONG)
        bodies.push([`${name} as ${typeof WRONG[type]}`, JSON.stringify({ [name]: WRONG[type] })]);
    }
    for (const [label, body, contentType] of bodies)
      cases.push({ label, method: op.method, path, body, contentType, mustReject: true });
  }
  return [...cases, ...adversarialCases(op, path)];
}

async function fingerprint(): Promise<string> {
  const tables = [
    'contacts',
    'accounts',
    'outreach_items',
    'webhook_endpoints',
    'event_outbox',
    'incoming_announcements',
    'messages',
  ];
  const rows = await Promise.all(
    tables.map((t) =>
      world.stack.sb.sql.query(
        `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*) as n from ${t} x`,
      ),
    ),
  );
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

describe('malformed requests', () => {
  it('get a 4xx with the error envelope from every operation, on a connection that survives, and change nothing', async () => {
    const ops = await operations();
    const cases: Case[] = [
      ...ops.flatMap(casesFor),
      ...engineCases(),
      ...['PROPFIND', 'PURGE'].map((method) => ({
        label: 'unknown method',
        method,
        path: '/api/contacts',
        mustReject: true,
      })),
    ];
    assert.ok(cases.length >= 1_500, `only ${cases.length} cases`);
    const before = await fingerprint();
    const failures: string[] = [];
    let reused = 0;
    for (const c of cases) {
      const res = await send(c).catch((err: Error) => ({
        status: 0,
        text: `no answer: ${err.message}`,
        socketReused: false,
      }));
      if (res.status === 0) {
        failures.push(`${c.method} ${c.path.slice(0, 80)} (${c.label}): ${res.text}`);
        continue;
      }
      if (res.socketReused) reused += 1;
      const where = `${c.method} ${c.path.slice(0, 80)} (${c.label}) → ${res.status}`;
      if (res.status >= 500) failures.push(`${where}: ${res.text.slice(0, 160)}`);
      else if (c.status !== undefined && res.status !== c.status)
        failures.push(`${where}: expected ${c.status}: ${res.text.slice(0, 160)}`);
      else if (c.mustReject && (res.status < 400 || res.status >= 500)) failures.push(`${where}: accepted`);
      else if (res.status >= 400) {
        const body = (() => {
          try {
            return JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
          } catch {
            return null;
          }
        })();
        if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string' || !body.error.requestId)
          failures.push(`${where}: no envelope: ${res.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} malformed requests were mishandled`);
    assert.ok(
      reused > cases.length / 2,
      `the keep-alive connection was dropped and reopened ${cases.length - reused} times`,
    );
    assert.equal(await fingerprint(), before, 'nothing stored changed');
  });
});

import {
  COACHING_UNITS,
  cursorQuery,
  fill,
  FUZZ_UNITS,
  LIMITS,
  MALFORMED_CURSORS,
  OPT_OUT_UNITS,
  TEMPLATE_UNITS,
} from './adversarial';

/**
 * The adversarial part of the malformed-request fuzz (test/integration/malformed-requests.test.ts):
 * cases built from each OpenAPI operation, a contact to feed the engines, and requests that do.
 */

export type Schema = { $ref?: string; type?: string; maxLength?: number; properties?: Record<string, Schema> };
export type Param = { name: string; in: string; schema?: Schema };
export type FuzzOp = { method: string; body: Schema | null; query: Param[] };
/** `status`: the answer a well-formed request must get. */
export type FuzzCase = {
  label: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  mustReject: boolean;
  status?: number;
};
type Sql = { query<T>(text: string, params?: unknown[]): Promise<T[]> };

/**
 * Every GET gets every malformed cursor; every string of a query or a body gets each adversarial
 * text, one longer than it may be (so nothing is stored, but every check on it runs).
 */
export function adversarialCases(op: FuzzOp, path: string): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const takesCursor = op.query.some((p) => p.name === 'cursor');
  if (op.method === 'GET') {
    for (const c of MALFORMED_CURSORS)
      cases.push({
        label: `cursor: ${c[0]}`,
        method: 'GET',
        path: `${path}?${cursorQuery(c)}`,
        mustReject: takesCursor,
      });
  }
  const over = (s: Schema | undefined, most: number) => Math.min((s?.maxLength ?? most - 1) + 1, most);
  for (const p of op.query.filter((q) => q.schema?.type === 'string')) {
    for (const unit of FUZZ_UNITS) {
      cases.push({
        label: `query ${p.name}: ${unit}`,
        method: op.method,
        path: `${path}?${p.name}=${encodeURIComponent(fill(unit, over(p.schema, 1_000)))}`,
        mustReject: false,
      });
    }
  }
  for (const [name, schema] of Object.entries(op.body?.properties ?? {}).filter(([, p]) => p.type === 'string')) {
    for (const unit of FUZZ_UNITS) {
      cases.push({
        label: `${name}: ${unit}`,
        method: op.method,
        path,
        body: JSON.stringify({ [name]: fill(unit, over(schema, LIMITS.messageText + 1)) }),
        mustReject: true,
      });
    }
  }
  return cases;
}

/** A contact whose fields and 50 newest messages are adversarial texts at the API's largest sizes. */
export async function seedAdversary(sql: Sql) {
  const field = (n: number) => fill(FUZZ_UNITS[n % FUZZ_UNITS.length]!, LIMITS.contactField);
  const [c] = await sql.query<{ id: string }>(
    `insert into contacts (account_id, username, what_theyre_building, current_friction, their_definition_of_win, tags, fit_signals)
     values ('main', 'adversary', $1, $2, $3, $4, $4) returning id`,
    [field(0), field(1), field(2), Array(LIMITS.labels).fill(fill('aA', LIMITS.label))],
  );
  const [v] = await sql.query<{ id: string }>(
    `insert into conversations (account_id, contact_id) values ('main', $1) returning id`,
    [c!.id],
  );
  const texts = [...COACHING_UNITS, ...OPT_OUT_UNITS, ...FUZZ_UNITS];
  for (let n = 0; n < LIMITS.storedMessages; n++) {
    await sql.query(
      `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound) values ('main', $1, $2, $3, $4, $5)`,
      [v!.id, c!.id, n, fill(texts[n % texts.length]!, LIMITS.messageText), n % 3 === 0],
    );
  }
}

/** Read-only requests (or ones refused after the engine ran) that put adversarial texts through the engines. */
export function engineCases(): FuzzCase[] {
  const post = (label: string, path: string, body: unknown, status: number): FuzzCase => ({
    label,
    method: 'POST',
    path,
    body: JSON.stringify(body),
    mustReject: status >= 400,
    status,
  });
  // As many 10,000-character messages as the default body limit (256 KiB) takes: 25, the case, when none is escaped.
  const conversation = (unit: string) => {
    const text = fill(unit, LIMITS.messageText);
    const count = Math.min(25, Math.floor(250_000 / JSON.stringify({ text, is_outbound: true }).length));
    return { messages: Array.from({ length: count }, (_, i) => ({ text, is_outbound: i % 5 !== 4 })) };
  };
  return [
    ...COACHING_UNITS.map((u) =>
      post(`coaching 25 × 10,000 of ${JSON.stringify(u)}`, '/api/coaching/analyze', conversation(u), 200),
    ),
    post('coaching the adversary', '/api/coaching/analyze', { contact_id: 'adversary' }, 200),
    post(
      'copilot for the adversary',
      '/api/copilot/suggest',
      { contact_id: 'adversary', context: fill('how ', 2_000) },
      200,
    ),
    ...TEMPLATE_UNITS.filter((u) => u !== '{{a|').flatMap((u) => [
      post(`DM template ${u}`, '/api/contacts/adversary/dm', { template: fill(u, LIMITS.template) }, 400),
      post(
        `queued template ${u}`,
        '/api/outreach/queue',
        { username: 'adversary', template: fill(u, LIMITS.template) },
        400,
      ),
    ]),
    { label: 'the adversary', method: 'GET', path: '/api/contacts/adversary', mustReject: false, status: 200 },
    {
      label: "the adversary's score",
      method: 'GET',
      path: '/api/contacts/adversary/score',
      mustReject: false,
      status: 200,
    },
  ];
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENTLESS_WRITES, mayAddEvents } from '../../../src/adapters/db/event-writers';
import { latestFunctions, readMigrations } from '../../../scripts/sql-function-lines';

// EVENTLESS_WRITES spares the webhook dispatcher a wake after a write that adds no event. A listed
// function that did add one would leave its event waiting for the dispatcher's slow poll, so the
// list is checked against what the migrations leave: a function adds events when its latest body
// names the outbox, runs dynamic SQL, or calls a function that adds events; and the triggers, which
// any write may reach, add none.

const migrations = readMigrations('supabase/migrations');
// Each function's latest definition (drops and overloads honoured, as the SQL line budget reads them).
const bodies = new Map<string, string>();
for (const f of latestFunctions(migrations)) bodies.set(f.name, `${bodies.get(f.name) ?? ''}\n${f.body}`);
// Every trigger statement, and the function each runs (in the one form the migrations use).
const triggerStatements = migrations.flatMap(([, sql]) => [
  ...sql.matchAll(/create\s+(?:or\s+replace\s+)?trigger\b/gi),
]);
const triggerFunctions = migrations.flatMap(([, sql]) =>
  [...sql.matchAll(/create trigger[\s\S]*?execute function public\.(\w+)\(/gi)].map((m) => m[1]!),
);
const triggers = new Set(triggerFunctions);
const addsEvents = new Set<string>();
for (let grew = true; grew;) {
  grew = false;
  for (const [name, body] of bodies) {
    if (addsEvents.has(name)) continue;
    const calls = [...body.matchAll(/\b(crm_\w+)\s*\(/g)].map((m) => m[1]!);
    if (/event_outbox|\bexecute\s+(?!function)/i.test(body) || calls.some((c) => addsEvents.has(c))) {
      addsEvents.add(name);
      grew = true;
    }
  }
}

describe('EVENTLESS_WRITES', () => {
  it('the analysis finds the writers of events, directly and through the functions they call', () => {
    assert.ok(bodies.size > 50, `read the functions (${bodies.size})`);
    // Calls are found by the crm_ prefix, and triggers by the form every migration uses: a function
    // named otherwise, or a trigger written otherwise, would be invisible to the analysis.
    assert.deepEqual(
      [...bodies.keys()].filter((name) => !name.startsWith('crm_')),
      [],
      'every function is named crm_…',
    );
    assert.equal(
      triggerFunctions.length,
      triggerStatements.length,
      'every trigger reads "create trigger … execute function public.<name>("',
    );
    for (const fn of ['crm_emit_outbox_events', 'crm_apply_thread_reads', 'crm_set_opt_out', 'crm_enqueue_outreach'])
      assert.ok(addsEvents.has(fn), `${fn} adds events`);
  });

  it('lists only functions that exist and add no event', () => {
    assert.deepEqual(
      [...EVENTLESS_WRITES].filter((fn) => !bodies.has(fn) || addsEvents.has(fn)),
      [],
    );
  });

  it('no trigger adds an event (any write may reach one)', () => {
    assert.ok(triggers.size >= 3, `found the triggers' functions (${[...triggers].join(', ')})`);
    assert.deepEqual(
      [...triggers].filter((fn) => addsEvents.has(fn)),
      [],
    );
  });

  it('a listed call adds nothing; any other write, or a write of a table, may', () => {
    assert.equal(mayAddEvents('http://db/rest/v1/rpc/crm_claim_threads', 'POST'), false);
    assert.equal(mayAddEvents('http://db/rest/v1/rpc/crm_keyword_check_needed', 'POST'), false);
    assert.equal(mayAddEvents('http://db/rest/v1/rpc/crm_webhook_outbox_page', 'POST'), false, 'a read');
    assert.equal(mayAddEvents('http://db/rest/v1/rpc/crm_apply_thread_reads', 'POST'), true);
    assert.equal(mayAddEvents('http://db/rest/v1/contacts', 'PATCH'), true);
    assert.equal(mayAddEvents('http://db/rest/v1/contacts', 'GET'), false);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTREACH_STATUSES } from '../../src/domain/outreach-transitions';

// The state machine has one table (src/domain/outreach-transitions.ts): a list of outreach statuses
// written out anywhere else in src/ is a second copy of a rule, which drifts. This finds array
// literals made only of outreach statuses; lists that merely share a word with them (a webhook
// delivery's 'failed', a sender's 'sending' | 'waiting' | 'idle') are not flagged.

const HOME = ['src/domain/outreach-transitions.ts'];
const STATUS = new Set<string>(OUTREACH_STATUSES);
const MIGRATION = 'supabase/migrations/20261206000800_outreach_statuses_as_parameters.sql';

function statusLists(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\[([^[\]]*)\]/g)) {
    const body = m[1]!;
    if (!/^\s*'[a-z_]+'(\s*,\s*'[a-z_]+')*\s*,?\s*$/.test(body)) continue;
    const words = [...body.matchAll(/'([a-z_]+)'/g)].map((w) => w[1]!);
    if (words.every((w) => STATUS.has(w))) found.push(m[0]);
  }
  return found;
}

/** Outreach statuses quoted in SQL. Between two commas a word is a jsonb key ('cancelled', to_jsonb(…)), or inside a list whose ends are still found. */
function sqlStatuses(sql: string): string[] {
  return [...sql.matchAll(/'([a-z_]+)'/g)]
    .filter((m) => !(/,\s*$/.test(sql.slice(0, m.index)) && /^\s*,/.test(sql.slice(m.index + m[0].length))))
    .map((m) => m[1]!)
    .filter((w) => STATUS.has(w));
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

describe('outreach statuses come from the one table', () => {
  it('the check finds a list of statuses, and leaves lists that only share a word alone', () => {
    assert.deepEqual(
      statusLists(`const a = ['queued', 'sent']; f(['sending']); z.enum([\n  'failed',\n  'skipped',\n]);`),
      ["['queued', 'sent']", "['sending']", "[\n  'failed',\n  'skipped',\n]"],
    );
    assert.deepEqual(statusLists(`z.enum(['sending', 'waiting', 'idle']); ['delivered', 'failed']; [a, 'queued']`), []);
  });

  it('no file under src/ but the table writes a list of outreach statuses', async () => {
    const files = (await sourceFiles('src')).filter((f) => !HOME.includes(f));
    assert.ok(files.length > 100, `read ${files.length} files`);
    const offenders: string[] = [];
    for (const file of files)
      for (const list of statusLists(await readFile(file, 'utf8')))
        offenders.push(`${file}: ${list.replace(/\s+/g, ' ')}`);
    assert.deepEqual(offenders, []);
  });

  it('the SQL functions of the ledger name no outreach status: they are given them', async () => {
    const sql = await readFile(MIGRATION, 'utf8');
    assert.deepEqual(sqlStatuses(sql), []);
    const probe = `where status in ('sent', 'sending', 'needs_review') and x = 'queued'; set status = 'cancelled', y = 1; jsonb_build_object('a', 1, 'failed', n)`;
    assert.deepEqual(sqlStatuses(probe), ['sent', 'needs_review', 'queued', 'cancelled']);
    assert.match(sql, /status = any \(p_from\)/, 'the move stays an atomic compare-and-set');
  });
});

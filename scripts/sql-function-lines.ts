// How much logic lives in SQL: the non-blank, non-comment lines of each function's latest
// definition across the migrations, applied in order (a later `create or replace` replaces, a
// `drop function` removes). `node --import tsx scripts/sql-function-lines.ts [migrations dir]`
// prints a table and the total; test/devstack/sql-function-lines.test.ts holds the total to a budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface FunctionLines {
  name: string;
  signature: string;
  lines: number;
  file: string;
  /** The definition's text between its dollar quotes. */
  body: string;
}

const CREATE = /create\s+(?:or\s+replace\s+)?function\s+(?:public\.)?(\w+)\s*\(/gi;
const DROP = /drop\s+function\s+(?:if\s+exists\s+)?(?:public\.)?(\w+)\s*\(([^)]*)\)/gi;
const NAMED_ARG = /^(?:(?:in|out|inout|variadic)\s+)?(\w+)\s+(.+)$/i;
// The first word of an argument is its name unless it already starts the type (a drop names types only).
const TYPE_WORDS = new Set([
  'text',
  'uuid',
  'jsonb',
  'json',
  'integer',
  'int',
  'bigint',
  'boolean',
  'bool',
  'timestamptz',
  'timestamp',
  'double',
  'numeric',
  'real',
  'smallint',
  'date',
  'interval',
  'character',
  'varchar',
  'public',
]);
const ALIASES: Record<string, string> = { int: 'integer', int4: 'integer', int8: 'bigint', bool: 'boolean' };

/** Splits at top-level commas, leaving those inside parentheses or quotes alone. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** The input types of an argument list, as PostgreSQL identifies an overload (out arguments do not count). */
export function argumentTypes(args: string): string {
  return splitTopLevel(args)
    .map((arg) =>
      arg
        .replace(/\s+(?:default|=)\s[\s\S]*$/i, '')
        .trim()
        .replace(/\s+/g, ' '),
    )
    .filter((arg) => arg && !/^out\s/i.test(arg))
    .map((arg) => {
      const m = NAMED_ARG.exec(arg.replace(/^(?:in|inout|variadic)\s+/i, ''));
      const type = m && !TYPE_WORDS.has(m[1]!.toLowerCase()) ? m[2]! : arg;
      const lower = type.toLowerCase().replace(/^public\./, '');
      return ALIASES[lower] ?? lower;
    })
    .join(',');
}

/** The text between a function's opening `(` and its matching `)`. */
function argumentList(sql: string, open: number): { args: string; end: number } {
  let depth = 1;
  let i = open;
  while (depth > 0 && i < sql.length) {
    if (sql[i] === '(') depth++;
    if (sql[i] === ')') depth--;
    i++;
  }
  return { args: sql.slice(open, i - 1), end: i };
}

/** Non-blank lines that are not only a comment. */
export function codeLines(body: string): number {
  return body
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('--')).length;
}

type Statement = { at: number; kind: 'create'; fn: FunctionLines } | { at: number; kind: 'drop'; key: string };

function statements(sql: string, file: string): Statement[] {
  const found: Statement[] = [];
  for (const m of sql.matchAll(CREATE)) {
    const { args, end } = argumentList(sql, m.index + m[0].length);
    const quote = /\$(\w*)\$/.exec(sql.slice(end));
    if (!quote) throw new Error(`${file}: no body for ${m[1]}`);
    const start = end + quote.index + quote[0].length;
    const close = sql.indexOf(quote[0], start);
    const body = sql.slice(start, close);
    const fn = { name: m[1]!, signature: argumentTypes(args), lines: codeLines(body), file, body };
    found.push({ at: m.index, kind: 'create', fn });
  }
  for (const m of sql.matchAll(DROP))
    found.push({ at: m.index, kind: 'drop', key: `${m[1]}(${argumentTypes(m[2]!)})` });
  return found.sort((a, b) => a.at - b.at);
}

/** Every function as its latest definition leaves it, given migrations as [file name, text] in order. */
export function latestFunctions(migrations: [string, string][]): FunctionLines[] {
  const live = new Map<string, FunctionLines>();
  for (const [file, sql] of migrations) {
    for (const s of statements(sql, file)) {
      if (s.kind === 'drop') live.delete(s.key);
      else live.set(`${s.fn.name}(${s.fn.signature})`, s.fn);
    }
  }
  return [...live.values()].sort((a, b) => b.lines - a.lines || a.name.localeCompare(b.name));
}

export function readMigrations(dir: string): [string, string][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
}

export function totalLines(functions: FunctionLines[]): number {
  return functions.reduce((sum, f) => sum + f.lines, 0);
}

/** Why these functions do not fit the budget, or null when they do. */
export function overBudget(functions: FunctionLines[], budget: number): string | null {
  const total = totalLines(functions);
  if (total <= budget) return null;
  const biggest = functions
    .slice(0, 3)
    .map((f) => `${f.name} ${f.lines}`)
    .join(', ');
  return `SQL function bodies hold ${total} lines, over the budget of ${budget} (biggest: ${biggest})`;
}

export function table(functions: FunctionLines[]): string {
  const width = Math.max(...functions.map((f) => f.name.length));
  const rows = functions.map((f) => `${f.name.padEnd(width)}  ${String(f.lines).padStart(4)}  ${f.file}`);
  return [
    ...rows,
    `${'total'.padEnd(width)}  ${String(totalLines(functions)).padStart(4)}  (${functions.length} functions)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(table(latestFunctions(readMigrations(process.argv[2] ?? 'supabase/migrations'))));
}

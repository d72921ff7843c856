import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argumentTypes, latestFunctions, overBudget, readMigrations } from '../../scripts/sql-function-lines';

// Rules live in TypeScript; SQL keeps set-based writes, locks and compare-and-set. The budget is
// what SQL function bodies hold today (scripts/sql-function-lines.ts prints them): lower it when a
// rule moves out, and a rule moving back into SQL fails here.
export const SQL_LINE_BUDGET = 1107;

const fn = (name: string, args: string, lines: number) =>
  `create or replace function public.${name}(${args})\nreturns integer\nlanguage plpgsql as $$\n${Array.from({ length: lines }, (_, i) => `  -- step ${i}\n  perform ${i};\n\n`).join('')}$$;\n`;

describe('SQL function lines', () => {
  it(`the migrations' functions hold at most ${SQL_LINE_BUDGET} lines`, () => {
    const functions = latestFunctions(readMigrations('supabase/migrations'));
    assert.ok(functions.length > 30, `found ${functions.length} functions: the parser lost some`);
    assert.equal(overBudget(functions, SQL_LINE_BUDGET), null);
  });

  it('counts the latest definition of each overload, honours drops, skips blanks and comments', () => {
    const migrations: [string, string][] = [
      ['1_a.sql', fn('crm_a', 'p_x text, p_n integer default 3', 5) + fn('crm_b', 'p_x text', 4)],
      [
        '2_b.sql',
        `drop function if exists public.crm_b(text);\n${fn('crm_a', 'p_x text, p_n int', 2)}${fn('crm_c', 'p_x uuid[]', 1)}`,
      ],
      ['3_c.sql', fn('crm_c', 'p_x uuid[], p_y jsonb', 3)],
    ];
    const found = latestFunctions(migrations).map((f) => [f.name, f.signature, f.lines, f.file]);
    assert.deepEqual(found, [
      ['crm_c', 'uuid[],jsonb', 3, '3_c.sql'],
      ['crm_a', 'text,integer', 2, '2_b.sql'],
      ['crm_c', 'uuid[]', 1, '2_b.sql'],
    ]);
  });

  it('fails a migration set over the budget', () => {
    const fits: [string, string][] = [['1_big.sql', fn('crm_big', 'p_x text', SQL_LINE_BUDGET)]];
    assert.equal(overBudget(latestFunctions(fits), SQL_LINE_BUDGET), null);
    const over: [string, string][] = [...fits, ['2_more.sql', fn('crm_more', 'p_x text', 1)]];
    assert.match(
      overBudget(latestFunctions(over), SQL_LINE_BUDGET) ?? '',
      new RegExp(
        `hold ${SQL_LINE_BUDGET + 1} lines, over the budget of ${SQL_LINE_BUDGET} \\(biggest: crm_big ${SQL_LINE_BUDGET}`,
      ),
    );
  });

  it('reads argument types as PostgreSQL names an overload', () => {
    assert.equal(
      argumentTypes("p_id uuid, out n integer, p_at timestamp with time zone default now(), p_m jsonb = '{}'"),
      'uuid,timestamp with time zone,jsonb',
    );
    assert.equal(argumentTypes('text, uuid[], int'), 'text,uuid[],integer');
  });
});

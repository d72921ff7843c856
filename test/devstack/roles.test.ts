import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyRoles } from '../../src/devstack/roles';

// Two stacks starting on one fresh cluster race to create its roles (CI saw the loser fail on
// pg_authid_rolname_index): the loser runs the idempotent file again; any other failure is final.

const failing = (errors: Error[]) => {
  const runs: string[] = [];
  return {
    runs,
    exec: async (text: string) => {
      runs.push(text);
      const err = errors.shift();
      if (err) throw err;
    },
  };
};
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('applying the roles file', () => {
  it('runs it again after losing the race to another session, until it finds the roles there', async () => {
    const sql = failing([
      pgError('23505', 'duplicate key value violates unique constraint "pg_authid_rolname_index"'),
      pgError('XX000', 'tuple concurrently updated'),
    ]);
    await applyRoles(sql, 'roles', 1);
    assert.deepEqual(sql.runs, ['roles', 'roles', 'roles']);
  });

  it('gives up after three races, and never repeats any other failure', async () => {
    const race = () => pgError('42710', 'role "anon" already exists');
    const stuck = failing([race(), race(), race(), race()]);
    await assert.rejects(applyRoles(stuck, 'roles', 1), /already exists/);
    assert.equal(stuck.runs.length, 3);

    const denied = failing([pgError('42501', 'permission denied to create role')]);
    await assert.rejects(applyRoles(denied, 'roles', 1), /permission denied/);
    assert.equal(denied.runs.length, 1);
  });
});

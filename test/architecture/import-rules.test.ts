import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The import direction of the README's Layout is lint's no-restricted-imports in eslint.config.js.
// Each case runs that rule, as the config gives it for the file, on one line of code: the banned
// imports must be reported (so the rule can fail), the allowed ones must not.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function reported(file: string, code: string): Promise<string[]> {
  const config = await eslint.calculateConfigForFile(file);
  const rule = config.rules?.['no-restricted-imports'];
  const linter = new Linter({ configType: 'flat' });
  const parser = tseslint.parser as Linter.Parser;
  return linter
    .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser }, rules: { 'no-restricted-imports': rule } }], file)
    .map((m) => m.message);
}

const banned: [string, string][] = [
  ['src/api/routes/x.ts', "import { outreachActivities } from '../../activities/outreach-send';"],
  ['src/api/x.ts', "import { dmSender } from '../workflows/dm-sender';"],
  ['src/api/x.ts', "import * as workflows from '../workflows';"],
  ['src/activities/x.ts', "import type { AppEnv } from '../api/env';"],
  ['src/activities/x.ts', "import { dmSender } from '../workflows/dm-sender';"],
  ['src/contracts/x.ts', "import type { Config } from '../config';"],
  ['src/contracts/x.ts', "import type { Activities } from '../activities';"],
  ['src/contracts/x.ts', "import type { WorkflowGateway } from '../temporal/workflow-gateway';"],
  ['src/contracts/x.ts', "import { syncConversations } from '../workflows/sync-conversations';"],
  ['src/workflows/x.ts', "import { WORKFLOW_CONTRACTS } from '../contracts/catalogue';"],
  ['src/workflows/x.ts', "import { createWorkflowGateway } from '../temporal/workflow-gateway';"],
];

const allowed: [string, string][] = [
  ['src/api/routes/x.ts', "import { WORKFLOW_STATUS_PATH } from './workflows';"],
  ['src/api/routes/x.ts', "import { dmSenderContract } from '../../contracts/catalogue';"],
  ['src/activities/x.ts', "import { dmSenderContract } from '../contracts/catalogue';"],
  ['src/contracts/x.ts', "import type { InboxTab } from '../domain/types';"],
  ['src/workflows/x.ts', "import { syncProgressQuery } from '../contracts/sync';"],
  ['src/workflows/x.ts', "import type { Activities } from '../activities';"],
];

describe('import rules (eslint no-restricted-imports)', () => {
  for (const [file, code] of banned) {
    it(`${file} may not: ${code}`, async () => assert.equal((await reported(file, code)).length, 1));
  }
  for (const [file, code] of allowed) {
    it(`${file} may: ${code}`, async () => assert.deepEqual(await reported(file, code), []));
  }
});

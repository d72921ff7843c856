import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const ioPackages = ['@supabase/*', '@temporalio/client', '@temporalio/worker', 'pino', 'ws', 'pg', '@hono/*', 'hono', 'hono/*'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A forgotten await on an activity, a write or a send is a bug, not a style choice.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config only.' }],
    },
  },
  {
    files: ['src/config/**', 'scripts/**', 'bench/**', 'soak/**', 'test/**', 'eslint.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Workflows run in Temporal's deterministic sandbox: no Node built-ins, no I/O, no config.
    files: ['src/workflows/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins,
        patterns: [
          { group: ['**/adapters/**', '**/config', '**/config/**', '**/api/**', '**/activities/*', '!**/activities/index'], message: 'Workflows may import only domain code, definitions and activity types.' },
          { group: ['**/domain/webhook-signing'], message: 'Signing uses node:crypto; sign inside an activity.' },
          { group: ioPackages, message: 'No I/O in workflows.' },
        ],
      }],
    },
  },
  {
    // The domain is pure: workflows call it, so it must not reach the network, the disk or the clock's owners.
    files: ['src/domain/**'],
    ignores: ['src/domain/webhook-signing.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins,
        patterns: [
          { group: ['**/adapters/**', '**/config', '**/config/**', '**/api/**', '**/activities/**', '**/workflows/**'], message: 'The domain imports nothing with side effects.' },
          { group: ioPackages, message: 'No I/O in the domain.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The dashboard's scripts run in the browser as they are (no build step): browser globals only.
    files: ['src/api/dashboard/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        window: 'readonly', document: 'readonly', location: 'readonly', sessionStorage: 'readonly', fetch: 'readonly',
        URLSearchParams: 'readonly', Node: 'readonly', console: 'readonly',
      },
    },
  },
);

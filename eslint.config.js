import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const ioPackages = [
  '@supabase/*',
  '@temporalio/client',
  '@temporalio/worker',
  'pino',
  'ws',
  'pg',
  '@hono/*',
  'hono',
  'hono/*',
];

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
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config only.' },
      ],
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
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            {
              group: [
                '**/adapters/**',
                '**/config',
                '**/config/**',
                '**/api/**',
                '**/app/**',
                '**/temporal/**',
                '**/activities/*',
                '!**/activities/index',
              ],
              message: 'Workflows may import only src/contracts, domain code and activity types.',
            },
            // The contracts with their zod schemas are for the client side: zod stays out of the workflow bundle.
            {
              group: ['**/contracts/catalogue', '**/contracts/schemas'],
              message: 'Workflows import the zod-free contract files (types, signals, queries) only.',
            },
            { group: ['**/domain/webhook-signing'], message: 'Signing uses node:crypto; sign inside an activity.' },
            { group: ioPackages, message: 'No I/O in workflows.' },
          ],
        },
      ],
    },
  },
  {
    // The direction of imports (README, Layout): the API and the activities meet in src/app and
    // src/contracts, never in each other; src/contracts is a leaf. test/architecture checks that no
    // import cycle exists at all.
    files: ['src/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(activities|workflows)(/|$)',
              message: 'The API reaches workflows through src/contracts and the gateway, shared logic through src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/activities/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(api|workflows)(/|$)',
              message:
                'Activities start and signal workflows through src/contracts, and share logic with the API through src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            {
              regex: '^(\\.\\./)+(activities|api|app|temporal|adapters|workflows|config)(/|$)',
              message:
                'src/contracts is a leaf: it imports only src/domain (and zod, @temporalio/workflow define* helpers).',
            },
            { group: ioPackages, message: 'No I/O in the contracts.' },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: workflows call it, so it must not reach the network, the disk or the clock's owners.
    files: ['src/domain/**'],
    ignores: ['src/domain/webhook-signing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            {
              group: [
                '**/adapters/**',
                '**/config',
                '**/config/**',
                '**/api/**',
                '**/activities/**',
                '**/workflows/**',
              ],
              message: 'The domain imports nothing with side effects.',
            },
            { group: ioPackages, message: 'No I/O in the domain.' },
          ],
        },
      ],
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
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        Node: 'readonly',
        console: 'readonly',
      },
    },
  },
);

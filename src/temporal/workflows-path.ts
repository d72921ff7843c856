import { fileURLToPath } from 'node:url';

/** The bundle entry the worker (and tests) hand to Temporal's workflow bundler. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

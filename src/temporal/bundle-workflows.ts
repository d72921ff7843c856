import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './workflows-path';

/**
 * `node --import tsx src/temporal/bundle-workflows.ts <file>`: writes the workflow bundle to a file.
 * The worker runs this as a child process and loads the file, so the bundler (webpack) and the
 * memory it keeps never live in the long-running worker process (about 100 MB there otherwise).
 */
const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: bundle-workflows.ts <output file>\n');
  process.exit(2);
}
const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
await writeFile(out, bundle.code);

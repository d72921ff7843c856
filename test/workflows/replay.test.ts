import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { loadHistories } from '../helpers/histories';
import { installQuietRuntime, workflowBundle } from '../helpers/temporal';

installQuietRuntime();

// Every committed history must replay against today's workflow code: an edit that changes the
// commands a recorded run produced (without patched()) fails here, before it breaks running work.

describe('workflow replay', () => {
  it('replays every recorded history against the current workflow code', async () => {
    const histories = await loadHistories();
    assert.ok(histories.length > 0, 'no recorded histories found');
    const bundle = await workflowBundle();
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
    }
  });

  it('fails for a workflow edited in an incompatible way (the check can fail)', async () => {
    const all = await loadHistories();
    const histories = all.filter((h) => h.workflowId.startsWith('import-contacts') || h.workflowId.startsWith('sync-'));
    assert.ok(
      histories.some((h) => h.workflowId.startsWith('sync-')) &&
        histories.some((h) => h.workflowId.startsWith('import-')),
    );
    const changed = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./fixtures/changed-workflows.ts', import.meta.url)),
      logger: new DefaultLogger('ERROR'),
    });
    for await (const result of Worker.runReplayHistories({ workflowBundle: changed }, histories)) {
      assert.ok(result.error, `${result.workflowId} replayed cleanly against changed code`);
      // Only a determinism violation proves the check: a ReplayError is also what any crash of the task raises.
      assert.equal(result.error.name, 'DeterminismViolationError', `${result.workflowId}: ${result.error.message}`);
    }
  });
});

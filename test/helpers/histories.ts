import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;

/**
 * Histories recorded by workflow tests and committed, so the replay test can check that today's
 * workflow code still reproduces yesterday's runs. `RECORD_HISTORIES=1 npm run test:only workflows`
 * adds histories for new tests; `RECORD_HISTORIES=replace` rewrites them all, which is only right
 * once no run recorded with the old code can still be open (see Temporal's patched()).
 */

export const HISTORIES_DIR = 'test/workflows/histories';

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  const mode = process.env.RECORD_HISTORIES;
  if (mode !== '1' && mode !== 'replace') return;
  // A committed history is the record of what older code did: keep it unless told to replace it.
  if (
    mode === '1' &&
    (await readFile(join(HISTORIES_DIR, `${name}.json`)).then(
      () => true,
      () => false,
    ))
  )
    return;
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  // Plain protobuf JSON through @temporalio/proto's own classes (bytes base64, enums by name).
  const json = temporal.api.history.v1.History.fromObject(history).toJSON();
  await writeFile(join(HISTORIES_DIR, `${name}.json`), JSON.stringify(json));
}

export async function loadHistories(): Promise<
  { workflowId: string; history: proto.temporal.api.history.v1.IHistory }[]
> {
  const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: temporal.api.history.v1.History.fromObject(JSON.parse(await readFile(join(HISTORIES_DIR, f), 'utf8'))),
    })),
  );
}

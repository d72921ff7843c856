import { Connection } from '@temporalio/client';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { searchAttributeCliArgs } from '../temporal/search-attributes';
import { spawnManaged, waitUntilReady, type ManagedProcess } from './processes';

/**
 * `temporal server start-dev` with a SQLite file under the data directory (history survives a
 * restart), the Web UI, and our search attributes registered at start.
 */

export interface TemporalDevServerOptions {
  cliPath: string;
  dbFile: string;
  port: number;
  uiPort: number;
  namespace: string;
  onLine?: (line: string) => void;
}

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  process: ManagedProcess;
  stop: () => Promise<void>;
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<RunningTemporal> {
  await mkdir(dirname(opts.dbFile), { recursive: true });
  const proc = spawnManaged({
    name: 'Temporal dev server',
    command: opts.cliPath,
    args: [
      'server',
      'start-dev',
      '--db-filename',
      opts.dbFile,
      '--ip',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--ui-port',
      String(opts.uiPort),
      '--namespace',
      opts.namespace,
      '--log-level',
      'warn',
      ...searchAttributeCliArgs(),
    ],
    onLine: opts.onLine,
  });
  const address = `127.0.0.1:${opts.port}`;
  await waitUntilReady(proc, () => namespaceReady(address, opts.namespace), 90_000);
  return { address, uiUrl: `http://localhost:${opts.uiPort}`, process: proc, stop: () => proc.stop() };
}

async function namespaceReady(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

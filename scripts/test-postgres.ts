import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/devstack/embedded-postgres';

// The "real PostgreSQL" the tests run over (test/helpers/supabase.ts creates a database per test
// file in it): the same embedded cluster `npm start` uses, from npm on every platform, in a fresh
// directory. Its admin URL goes to the file named by the first argument once it answers; it runs
// until SIGTERM or SIGINT, then stops the cluster and removes the directory (scripts/test.sh).

const urlFile = process.argv[2];
if (!urlFile) throw new Error('usage: test-postgres.ts <file to write the URL to>');
const dir = await mkdtemp(join(tmpdir(), 'crm-test-postgres-'));
await chmod(dir, 0o755); // as root the cluster runs as `postgres`, which must reach its directory
const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
await writeFile(urlFile, cluster.url);
setInterval(() => undefined, 60_000); // stay up until told to stop

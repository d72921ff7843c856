import { startLocalSupabase, type LocalSupabaseOptions } from './local-supabase';

/**
 * One local data API in a process of its own: `node --import tsx src/devstack/serve-data-api.ts
 * '<options as JSON>'`. It prints `READY {url, keys, databaseUrl, migrations}` once serving, and
 * stops on SIGTERM. Tests and benchmarks use it so that the database (PGlite runs on its host's
 * main thread) works beside the test process, as a real database server would, instead of sharing
 * its event loop with the worker and the Safari simulator.
 */

async function main() {
  const options = JSON.parse(process.argv[2] ?? '{}') as LocalSupabaseOptions;
  const api = await startLocalSupabase(options);
  const { url, anonKey, serviceRoleKey, databaseUrl, migrations } = api;
  process.stdout.write(`READY ${JSON.stringify({ url, anonKey, serviceRoleKey, databaseUrl, migrations })}\n`);
  const stop = () => void api.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent holds our stdin open: when it dies without stopping us, stdin ends and we go too.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((err) => {
  process.stderr.write(`data API failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

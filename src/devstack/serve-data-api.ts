import { startLocalSupabase, type LocalSupabaseOptions } from './local-supabase';

/**
 * One local data API in a process of its own: `node --import tsx src/devstack/serve-data-api.ts
 * '<options as JSON>'`. It prints `READY {url, keys, databaseUrl, migrations}` once serving, and
 * stops on SIGTERM. Tests and benchmarks use it because PGlite runs on its host process's main
 * thread: next to a Temporal worker (which enables async hooks) it runs about ten times slower.
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

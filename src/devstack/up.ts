import { fileURLToPath } from 'node:url';
import { inheritedEnv, loadConfig, loadConfigOrExit, loadStackConfig, type Env } from '../config';
import { activeHoursLine } from './active-hours-banner';
import { spawnManaged, type ManagedProcess } from './processes';
import { startInfrastructure } from './stack';
import { supervise } from './supervisor';

/**
 * `npm start`: the whole system on embedded defaults — Temporal dev server, both data APIs,
 * worker and API — with one line per endpoint, and Ctrl-C stopping every child process.
 */

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const say = (line: string) => process.stdout.write(`[stack] ${line}\n`);

function nonEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

function startApp(name: string, entry: string, env: Env): ManagedProcess {
  return spawnManaged({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', entry],
    env,
    cwd: projectDir,
    onLine: (line) => process.stdout.write(`[${name}] ${line}\n`),
  });
}

async function main() {
  const stackConfig = loadConfigOrExit(loadStackConfig);
  // Any part that keeps dying (infrastructure, worker or API) stops the whole stack, saying why.
  let stopping = false;
  let stopAll: (code: number) => Promise<void> = async (code) => process.exit(code); // until all is up
  const giveUp = (reason: string, crashed: boolean) => {
    if (!stopping) say(`stopping the stack: ${reason}`);
    void stopAll(crashed ? 1 : 0); // a child stopped by Ctrl-C before this process saw it is no failure
  };
  const infra = await startInfrastructure(stackConfig, projectDir, say, giveUp);
  // What the user set explicitly wins over what the stack generated; in a terminal, children log for a reader (LOG_FORMAT).
  const env = { ...infra.env, ...(process.stdout.isTTY ? { LOG_FORMAT: 'pretty' } : {}), ...nonEmpty(inheritedEnv()) };
  const config = loadConfigOrExit(loadConfig, env); // fail here, with every bad key, not in two children

  // The worker and the API are restarted when they die, like every part of the infrastructure.
  const parts = (['worker', 'api'] as const).map((name) =>
    supervise({
      name,
      say,
      onGiveUp: giveUp,
      start: () => startApp(name, name === 'worker' ? 'src/worker.ts' : 'src/api/server.ts', env),
    }),
  );
  stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    for (const part of [...parts].reverse()) await part.stop();
    await infra.stop();
    say('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  process.once('SIGHUP', () => void stopAll(0));

  const api = `http://localhost:${config.server.port}`;
  for (const e of infra.endpoints) say(`${e.name.padEnd(22)} ${e.url}${e.note ? `  (${e.note})` : ''}`);
  say(`${'CRM API'.padEnd(22)} ${api}`);
  say(`${'Dashboard'.padEnd(22)} ${api}/app  (sign in with the dev API key)`);
  say(`${'API docs'.padEnd(22)} ${api}/docs  (OpenAPI: ${api}/openapi.json)`);
  say(`${'Health'.padEnd(22)} ${api}/health`);
  const worker =
    config.metrics.workerPort === null ? '' : ` and http://localhost:${config.metrics.workerPort}/metrics (worker)`;
  say(`${'Metrics'.padEnd(22)} ${api}/metrics${worker}${config.metrics.public ? '' : '  (API key)'}`);
  say(`${'Dev API key'.padEnd(22)} ${config.server.apiKey}  (x-api-key header)`);
  say(`${'Active hours'.padEnd(22)} ${activeHoursLine(config.outreach.pacing, stackConfig.simulatorHours.open)}`);
  say(`Data directory: ${stackConfig.dataDir} — Ctrl-C stops everything; data survives a restart.`);
}

main().catch((err) => {
  process.stderr.write(`[stack] failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

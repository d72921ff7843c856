import { FULL, SHORT } from './plan';
import { runSoak } from './run';

// `npm run soak [short]`: the promises checked together under chaos (soak/run.ts). Prints what
// happened and one line per check; exits 1 when a check failed. `npm test` runs the short plan.
const plan = process.argv[2] === 'short' ? SHORT : FULL;
const say = (line: string) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const report = await runSoak(plan, say);
say(`${report.plan} soak: ${report.seconds} s; ${JSON.stringify(report.figures)}`);
for (const c of report.checks) say(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
process.exit(report.ok ? 0 : 1);

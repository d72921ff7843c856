import { loadConfigOrExit, loadSimulatorConfig } from '../config';
import { createSimulator } from './simulator';

/** `npm run simulator`: the demo stand-in for the Safari Automation server on the user's Mac. */

const { simulator: cfg } = loadConfigOrExit(loadSimulatorConfig);
const sim = createSimulator({
  flavor: cfg.flavor,
  seed: cfg.seed,
  conversations: cfg.conversations,
  latencyScale: cfg.latencyScale,
  rateLimits: cfg.rateLimits,
  utcOffsetMinutes: cfg.utcOffsetMinutes,
  lossyReads: cfg.lossyReads,
  listingDrift: cfg.listingDrift,
  clock: { running: true },
});
const running = await sim.listen(cfg.port, cfg.hostname);

const limits = cfg.rateLimits;
const hours = limits.activeHours ? `${limits.activeHours.start}-${limits.activeHours.end}` : 'off';
console.log(`Safari Automation SIMULATOR (${cfg.flavor}) listening on ${running.url}`);
console.log('No real Instagram DMs are sent: every conversation and message here is simulated.');
console.log(
  `seed ${cfg.seed}, ${cfg.conversations} conversations, latency x${cfg.latencyScale}, ` +
    `limits ${limits.perHour ?? 'off'}/h ${limits.perDay ?? 'off'}/day, active hours ${hours}; control API at ${running.url}/__sim`,
);
const drift = cfg.listingDrift;
if (drift && cfg.flavor === 'head') {
  console.log(
    `listings drift: handle shown ${Math.round(drift.handleChance * 100)}% of the time, threadId ${Math.round(drift.threadIdChance * 100)}%`,
  );
}

const stop = () => void running.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

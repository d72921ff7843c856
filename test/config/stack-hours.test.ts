import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, loadSimulatorConfig, loadStackConfig, type Env } from '../../src/config';
import { activeHoursLine } from '../../src/devstack/active-hours-banner';
import { isInWindow as inWindow } from '../../src/domain/pacing';
import type { PacingSettings } from '../../src/domain/pacing-settings';

// Under npm start's simulator (no real account) DMs may go out at any hour unless hours were set:
// the CRM's pacing and the simulator's own limiter alike. A real Safari server keeps 09:00–21:00.

const REQUIRED: Env = {
  CRM_API_KEY: 'k'.repeat(24),
  WEBHOOK_SECRET: 's'.repeat(24),
  CRM_SUPABASE_URL: 'http://127.0.0.1:54361',
  CRM_SUPABASE_KEY: 'crm-service-role-key-123',
  CRM_TIMEZONE: 'Europe/Berlin',
};
/** As up.ts builds the worker's and the API's environment: what the stack set, then what the user set. */
const appConfig = (user: Env) => loadConfig({ ...loadStackConfig(user).simulatorHours.crmEnv, ...REQUIRED, ...user });
const at = (iso: string) => Date.parse(iso);
const isInWindow = (p: Omit<PacingSettings, 'ramp'>, atMs: number) => inWindow({ ...p, ramp: null }, atMs);

describe('active hours under npm start', () => {
  it('the simulator with no hours set: always open, for the CRM and for the simulator', () => {
    const hours = loadStackConfig({}).simulatorHours;
    assert.deepEqual(hours, {
      open: true,
      crmEnv: { CRM_ACTIVE_HOURS_START: '0', CRM_ACTIVE_HOURS_END: '24' },
      simulatorEnv: { SIMULATOR_ACTIVE_HOURS: 'off' },
    });
    const pacing = appConfig({}).outreach.pacing;
    assert.deepEqual([pacing.activeStartHour, pacing.activeEndHour], [0, 24]);
    assert.equal(isInWindow(pacing, at('2026-12-06T02:30:00Z')), true, '03:30 in Berlin');
    assert.equal(loadSimulatorConfig(hours.simulatorEnv).simulator.rateLimits.activeHours, null);
    assert.match(
      activeHoursLine(pacing, true),
      /^always {2}\(the simulator: no real account; with SAFARI_API_URL the default is 09:00–21:00/,
    );
  });

  it('a real Safari server keeps 09:00–21:00 in the zone', () => {
    const user = { SAFARI_API_URL: 'http://mac.local:3100' };
    assert.equal(loadStackConfig(user).simulatorHours.open, false);
    const pacing = appConfig(user).outreach.pacing;
    assert.deepEqual([pacing.activeStartHour, pacing.activeEndHour], [9, 21]);
    assert.equal(isInWindow(pacing, at('2026-12-06T02:30:00Z')), false, '03:30 in Berlin');
    assert.equal(isInWindow(pacing, at('2026-12-06T08:00:00Z')), true, '09:00 in Berlin');
    assert.match(activeHoursLine(pacing, false), /^09:00–21:00 Europe\/Berlin {2}\(CRM_ACTIVE_HOURS_START/);
  });

  it('hours the user set win, each side on its own; an empty value is unset', () => {
    const crm = loadStackConfig({ CRM_ACTIVE_HOURS_START: '8' });
    assert.deepEqual([crm.simulatorHours.open, crm.simulatorHours.crmEnv], [false, {}]);
    const pacing = appConfig({ CRM_ACTIVE_HOURS_START: '8' }).outreach.pacing;
    assert.deepEqual([pacing.activeStartHour, pacing.activeEndHour], [8, 21]);
    assert.deepEqual(loadStackConfig({ CRM_ACTIVE_HOURS_END: '22' }).simulatorHours.crmEnv, {});
    assert.deepEqual(loadStackConfig({ SIMULATOR_ACTIVE_HOURS: '9-21' }).simulatorHours.simulatorEnv, {});
    assert.equal(loadStackConfig({ CRM_ACTIVE_HOURS_START: '', SAFARI_API_URL: '' }).simulatorHours.open, true);
  });
});

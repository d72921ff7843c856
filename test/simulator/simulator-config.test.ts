import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadSimulatorConfig } from '../../src/config';

describe('loadSimulatorConfig', () => {
  it('defaults to the real server: port 3100, head, real timings, 10/h, 30/day, 9–21', () => {
    const { simulator } = loadSimulatorConfig({});
    assert.equal(simulator.port, 3100);
    assert.equal(simulator.flavor, 'head');
    assert.equal(simulator.latencyScale, 1);
    assert.deepEqual(simulator.rateLimits, { perHour: 10, perDay: 30, activeHours: { start: 9, end: 21 } });
    assert.equal(simulator.lossyReads, undefined);
  });

  it('turns each limit off with "off", and reads false as false', () => {
    const { simulator } = loadSimulatorConfig({
      SIMULATOR_RATE_PER_HOUR: 'off',
      SIMULATOR_ACTIVE_HOURS: 'off',
      SIMULATOR_LOSSY_READS: 'false',
      SIMULATOR_LATENCY_SCALE: '0',
      SIMULATOR_FLAVOR: 'ccf4331',
    });
    assert.deepEqual(simulator.rateLimits, { perHour: null, perDay: 30, activeHours: null });
    assert.equal(simulator.lossyReads, false);
    assert.equal(simulator.latencyScale, 0);
    assert.equal(simulator.flavor, 'ccf4331');
  });

  it('reads the listing drift as "handleChance,threadIdChance" or off (the default)', () => {
    assert.equal(loadSimulatorConfig({}).simulator.listingDrift, null);
    assert.equal(loadSimulatorConfig({ SIMULATOR_LISTING_DRIFT: 'off' }).simulator.listingDrift, null);
    const { simulator } = loadSimulatorConfig({ SIMULATOR_LISTING_DRIFT: '0.4,0.5' });
    assert.deepEqual(simulator.listingDrift, { handleChance: 0.4, threadIdChance: 0.5 });
    for (const bad of ['1.5,0', '0.4', 'on', '0.4;0.5']) {
      assert.throws(
        () => loadSimulatorConfig({ SIMULATOR_LISTING_DRIFT: bad }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.deepEqual(
            err.issues.map((i) => i.key),
            ['SIMULATOR_LISTING_DRIFT'],
            bad,
          );
          return true;
        },
      );
    }
  });

  it('names every bad key at once', () => {
    assert.throws(
      () =>
        loadSimulatorConfig({ SIMULATOR_RATE_PER_DAY: '0', SIMULATOR_ACTIVE_HOURS: '21-9', SIMULATOR_FLAVOR: 'main' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.issues.map((i) => i.key).sort(), [
          'SIMULATOR_ACTIVE_HOURS',
          'SIMULATOR_FLAVOR',
          'SIMULATOR_RATE_PER_DAY',
        ]);
        return true;
      },
    );
  });
});

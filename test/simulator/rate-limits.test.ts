import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HOUR_MS, raw, someUser, startSimulator, START_MS } from './sim-fixture';

/** The simulator's limiter must behave like the real checkRateLimit middleware on the send routes. */
describe('simulator rate limits', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    sim = await startSimulator({ flavor: 'ccf4331' });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  const sendTo = (username: string, text = 'hello') =>
    raw(sim.url, '/api/messages/send-to', { method: 'POST', body: { username, text } });
  const sendMany = async (n: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await sendTo(someUser(sim.control, i % 5), `m${i}`)).status);
    return statuses;
  };

  it('allows 10 an hour, then 429 "Hourly rate limit exceeded"; a new window after the hour', async () => {
    assert.deepEqual(await sendMany(10), Array(10).fill(200));
    const eleventh = await sendTo(someUser(sim.control));
    assert.equal(eleventh.status, 429);
    assert.deepEqual(eleventh.json, { error: 'Hourly rate limit exceeded' });
    sim.control.advanceClock(HOUR_MS + 1);
    assert.equal((await sendTo(someUser(sim.control))).status, 200);
  });

  it('allows 30 a day, then "Daily rate limit exceeded" until 24 h have passed', async () => {
    sim.control.setRateLimits({ perHour: null });
    assert.deepEqual(await sendMany(30), Array(30).fill(200));
    assert.deepEqual((await sendTo(someUser(sim.control))).json, { error: 'Daily rate limit exceeded' });
    sim.control.advanceClock(8 * HOUR_MS);
    assert.equal((await sendTo(someUser(sim.control))).status, 429);
    sim.control.advanceClock(16 * HOUR_MS + 1);
    assert.equal((await sendTo(someUser(sim.control))).status, 200);
  });

  it('refuses outside 9–21 local time, with the real body', async () => {
    for (const [hour, status] of [
      [8, 429],
      [9, 200],
      [20, 200],
      [21, 429],
    ] as const) {
      sim.control.setClock(START_MS - 12 * HOUR_MS + hour * HOUR_MS);
      const res = await sendTo(someUser(sim.control), `at ${hour}`);
      assert.equal(res.status, status, `hour ${hour}`);
      if (status === 429) assert.deepEqual(res.json, { error: 'Outside active hours', activeHours: '9:00 - 21:00' });
    }
  });

  it('counts only successful sends', async () => {
    sim.control.scriptFaults('/api/messages/send-to', ['soft_failure', 'block_banner', 'server_error']);
    for (let i = 0; i < 3; i++) await sendTo(someUser(sim.control));
    await sendTo('nobody.here.at.all');
    await sendTo(someUser(sim.control), '');
    assert.deepEqual(sim.control.rateLimitCounters(), { messagesSentToday: 0, messagesSentThisHour: 0 });
    const ok = await sendTo(someUser(sim.control));
    assert.deepEqual(ok.json.rateLimits, { messagesSentToday: 1, messagesSentThisHour: 1 });
  });

  it('applies to /api/messages/send too, and not to reads', async () => {
    sim.control.setRateLimits({ perHour: 1 });
    await sendTo(someUser(sim.control));
    const send = await raw(sim.url, '/api/messages/send', {
      method: 'POST',
      body: { text: 'x', username: someUser(sim.control) },
    });
    assert.equal(send.status, 429);
    assert.equal((await raw(sim.url, '/api/conversations')).status, 200);
  });

  it('can be turned off, each limit on its own', async () => {
    sim.control.setRateLimits({ perHour: null, perDay: null, activeHours: null });
    sim.control.setClock(START_MS + 11 * HOUR_MS); // 23:00
    assert.deepEqual(await sendMany(35), Array(35).fill(200));
  });

  it('reports its state on GET /api/rate-limits like the real server', async () => {
    await sendTo(someUser(sim.control));
    const res = await raw(sim.url, '/api/rate-limits');
    assert.equal(res.json.messagesSentThisHour, 1);
    assert.deepEqual(res.json.activeHours, { start: 9, end: 21, currentHour: 12, isActive: true });
    assert.equal(res.json.limits.messagesPerHour, 10);
  });

  it('honours the configured UTC offset for the local hour', async () => {
    const east = await startSimulator({ utcOffsetMinutes: 10 * 60 }); // noon UTC = 22:00 local
    try {
      const res = await raw(east.url, '/api/messages/send-to', {
        method: 'POST',
        body: { username: someUser(east.control), text: 'x' },
      });
      assert.equal(res.status, 429);
      assert.equal(res.json.error, 'Outside active hours');
    } finally {
      await east.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { raw, someUser, startSimulator, waitFor, type Json } from './sim-fixture';

const SEND = '/api/messages/send-to';

for (const flavor of ['ccf4331', 'head'] as const) {
  describe(`simulator faults (${flavor})`, () => {
    let sim: Awaited<ReturnType<typeof startSimulator>>;
    before(async () => {
      sim = await startSimulator({ flavor });
    });
    after(() => sim.close());
    beforeEach(() => sim.control.reset());

    const send = (signal?: AbortSignal) =>
      raw(sim.url, SEND, { method: 'POST', body: { username: someUser(sim.control), text: 'hi there' }, signal });
    // Positive signals for the checks that something did not happen: the server took the scripted
    // fault (the request is being served), and a later request went there and back (the server has
    // run since, so what it would have done by now is done).
    const faultTaken = () =>
      waitFor(() => (sim.control.pendingFaults()[SEND] ?? []).length === 0, 'the server to take the scripted fault');
    const laterRoundTrip = async () =>
      assert.equal((await raw(sim.url, '/api/conversations')).status, 200, 'a later request is answered');

    const statusCases = [
      ['rate_limit', 429, (j: Json) => assert.equal(j.error, 'Hourly rate limit exceeded')],
      ['session_missing', 503, (j: Json) => assert.equal(j.error, 'Instagram Safari session not found')],
      ['server_error', 500, (j: Json) => assert.match(j.error, /osascript/)],
      ['soft_failure', 200, (j: Json) => assert.equal(j.success, false)],
      [
        'block_banner',
        200,
        (j: Json) => {
          assert.equal(j.success, false);
          if (flavor === 'head')
            assert.deepEqual([j.rateLimited, j.error], [true, 'Instagram action blocked - rate limited']);
          else assert.match(j.error, /Action Blocked/);
        },
      ],
      ['malformed', 200, (j: Json) => assert.equal(j, undefined)],
    ] as const;

    for (const [kind, status, check] of statusCases) {
      it(`${kind}: answers ${status} without sending`, async () => {
        sim.control.scriptFaults(SEND, [kind]);
        const res = await send();
        assert.equal(res.status, status);
        check(res.json);
        assert.equal(sim.control.sends().length, 0);
      });
    }

    it('slow: answers normally, after the extra delay', async () => {
      sim.control.scriptFaults(SEND, [{ kind: 'slow', delayMs: 150 }]);
      const started = Date.now();
      const res = await send();
      assert.ok(Date.now() - started >= 140);
      assert.equal(res.json.success, true);
    });

    it('send_then_soft_failure: the DM goes out, the answer says success:false', async () => {
      sim.control.scriptFaults(SEND, ['send_then_soft_failure']);
      const res = await send();
      assert.equal(res.status, 200);
      assert.equal(res.json.success, false);
      assert.equal(sim.control.sentCount(someUser(sim.control), 'hi there'), 1);
    });

    it('send_then_timeout: the DM is recorded as sent, the answer never comes', async () => {
      sim.control.scriptFaults(SEND, ['send_then_timeout']);
      const ctl = new AbortController();
      let answered = false;
      const pending = send(ctl.signal).finally(() => (answered = true));
      await waitFor(() => sim.control.sentCount(someUser(sim.control), 'hi there') === 1, 'the DM to be recorded');
      await laterRoundTrip();
      assert.equal(answered, false, 'a request made after the DM was recorded is answered; this one is not');
      ctl.abort();
      await assert.rejects(pending, { name: 'AbortError' });
    });

    it('timeout_then_send: no answer, and the DM lands only after the client gave up, by delayMs', async () => {
      sim.control.scriptFaults(SEND, [{ kind: 'timeout_then_send', delayMs: 150 }]);
      const ctl = new AbortController();
      const pending = send(ctl.signal);
      await faultTaken();
      await laterRoundTrip();
      assert.equal(sim.control.sentCount(someUser(sim.control), 'hi there'), 0, 'nothing before the client gives up');
      ctl.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      const gaveUpAt = Date.now();
      // Not yet on giving up, the server is still typing: waitFor looks every 5 ms, so a DM landing
      // early would fail the timing below.
      await waitFor(() => sim.control.sentCount(someUser(sim.control), 'hi there') === 1, 'the late DM to land');
      assert.ok(Date.now() - gaveUpAt >= 140, 'it landed delayMs after the client gave up');
    });

    it('timeout_no_send: no answer, and nothing is sent', async () => {
      sim.control.scriptFaults(SEND, ['timeout_no_send']);
      const ctl = new AbortController();
      const pending = send(ctl.signal);
      await faultTaken();
      ctl.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      await laterRoundTrip();
      assert.equal(sim.control.sentCount(someUser(sim.control), 'hi there'), 0);
      assert.equal((await send()).status, 200, 'the next request is served as usual');
      assert.equal(
        sim.control.sentCount(someUser(sim.control), 'hi there'),
        1,
        'only that one went out, the given-up one never did',
      );
    });

    it('a script is consumed in order, one entry per request; "none" lets one through', async () => {
      sim.control.scriptFaults(SEND, ['none', 'server_error', 'rate_limit']);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send()).status);
      assert.deepEqual(statuses, [200, 500, 429, 200]);
    });

    it('"*" scripts any route that has no script of its own', async () => {
      sim.control.scriptFaults('*', ['server_error']);
      assert.equal((await raw(sim.url, '/api/conversations')).status, 500);
      assert.equal((await raw(sim.url, '/api/conversations')).status, 200);
    });

    it('random faults repeat exactly for a seed and differ for another', async () => {
      const run = async (seed: number) => {
        sim.control.reset();
        sim.control.randomFaults({ seed, probability: 0.5, kinds: ['server_error', 'rate_limit', 'session_missing'] });
        const statuses: number[] = [];
        for (let i = 0; i < 16; i++) statuses.push((await raw(sim.url, '/api/conversations')).status);
        return statuses;
      };
      const first = await run(1);
      assert.deepEqual(await run(1), first);
      assert.notDeepEqual(await run(2), first);
      assert.ok(first.some((s) => s === 200) && first.some((s) => s !== 200));
    });
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchJobs } from '../../bench/jobs';

// What `npm run bench [names] [size…]` runs, each job in a process of its own (bench/index.ts).

const names = (argv: string[]) => benchJobs(argv).map((j) => [j.name, ...j.args].join(' '));

describe('npm run bench: the jobs of a run', () => {
  it('runs every benchmark but `databases`, sized ones at both sizes, in order', () => {
    assert.deepEqual(names([]), [
      'sync 500',
      'sync 2000',
      'rescore 10000',
      'rescore 100000',
      'enqueue 500',
      'enqueue 2000',
      'backlog',
      'sends',
      'webhooks 1000',
      'audience 10000',
      'audience 100000',
      'inputs',
      'reply-watch',
      'latency',
    ]);
  });

  it('runs the named ones, one at a given size, and passes a named one its own arguments', () => {
    assert.deepEqual(names(['rescore,sync']), ['sync 500', 'sync 2000', 'rescore 10000', 'rescore 100000']);
    assert.deepEqual(names(['sync', '750']), ['sync 750']);
    assert.deepEqual(names(['latency', '10000']), ['latency 10000']);
    assert.deepEqual(names(['databases', 'sync']), ['databases sync']);
  });

  it('refuses a benchmark it does not have, and a size that is not a whole number', () => {
    assert.throws(() => benchJobs(['sync,nope']), /no benchmark "nope"/);
    assert.throws(() => benchJobs(['sync', '1.5']), /size: a whole number/);
    assert.throws(() => benchJobs(['rescore', '0']), /size: a whole number/);
  });
});

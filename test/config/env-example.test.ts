import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CONFIG_KEYS } from '../../src/config';

// .env.example documents every key the programs read, and nothing they do not.

const SYSTEM_KEYS = new Set(['HOME', 'XDG_CACHE_HOME']);
const documented = new Set(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((key): key is string => Boolean(key)),
);
const read = new Set(
  Object.values(CONFIG_KEYS)
    .flat()
    .filter((k) => !SYSTEM_KEYS.has(k)),
);

describe('.env.example', () => {
  it('documents every key the config module reads', () => {
    assert.deepEqual(
      [...read].filter((k) => !documented.has(k)),
      [],
    );
  });

  it('documents no key the config module ignores', () => {
    assert.deepEqual(
      [...documented].filter((k) => !read.has(k)),
      [],
    );
  });
});

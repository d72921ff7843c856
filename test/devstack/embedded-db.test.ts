import assert from 'node:assert/strict';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadStackConfig } from '../../src/config';
import { embeddedDatabases } from '../../src/devstack/embedded-db';
import { embeddedPackageFor } from '../../src/devstack/embedded-postgres';

// Which database npm start gives each project: the embedded PostgreSQL, unless the project's data
// already lives in PGlite, PGlite is asked for, or the cluster cannot start on this machine.

const dirs: string[] = [];
async function dataDir(mode: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-embedded-db-'));
  dirs.push(dir);
  await chmod(dir, mode);
  return dir;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const noGiveUp = () => assert.fail('nothing should be given up on');

describe('embedded databases of npm start', () => {
  it('a project already in PGlite stays there; a new one gets a database in the embedded PostgreSQL', async () => {
    const dir = await dataDir(0o755);
    await mkdir(join(dir, 'crm-db'));
    const said: string[] = [];
    const dbs = embeddedDatabases(
      loadStackConfig({ ...process.env, CRM_EMBEDDED_DB: 'postgres' }),
      dir,
      (l) => said.push(l),
      noGiveUp,
    );
    try {
      assert.deepEqual((await dbs.backendFor('crm')).kind, 'pglite');
      const mp = await dbs.backendFor('mediaposter');
      assert.equal(mp.kind, 'postgres');
      assert.match(mp.kind === 'postgres' ? mp.databaseUrl : '', /\/mediaposter\?/);
      assert.deepEqual(
        dbs.parts.map((p) => p.name),
        ['PostgreSQL'],
      );
    } finally {
      await dbs.stop();
    }
  });

  it('CRM_EMBEDDED_DB=pglite starts no cluster', async () => {
    const dbs = embeddedDatabases(
      loadStackConfig({ ...process.env, CRM_EMBEDDED_DB: 'pglite' }),
      await dataDir(0o755),
      () => {},
      noGiveUp,
    );
    assert.equal((await dbs.backendFor('crm')).kind, 'pglite');
    assert.equal(dbs.parts.length, 0);
  });

  it('falls back to PGlite, saying why, when the cluster cannot start (here: its directory cannot be made)', async () => {
    const file = join(await dataDir(0o755), 'a-file');
    await writeFile(file, '');
    const said: string[] = [];
    const dbs = embeddedDatabases(
      loadStackConfig({ ...process.env, CRM_EMBEDDED_DB: 'postgres' }),
      join(file, 'data'),
      (l) => said.push(l),
      noGiveUp,
    );
    assert.equal((await dbs.backendFor('crm')).kind, 'pglite');
    assert.match(said.join('\n'), /embedded PostgreSQL could not start, so the data APIs use PGlite/);
    assert.equal(dbs.parts.length, 0);
  });

  it("names, for each platform the README lists, a binary package embedded-postgres publishes; npm installs this machine's", async () => {
    const published = Object.keys(
      (
        JSON.parse(await readFile('node_modules/embedded-postgres/package.json', 'utf8')) as {
          optionalDependencies: Record<string, string>;
        }
      ).optionalDependencies,
    );
    const platforms = [
      ['darwin', 'arm64'],
      ['darwin', 'x64'],
      ['linux', 'x64'],
      ['linux', 'arm64'],
      ['win32', 'x64'],
    ] as const;
    for (const [platform, arch] of platforms)
      assert.ok(
        published.includes(embeddedPackageFor(platform, arch)),
        `${platform}-${arch}: ${embeddedPackageFor(platform, arch)}`,
      );
    assert.equal(embeddedPackageFor('win32', 'x64'), '@embedded-postgres/windows-x64');
    await access(join('node_modules', embeddedPackageFor(process.platform, process.arch), 'package.json'));
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { parse } from 'yaml';
import { CONFIG_KEYS, loadConfig, loadDataApiConfig, loadSimulatorConfig, type Env } from '../../src/config';
import { makeSupabaseKeys } from '../../src/devstack/jwt-keys';
import { CRM_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { interpolate, parsePort, referencedVariables } from '../helpers/compose';

// No Docker engine runs here, so the compose file is checked statically: its secrets come from .env
// with no working default, only the API and Temporal's Web UI are published (on loopback unless
// CRM_BIND says otherwise), and, filled in from a .env as compose-secrets.ts makes one, its services'
// environments are what the config module accepts.

interface Service {
  image?: string;
  build?: string;
  command?: string | string[];
  environment?: Env;
  ports?: string[];
  expose?: string[];
  depends_on?: unknown;
  restart?: string;
}
type Compose = { services: Record<string, Service> };
const text = readFileSync('docker-compose.yml', 'utf8');
const raw = parse(text, { merge: true }) as Compose;

const hex = (n: number) => randomBytes(n).toString('hex');
const [crmJwt, mediaPosterJwt] = [hex(32), hex(32)];
const DOT_ENV: Env = {
  CRM_API_KEY: hex(32),
  WEBHOOK_SECRET: hex(32),
  CRM_DB_PASSWORD: hex(24),
  MEDIAPOSTER_DB_PASSWORD: hex(24),
  CRM_DATA_API_JWT_SECRET: crmJwt,
  CRM_SUPABASE_KEY: (await makeSupabaseKeys(crmJwt)).serviceRoleKey,
  MEDIAPOSTER_DATA_API_JWT_SECRET: mediaPosterJwt,
  MEDIAPOSTER_SUPABASE_KEY: (await makeSupabaseKeys(mediaPosterJwt)).serviceRoleKey,
};
const REQUIRED = Object.keys(DOT_ENV);
/** Secrets a user may leave out; unset, nothing is sent. */
const OPTIONAL_SECRETS = ['SAFARI_API_KEY'];

const filled = (env: Env = DOT_ENV) => interpolate(raw, env) as Compose;
const services = filled().services;
const envOf = (name: string): Env => services[name]?.environment ?? {};
const published = (compose: Compose) =>
  Object.entries(compose.services).flatMap(([name, s]) =>
    (s.ports ?? []).map((p) => ({ service: name, ...parsePort(p) })),
  );
const exposed = (name: string) => (services[name]?.expose ?? []).map(Number);
const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN/;

describe('docker-compose.yml', () => {
  it('describes the whole stack', () => {
    assert.deepEqual(Object.keys(services).sort(), [
      'api',
      'crm-data-api',
      'crm-db',
      'mediaposter-data-api',
      'mediaposter-db',
      'simulator',
      'temporal',
      'worker',
    ]);
    assert.match(services.temporal!.image!, /^temporalio\/temporal:/);
    assert.match(String(services.temporal!.command), /start-dev/);
    for (const db of ['crm-db', 'mediaposter-db']) assert.match(services[db]!.image!, /^postgres:/);
  });

  it('restarts every part that dies (the worker and the API above all: work in flight lives in Temporal)', () => {
    for (const [name, service] of Object.entries(services)) assert.equal(service.restart, 'unless-stopped', name);
  });

  it('holds no secret: every secret is a ${VAR:?…} reference to .env, with no default', () => {
    let checked = 0;
    for (const [name, service] of Object.entries(raw.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const v = String(value);
        if (SECRET_NAME.test(key)) {
          checked++;
          const pattern = OPTIONAL_SECRETS.includes(key) ? /^\$\{[A-Z0-9_]+:-\}$/ : /^\$\{[A-Z0-9_]+:\?[^}]+\}$/;
          assert.match(v, pattern, `${name}: ${key}`);
        }
        // A password inside a URL too.
        const credentials = /^\w+:\/\/[^:/@]+:([^@]+)@/.exec(v);
        if (credentials) assert.match(credentials[1]!, /^\$\{[A-Z0-9_]+:\?[^}]+\}$/, `${name}: ${key}'s password`);
      }
    }
    assert.ok(checked >= 10, `the secrets were found (${checked})`);
    assert.doesNotMatch(text, /eyJ[\w-]{10,}/, 'no JWT written out');
    assert.doesNotMatch(text, /change[_-]?me/i);
  });

  it('refuses to start without each secret, naming it', () => {
    for (const name of REQUIRED) {
      const { [name]: _left, ...rest } = DOT_ENV;
      assert.throws(
        () => filled(rest),
        (err: Error) => err.message.includes(`set ${name} in .env`),
        name,
      );
      assert.throws(
        () => filled({ ...rest, [name]: '' }),
        (err: Error) => err.message.includes(name),
        `${name} empty`,
      );
    }
  });

  it('reads from .env only variables .env.example documents', () => {
    const known = new Set(Object.values(CONFIG_KEYS).flat());
    assert.deepEqual(
      [...referencedVariables(raw)].filter((v) => !known.has(v)),
      [],
    );
    for (const v of CONFIG_KEYS.compose) assert.ok(referencedVariables(raw).has(v), `${v} is read by the compose file`);
  });

  it("publishes only the API (on loopback unless CRM_BIND says otherwise) and Temporal's Web UI (on loopback)", () => {
    const byDefault = published(filled());
    assert.deepEqual(byDefault.map((p) => [p.service, p.hostIp, p.hostPort, p.containerPort]).sort(), [
      ['api', '127.0.0.1', 3200, loadConfig(envOf('api')).server.port],
      ['temporal', '127.0.0.1', 8233, 8233],
    ]);
    const onLan = published(filled({ ...DOT_ENV, CRM_BIND: '0.0.0.0' }));
    assert.deepEqual(
      onLan.map((p) => [p.service, p.hostIp]).sort(),
      [
        ['api', '0.0.0.0'],
        ['temporal', '127.0.0.1'],
      ],
      'CRM_BIND moves the API alone',
    );
  });

  it('keeps the other ports the config names inside the compose network', () => {
    assert.deepEqual(exposed('worker'), [loadConfig(envOf('worker')).metrics.workerPort], "the worker's /metrics");
    assert.deepEqual(exposed('temporal'), [7233]);
    assert.deepEqual(exposed('crm-data-api'), [loadDataApiConfig(envOf('crm-data-api')).port]);
    assert.deepEqual(exposed('mediaposter-data-api'), [loadDataApiConfig(envOf('mediaposter-data-api')).port]);
    assert.deepEqual(exposed('simulator'), [loadSimulatorConfig(envOf('simulator')).simulator.port]);
  });

  it('gives the API and the worker an environment the config module accepts, with known keys only', () => {
    for (const name of ['api', 'worker']) {
      const env = envOf(name);
      assert.deepEqual(
        Object.keys(env).filter((k) => !CONFIG_KEYS.app.includes(k)),
        [],
        `${name} has unknown keys`,
      );
      const config = loadConfig(env);
      assert.equal(config.temporal.address, 'temporal:7233');
      assert.equal(config.crmDb.url, 'http://crm-data-api:54361');
      assert.equal(config.mediaPosterDb?.url, 'http://mediaposter-data-api:54371');
      assert.equal(config.safari.baseUrl, 'http://simulator:3100');
      assert.equal(config.safari.apiKey, undefined, 'no Safari key unless .env sets one');
      assert.equal(config.webhooks.allowPrivate, false, 'webhooks to the LAN only when .env turns them on');
      assert.equal(config.server.apiKey, DOT_ENV.CRM_API_KEY);
    }
  });

  it('gives each data API a database of its own, its password, and keys signed by its own secret', async () => {
    const api = loadConfig(envOf('api'));
    for (const [service, key, db, password] of [
      ['crm-data-api', api.crmDb.key, 'crm-db', DOT_ENV.CRM_DB_PASSWORD],
      ['mediaposter-data-api', api.mediaPosterDb!.key, 'mediaposter-db', DOT_ENV.MEDIAPOSTER_DB_PASSWORD],
    ] as const) {
      const cfg = loadDataApiConfig(envOf(service));
      assert.match(cfg.databaseUrl, new RegExp(`^postgres://postgres:${password}@${db}:5432/`));
      assert.equal(envOf(db).POSTGRES_PASSWORD, password);
      const { payload } = await jwtVerify(key, new TextEncoder().encode(cfg.jwtSecret));
      assert.equal(payload.role, 'service_role', service);
    }
  });

  it('registers the search attributes the workflows use', () => {
    for (const key of CRM_SEARCH_ATTRIBUTES)
      assert.match(String(services.temporal!.command), new RegExp(`${key.name}=Keyword`));
  });
});

describe('Dockerfile', () => {
  it('leaves webhooks to the LAN off', () => {
    assert.match(readFileSync('Dockerfile', 'utf8'), /^ENV WEBHOOK_ALLOW_PRIVATE=false$/m);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { parse } from 'yaml';
import { CONFIG_KEYS, loadConfig, loadDataApiConfig, loadSimulatorConfig, type Env } from '../../src/config';
import { CRM_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';

// No Docker engine runs here, so the compose file is checked statically against the config module.

interface Service {
  image?: string;
  build?: string;
  command?: string | string[];
  environment?: Env;
  ports?: string[];
  depends_on?: unknown;
  restart?: string;
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const envOf = (name: string): Env => services[name]?.environment ?? {};
const hostPorts = (name: string) => (services[name]?.ports ?? []).map((p) => Number(p.split(':')[0]));

describe('docker-compose.yml', () => {
  it('describes the whole stack', () => {
    assert.deepEqual(Object.keys(services).sort(), [
      'api', 'crm-data-api', 'crm-db', 'mediaposter-data-api', 'mediaposter-db', 'simulator', 'temporal', 'worker',
    ]);
    assert.match(services.temporal!.image!, /^temporalio\/temporal:/);
    assert.match(String(services.temporal!.command), /start-dev/);
    for (const db of ['crm-db', 'mediaposter-db']) assert.match(services[db]!.image!, /^postgres:/);
  });

  it('restarts every part that dies (the worker and the API above all: work in flight lives in Temporal)', () => {
    for (const [name, service] of Object.entries(services)) assert.equal(service.restart, 'unless-stopped', name);
  });

  it('gives the API and the worker an environment the config module accepts, with known keys only', () => {
    for (const name of ['api', 'worker']) {
      const env = envOf(name);
      assert.deepEqual(Object.keys(env).filter((k) => !CONFIG_KEYS.app.includes(k)), [], `${name} has unknown keys`);
      const config = loadConfig(env);
      assert.equal(config.temporal.address, 'temporal:7233');
      assert.equal(config.crmDb.url, 'http://crm-data-api:54361');
      assert.equal(config.mediaPosterDb?.url, 'http://mediaposter-data-api:54371');
      assert.equal(config.safari.baseUrl, 'http://simulator:3100');
    }
  });

  it('publishes the ports the config names', () => {
    assert.deepEqual(hostPorts('api'), [loadConfig(envOf('api')).server.port]);
    assert.deepEqual(hostPorts('worker'), [loadConfig(envOf('worker')).metrics.workerPort], "the worker's /metrics");
    assert.deepEqual(hostPorts('temporal').sort(), [7233, 8233]);
    assert.deepEqual(hostPorts('crm-data-api'), [loadDataApiConfig(envOf('crm-data-api')).port]);
    assert.deepEqual(hostPorts('mediaposter-data-api'), [loadDataApiConfig(envOf('mediaposter-data-api')).port]);
    assert.deepEqual(hostPorts('simulator'), [loadSimulatorConfig(envOf('simulator')).simulator.port]);
  });

  it('gives each data API a database of its own and keys signed by its own secret', async () => {
    const api = loadConfig(envOf('api'));
    for (const [service, key, db] of [
      ['crm-data-api', api.crmDb.key, 'crm-db'],
      ['mediaposter-data-api', api.mediaPosterDb!.key, 'mediaposter-db'],
    ] as const) {
      const cfg = loadDataApiConfig(envOf(service));
      assert.match(cfg.databaseUrl, new RegExp(`@${db}:5432/`));
      const { payload } = await jwtVerify(key, new TextEncoder().encode(cfg.jwtSecret));
      assert.equal(payload.role, 'service_role', service);
    }
  });

  it('registers the search attributes the workflows use', () => {
    for (const key of CRM_SEARCH_ATTRIBUTES) assert.match(String(services.temporal!.command), new RegExp(`${key.name}=Keyword`));
  });
});

import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import type { Config } from '../config';

/**
 * Connections to whatever Temporal the config names: the local dev server, a self-hosted cluster,
 * or Temporal Cloud (mTLS client certificate, or an API key which implies TLS).
 */

type TemporalConfig = Config['temporal'];

function tlsOptions(cfg: TemporalConfig) {
  if (!cfg.tls) return undefined;
  if (!cfg.clientCertPath || !cfg.clientKeyPath) return true;
  return { clientCertPair: { crt: readFileSync(cfg.clientCertPath), key: readFileSync(cfg.clientKeyPath) } };
}

/** Lazy: the API starts (and reports Temporal as down on /health) even when Temporal is not up yet. */
export function createTemporalClient(cfg: TemporalConfig): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address: cfg.address, tls: tlsOptions(cfg), apiKey: cfg.apiKey });
  return { client: new Client({ connection, namespace: cfg.namespace }), connection };
}

export function connectWorkerConnection(cfg: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect({ address: cfg.address, tls: tlsOptions(cfg), apiKey: cfg.apiKey });
}

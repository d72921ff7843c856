import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControl, type SimulatorControl } from './control';
import { controlRoutes } from './control-routes';
import { mountSafariRoutes, respond } from './safari-routes';
import { EXPRESS_404 } from './shapes';
import { createWorld, type SimulatorOptions } from './world';

/**
 * The Safari Automation server, simulated: same routes and shapes (ccf4331 or HEAD), a seeded inbox,
 * the server's own rate limits, scaled latency, injected faults, and a ledger of what really went out.
 * Run it in process on port 0 for tests, or through main.ts for the demo.
 */

export type { SimulatorOptions } from './world';

export interface RunningSimulator {
  url: string;
  port: number;
  /** Stops listening and lets every held ("send-then-timeout") request go. */
  close: () => Promise<void>;
}

export interface Simulator {
  app: Hono;
  fetch: (request: Request) => Response | Promise<Response>;
  control: SimulatorControl;
  listen: (port?: number, hostname?: string) => Promise<RunningSimulator>;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const world = createWorld(options);
  const control = createControl(world);
  const closing = new AbortController();
  const app = new Hono();
  app.route('/__sim', controlRoutes(control));
  mountSafariRoutes(app, world, closing.signal);
  // Express's own answers: an HTML page for unknown routes, `{error: String(err)}` for a thrown handler.
  app.notFound((c) => respond(c, { status: 404, raw: EXPRESS_404(c.req.method, c.req.path) }));
  app.onError((err, c) => c.json({ error: String(err) }, 500));

  async function listen(port = 0, hostname = '127.0.0.1'): Promise<RunningSimulator> {
    const server = await new Promise<Server>((resolve) => {
      // Not overriding globals: the test process's own fetch must stay Node's.
      const s = serve({ fetch: app.fetch, port, hostname, overrideGlobalObjects: false }, () => resolve(s as Server));
    });
    const actual = (server.address() as AddressInfo).port;
    const close = () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    return { url: `http://${hostname}:${actual}`, port: actual, close };
  }

  return { app, fetch: (request) => app.fetch(request), control, listen };
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { errorResponse } from '../errors';

/**
 * The dashboard: static HTML, plain ES modules and CSS from src/api/dashboard, read once at start-up
 * and served at /app (no build step, nothing from a CDN). The files carry no data: the page asks
 * for the API key, keeps it in sessionStorage and calls the documented /api routes with it.
 */

const DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Scripts and styles from this origin only; no inline script, no framing, no form posts elsewhere. */
export const DASHBOARD_CSP =
  "default-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf('.'))];

function loadFiles(): Map<string, { body: string; type: string }> {
  const files = new Map<string, { body: string; type: string }>();
  for (const name of readdirSync(DIR)) {
    const type = typeOf(name);
    if (type) files.set(name, { body: readFileSync(`${DIR}${name}`, 'utf8'), type });
  }
  return files;
}

export function registerDashboardRoutes(app: OpenAPIHono<AppEnv>) {
  const files = loadFiles();
  const serveFile = (c: Context<AppEnv>, name: string) => {
    const file = files.get(name);
    if (!file) return errorResponse(c, 'NOT_FOUND', `No dashboard file ${name}`);
    return c.body(file.body, 200, {
      'Content-Type': file.type,
      'Content-Security-Policy': DASHBOARD_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
  };
  app.get('/', (c) => c.redirect('/app', 302));
  app.get('/app', (c) => serveFile(c, 'index.html'));
  app.get('/app/:file{[a-z0-9-]+\\.(?:js|css|svg)}', (c) => serveFile(c, c.req.param('file')));
}

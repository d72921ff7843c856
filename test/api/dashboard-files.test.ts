import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createApp } from '../../src/api/app';
import { makeApiDeps } from '../helpers/api';

// The dashboard's files as served: no key needed (they hold no data), a strict CSP, no cookies,
// no inline script, every module they import served, nothing from another origin.

const app = createApp(makeApiDeps());
const DIR = 'src/api/dashboard';
const files = readdirSync(DIR);

describe('dashboard files', () => {
  it("serves /app (and / redirects to it) without a key, with CSP default-src 'self' and no cookie", async () => {
    const res = await app.request('/app');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'self';/);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal(await res.text(), readFileSync(`${DIR}/index.html`, 'utf8'));
    const root = await app.request('/');
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/app');
  });

  it('serves every script, style and icon with its type, and nothing else', async () => {
    for (const name of files.filter((f) => f !== 'index.html')) {
      const res = await app.request(`/app/${name}`);
      assert.equal(res.status, 200, name);
      const type = name.endsWith('.js')
        ? /^text\/javascript/
        : name.endsWith('.css')
          ? /^text\/css/
          : /^image\/svg\+xml/;
      assert.match(res.headers.get('content-type') ?? '', type, name);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
    for (const path of ['/app/nope.js', '/app/../app.ts', '/app/index.html.bak', '/app/routes.ts']) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    }
  });

  it('has no inline script or handler, loads nothing from another origin, and imports only served modules', async () => {
    const html = readFileSync(`${DIR}/index.html`, 'utf8');
    assert.deepEqual(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), null, 'no inline <script>');
    assert.deepEqual(html.match(/\son[a-z]+=/g), null, 'no inline handlers');
    for (const name of files) {
      const text = readFileSync(`${DIR}/${name}`, 'utf8');
      assert.deepEqual(
        text.match(/(?:src|href)="(?:https?:)?\/\/[^"]*"/g),
        null,
        `${name}: nothing from another origin`,
      );
      for (const [, target] of text.matchAll(/from '([^']+)'/g)) {
        assert.match(target!, /^\/app\/[a-z-]+\.js$/, `${name} imports ${target} by its served path`);
        assert.equal((await app.request(target!)).status, 200, `${name} imports ${target}`);
      }
    }
  });

  it('calls only routes the OpenAPI document lists', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    const templates = Object.keys(doc.paths).map((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`));
    const calls = files
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) =>
        [...readFileSync(`${DIR}/${f}`, 'utf8').matchAll(/api\([`'](\/api\/[^`']*)[`']/g)].map(([, raw]) =>
          raw!.replace(/\$\{query\(.*\)\}$/, '').replace(/\$\{[^}]+\}/g, 'x'),
        ),
      );
    assert.ok(calls.length >= 15, `found ${calls.length} calls`);
    for (const path of calls)
      assert.ok(
        templates.some((t) => t.test(path)),
        `${path} is a documented route`,
      );
  });
});

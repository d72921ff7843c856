import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * A real headless Chromium (the system's, from the OS packages: scripts/ensure-chromium.sh), driven
 * by puppeteer-core. Every page records what would show in its console as a problem: console
 * errors, uncaught exceptions, failed requests and HTTP error answers.
 */

/** CHROMIUM_PATH, else `chromium` on PATH (Debian's package: /usr/bin/chromium). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? onPath('chromium') ?? '/usr/bin/chromium';

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  return null;
}
export const ARTIFACTS_DIR = 'test-artifacts/dashboard';
const WAIT_MS = 20_000;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH)`);
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root in a container: no sandbox; no GPU; /dev/shm is small there.
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors, page errors, failed requests and 4xx/5xx answers, in order. */
  problems: string[];
}

export async function openPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location()?.url ?? '?'})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) =>
    problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { page, problems };
}

/** Waits (bounded) for <main> to say the page rendered; fails with what it says instead. */
export async function waitForPage(page: Page, name: string, timeoutMs = WAIT_MS): Promise<void> {
  try {
    await page.waitForSelector(`main[data-page="${name}"][data-state="ready"]`, { timeout: timeoutMs });
  } catch {
    const seen = await page.evaluate(`({ page: document.querySelector('main')?.dataset.page,
      state: document.querySelector('main')?.dataset.state, error: document.getElementById('error')?.textContent })`);
    throw new Error(`the ${name} page did not render within ${timeoutMs} ms; main says ${JSON.stringify(seen)}`);
  }
}

/** Opens /app, signs in with the key, and waits for the first page. */
export async function signIn(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/app`, { waitUntil: 'load', timeout: WAIT_MS });
  await page.waitForSelector('#login:not([hidden]) #key', { timeout: WAIT_MS });
  await page.type('#key', apiKey);
  await page.click('#login button[type=submit]');
  await waitForPage(page, 'contacts');
}

/** Goes to a page by its hash and waits for it to render. */
export async function show(page: Page, hash: string): Promise<void> {
  const name = hash.split('/')[1] ?? 'contacts';
  // Marked first, so a page already showing (same name, ready) is not taken for the new one.
  const h = JSON.stringify(hash);
  await page.evaluate(`document.querySelector('main').dataset.state = 'navigating';
    if (location.hash === ${h}) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = ${h};`);
  await waitForPage(page, name);
}

/** Waits (bounded) until the expression `check` (evaluated in the page) is truthy; fails naming `what`. */
export async function waitInPage(page: Page, what: string, check: string, timeoutMs = WAIT_MS): Promise<void> {
  try {
    await page.waitForFunction(check, { timeout: timeoutMs, polling: 50 });
  } catch {
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

/** Writes a full-page screenshot to test-artifacts/dashboard/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`) as `${string}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

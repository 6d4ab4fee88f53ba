import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when test/browser exists). */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export const LAPTOP = { width: 1366, height: 768 };
export const TABLET = { width: 768, height: 1024 };

const run = promisify(execFile);

/** Builds web/ into web/dist (what `npm install` does), so the server serves the current code. */
export async function buildDashboard(): Promise<void> {
  await run(process.execPath, [path.join(ROOT, 'web/build.mjs')], { cwd: ROOT });
}

/** Headless chromium over a fresh profile directory; each page (tab) has its own session storage. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'servio-chromium-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: LAPTOP,
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A new tab signed in with `key`, on `path`. */
export async function signIn(
  context: BrowserContext,
  url: string,
  key: string,
  pathname = '/',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}${pathname}`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

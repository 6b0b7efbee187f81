import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core';
import { createTestHub, TEST_PASSWORD, type TestHub } from '../../support/test-hub.js';

// Callbacks given to page.evaluate run in the browser; the root tsconfig has no DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare const sessionStorage: any;


export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
export const SCREENSHOTS = path.resolve('test-artifacts', 'screenshots');

/** The real app on a loopback port with the demo accounts, and headless Chromium pointed at it. */
export interface BrowserHub {
  hub: TestHub;
  baseUrl: string;
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** `port`: listen there instead of on a free port (for a hub whose PUBLIC_URL must name its port). */
export async function startBrowserHub(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<BrowserHub> {
  const hub = await createTestHub({ DEMO_SEED: 'true', SIGNIN_RATE_PER_MINUTE: '1000', ...env });
  await hub.app.listen(options.port ?? 0, '127.0.0.1');
  const { port } = hub.app.getHttpServer().address() as AddressInfo;
  const { context, closeBrowser } = await openContext();
  // Generous, as every wait is for a state (a drawn map, an answered request) and ends when it is
  // reached; a short limit only fails a slow, loaded machine.
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    hub,
    baseUrl: `http://127.0.0.1:${port}`,
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await closeBrowser();
      await hub.close();
    },
  };
}

const CONTEXT_OPTIONS = { viewport: { width: 1280, height: 900 }, locale: 'en-GB' };

/** A fresh browser context on the Chromium that global-setup.mjs shares between test files. */
async function openContext(): Promise<{ context: BrowserContext; closeBrowser: () => Promise<void> }> {
  const shared = process.env.CSP_HUB_CHROMIUM_WS;
  if (!shared) throw new Error('No shared Chromium: run browser tests through jest --selectProjects browser (its global setup starts one).');
  const browser = await chromium.connect(shared);
  const context = await browser.newContext(CONTEXT_OPTIONS);
  return { context, closeBrowser: () => browser.close() };
}

/** A download's bytes (streamed from the shared browser, which keeps the file on its side). */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function signIn(page: Page, baseUrl: string, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  // Exact: the page may also offer "Sign in with <organisation>".
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Signed in (Sign out is offered, also on a forced password change) or refused (an error summary):
  // callers then act on the page the hub lands them on, not on the form as it was leaving.
  await page.getByRole('button', { name: 'Sign out' }).or(page.locator('.govuk-error-summary')).first().waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.getByRole('heading', { name: 'Sign in to csp-hub' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's WCAG 2.x A/AA rules on the current page; returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate runs outside the page's Content-Security-Policy, which forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

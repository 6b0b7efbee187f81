/**
 * Dashboard filter-change redraw time, measured in the browser (issue 6). One run:
 *  1. starts the hub with the demo accounts, demo data and demo dashboards (the demo scale:
 *     `npm start`'s data), on a scratch data directory and a loopback port;
 *  2. signs in in headless Chromium as a demo analyst and opens "ASB across the partnership";
 *  3. changes the cross-filter BENCH_ROUNDS times per kind: clicking each district bar in turn
 *     (first pass: answers not cached on the server; second pass: the same questions again,
 *     cached), and setting month ranges in the filter bar;
 *  4. reads the client's own User Timing measures (`csp:filter-redraw`: from the change to the
 *     last affected chart drawn, see client/src/pages/dashboards/redraw-timer.ts) and prints
 *     median, p95 and max per kind (and the part spent waiting for the answers, from Resource
 *     Timing), with the first-page and dashboards JavaScript sizes gzipped.
 * Usage: REFERENCE_DATA_DIR=… npm run bench:dashboard (BENCH_USER picks the demo account).
 */
import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { createHub } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const USER = process.env.BENCH_USER ?? 'analyst.winchester@demo.csp-hub.test';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'hampshire-demo-2026';
const DASHBOARD = 'ASB across the partnership';
/** "From" months set one after another (the "to" month is set once first, untimed). */
const FROM_MONTHS = ['2025-01', '2025-03', '2025-05', '2025-07', '2025-09', '2025-11', '2026-01', '2026-03'];

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `n=${sorted.length}  median ${at(0.5).toFixed(0)} ms  p95 ${at(0.95).toFixed(0)} ms  max ${sorted.at(-1)!.toFixed(0)} ms`;
}

interface Timing {
  /** From the filter change to the last affected chart drawn (the client's measure). */
  total: number;
  /** From the change to the last chart's answer arriving (Resource Timing of the view runs). */
  answers: number;
}

/** Runs one filter change and returns the client's measure of its redraw, split at the last answer. */
async function timed(page: Page, change: () => Promise<void>): Promise<Timing> {
  const before = (await page.evaluate("performance.getEntriesByName('csp:filter-redraw').length")) as number;
  await change();
  await page.waitForFunction((n) => performance.getEntriesByName('csp:filter-redraw').length > n, before, { timeout: 30_000 });
  return (await page.evaluate(`(() => {
    const m = performance.getEntriesByName('csp:filter-redraw').at(-1);
    const runs = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/run') && r.startTime >= m.startTime);
    return { total: m.duration, answers: Math.max(0, ...runs.map((r) => r.responseEnd)) - m.startTime };
  })()`)) as Timing;
}

function jsSizes(): string[] {
  const dist = path.resolve('client/dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const gz = (file: string) => gzipSync(readFileSync(path.join(dist, 'assets', file)), { level: 9 }).length;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const assets = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const dashboards = assets.filter((f) => f.startsWith('dashboards-section-'));
  return [
    `first page JavaScript (${first.join(', ')}): ${kb(first.reduce((n, f) => n + gz(f), 0))} gzipped`,
    `dashboards chunk (${dashboards.join(', ')}), loaded on demand: ${kb(dashboards.reduce((n, f) => n + gz(f), 0))} gzipped`,
  ];
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-bench-dash-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: process.env.BENCH_HUB_DATABASE_URL,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'true',
    DEMO_DATA: 'true',
    SIGNIN_RATE_PER_MINUTE: '10000',
  } as NodeJS.ProcessEnv);
  const started = Date.now();
  const hub = await createHub(config, { lockDataDir: false, purpose: 'bench' });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-bench-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await hub.app.listen(0, '127.0.0.1');
    const base = (await hub.app.getUrl()).replace('[::1]', '127.0.0.1');
    console.log(`# Dashboard redraw benchmark: ${os.cpus().length} cores, Node ${process.version}, hub ready in ${((Date.now() - started) / 1000).toFixed(1)} s, ${USER}`);
    console.log(`# load average at start ${os.loadavg()[0]!.toFixed(1)} (other processes on the machine inflate every figure)\n`);
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Email address').fill(USER);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#navigation').getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('link', { name: DASHBOARD }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="dashboard-tile"] figure svg[role="img"]').length === 4, undefined, { timeout: 60_000 });
    const tile = page.locator('section', { has: page.getByRole('heading', { name: 'ASB by district', exact: true }) });
    const districts = (await tile.locator('[data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).filter((k): k is string => !!k && k !== 'null');

    const results: Record<string, Timing[]> = { 'district click, not cached': [], 'district click, cached': [], 'month range': [] };
    for (const pass of ['district click, not cached', 'district click, cached']) {
      for (const code of districts) results[pass]!.push(await timed(page, () => tile.locator(`[data-key="${code}"]`).click()));
    }
    await timed(page, () => page.getByLabel('To month').fill('2026-09'));
    for (const from of FROM_MONTHS) results['month range']!.push(await timed(page, () => page.getByLabel('From month').fill(from)));
    for (const [kind, values] of Object.entries(results)) {
      console.log(`${kind.padEnd(28)} redraw   ${stats(values.map((v) => v.total))}`);
      console.log(`${''.padEnd(28)} answers  ${stats(values.map((v) => v.answers))}`);
    }
    console.log(`# load average at end ${os.loadavg()[0]!.toFixed(1)}`);
    console.log('');
    for (const line of jsSizes()) console.log(line);
  } finally {
    await browser.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

// Callbacks given to waitForFunction run in the page (functions, not strings: the CSP forbids eval).
declare const document: { querySelectorAll: (selector: string) => { length: number } };

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

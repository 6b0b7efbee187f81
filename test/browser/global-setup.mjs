// Before the browser tests: build client/dist when it is missing or stale, and start ONE headless
// Chromium that every test file connects to (each file gets a fresh, isolated browser context),
// instead of launching a browser per file. Its address reaches the workers through the environment.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildClientIfStale } from '../../scripts/build-client-if-stale.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default async function globalSetup() {
  buildClientIfStale();
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return;
  const server = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS });
  globalThis.__cspHubChromium = server;
  process.env.CSP_HUB_CHROMIUM_WS = server.wsEndpoint();
}

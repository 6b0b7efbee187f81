// After the browser tests: stop the shared Chromium that global-setup.mjs started.
export default async function globalTeardown() {
  await globalThis.__cspHubChromium?.close();
  delete process.env.CSP_HUB_CHROMIUM_WS;
}

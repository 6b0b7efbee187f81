#!/usr/bin/env node
// The whole test suite, as the README's second command and .ci/run run it:
//   1. unit and integration tests; each test hub gets its own database on the PostgreSQL server
//      (TEST_DATABASE_URL, default this machine's), or, where none answers, on an embedded PostgreSQL
//      the test process starts; the embedded default itself is tested by test/database/embedded-*.test.ts,
//   2. browser tests in headless Chromium.
// Extra arguments go to every jest run (e.g. a path filter).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const extra = process.argv.slice(2);
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() };

const sharedData = path.resolve(root, '..', 'shared', 'data');
if (!env.REFERENCE_DATA_DIR && existsSync(sharedData)) env.REFERENCE_DATA_DIR = sharedData;
if (!env.REFERENCE_DATA_DIR) console.log('REFERENCE_DATA_DIR is not set: tests on real reference files will skip.');

const results = [];
function jest(label, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--maxWorkers=2', ...(ci ? ['--ci'] : []), ...args, ...extra], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
  results.push({ label, ok: r.status === 0 });
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

const serverUrl = env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
if (await reachable(serverUrl)) {
  jest(`unit and integration tests (databases on ${serverUrl.replace(/\/\/[^@]*@/, '//')})`, ['--selectProjects', 'unit', 'integration'], { TEST_DATABASE_URL: serverUrl });
} else if (ci) {
  console.error(`\nThe PostgreSQL server at ${serverUrl} does not answer; CI needs it.`);
  results.push({ label: 'PostgreSQL server', ok: false });
} else {
  console.warn(`\nNo PostgreSQL server answers at ${serverUrl}: test databases go on an embedded PostgreSQL (start the server with pg_ctlcluster 15 main start, or set TEST_DATABASE_URL).`);
  jest('unit and integration tests (databases on an embedded PostgreSQL)', ['--selectProjects', 'unit', 'integration']);
}

const browserProject = existsSync(path.join(root, 'test', 'browser'));
if (browserProject) {
  if (!existsSync('/usr/bin/chromium') && existsSync(path.join(root, 'scripts/install-chromium.sh'))) {
    try {
      execFileSync('bash', [path.join(root, 'scripts/install-chromium.sh')], { stdio: 'inherit' });
    } catch {
      console.warn('Could not install Chromium.');
    }
  }
  if (existsSync('/usr/bin/chromium')) jest('browser tests in headless Chromium', ['--selectProjects', 'browser']);
  else if (ci) results.push({ label: 'browser tests (no Chromium)', ok: false });
  else console.warn('\nSkipping browser tests: Chromium is not installed (apt-get install -y chromium).');
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'passed' : 'FAILED'}  ${r.label}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

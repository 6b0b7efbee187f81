import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { compileForChild } from './ingest/support/compile-for-child.js';

const root = path.resolve(import.meta.dirname, '..');

/** Output of a server process so far, and a promise of its exit. */
interface Started {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function start(entry: string, env: Record<string, string>): Started {
  const proc = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 90_000);
  const exit = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
  return { proc, out: () => out, err: () => err, exit };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starting on a port something else holds must fail with a plain message and leave the embedded
 * databases closed cleanly: an earlier version exited with PGlite open, and the next start on the
 * same data folder failed with "RuntimeError: Aborted()".
 */
// Child processes on an embedded data folder of their own (the embedded PostgreSQL default).
describe('start-up when the port is taken', () => {
  let compiled: { dir: string; entry: string };
  let dataDir: string;
  let blocker: net.Server;
  let port: number;

  beforeAll(async () => {
    compiled = await compileForChild(root, path.join(root, 'src/main.ts'));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-port-'));
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as net.AddressInfo).port;
  }, 120_000);
  afterAll(() => {
    blocker?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (compiled) rmSync(compiled.dir, { recursive: true, force: true });
  });

  const env = () => ({ NODE_ENV: 'development', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), DEMO_SEED: 'false', INGEST_INBOXES: 'false', LOG_LEVEL: 'warn' });

  it('says the port is in use, exits, and the same data folder starts cleanly once the port is free', async () => {
    const first = start(compiled.entry, env());
    expect(await first.exit).toBe(1);
    expect(first.err()).toMatch(new RegExp(`csp-hub could not start: port ${port} on 127.0.0.1 is already in use`));
    expect(first.err()).not.toMatch(/^\s+at /m);
    expect(first.out()).not.toMatch(/is running at/);

    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const second = start(compiled.entry, env());
    try {
      await until(() => /is running at/.test(second.out()) || second.proc.exitCode !== null, 80_000);
      expect(second.err()).not.toMatch(/Aborted|could not start/);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { postgres: { embedded: boolean } }).postgres.embedded).toBe(true);
    } finally {
      second.proc.kill('SIGTERM');
      await second.exit;
    }
  }, 180_000);
});

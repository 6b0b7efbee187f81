import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/** The CI machine's PostgreSQL server (trust auth, database `test`). */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

let serverUrl: Promise<{ url: string; embedded: boolean }> | undefined;

/**
 * Each test hub gets a database of its own (created here, dropped on close) on a PostgreSQL server:
 * TEST_DATABASE_URL, else this machine's server when it answers, else one embedded PostgreSQL
 * started for this test process (so the suite needs nothing installed). The embedded default's own
 * behaviour (start, restart, kill -9, pid file) is tested in test/database/embedded-postgres.test.ts.
 */
export async function provisionDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const { url: base } = await testServer();
  const name = `csp_test_${randomBytes(6).toString('hex')}`;
  await withClient(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => withClient(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Which server the test databases are made on. */
export function testServer(): Promise<{ url: string; embedded: boolean }> {
  serverUrl ??= pickServer();
  return serverUrl;
}

async function pickServer(): Promise<{ url: string; embedded: boolean }> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) return { url: configured, embedded: false };
  if (await answers(DEFAULT_TEST_DATABASE_URL)) return { url: DEFAULT_TEST_DATABASE_URL, embedded: false };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-test-pg-'));
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres(path.join(dir, 'postgres'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { url: server.url, embedded: true };
}

/** A temporary folder the embedded PostgreSQL's own account can pass through when tests run as root. */
export function reachableTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

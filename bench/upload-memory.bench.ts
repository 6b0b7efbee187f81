/**
 * Upload memory benchmark (issue 3): how much the hub's memory rises while one large file is
 * uploaded to `POST /api/feeds/:slug/loads`. The upload is streamed to disk, so the rise should be
 * a few megabytes whatever the file's size; a buffered upload would rise by at least the file.
 *
 * One process: a hub (the embedded PostgreSQL in memory, DuckDB in a temporary folder) listening on a free
 * port, and a client that generates the file on the fly and sends it in chunks (no Content-Length).
 * RSS is sampled every 20 ms from just before the upload until the hub answers 202. The file is
 * text that is not a police.uk file, so the load that follows fails at its header and does not
 * add its own memory to the figures.
 *
 * Usage: npm run bench:upload [-- --mb 512]
 */
import 'reflect-metadata';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Role } from '../src/auth/role.js';
import { createHub } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { LoadQueue } from '../src/ingest/load-queue.service.js';
import { UsersService } from '../src/users/users.service.js';

const { values } = parseArgs({ options: { mb: { type: 'string' } } });
const SIZE_MB = Number(values.mb ?? process.env.BENCH_UPLOAD_MB ?? 512);
const PASSWORD = 'bench-upload-orchard-lantern';
const BOUNDARY = 'csp-hub-bench-boundary';
const MB = 1024 * 1024;
const log = (s: string) => process.stdout.write(`${s}\n`);
const mb = (b: number) => (b / MB).toFixed(1);

/** `sizeMb` of text in 64 KB chunks, made as the request asks for them. */
function* fileChunks(sizeMb: number): Generator<Buffer> {
  const line = 'bench upload line, not a police.uk row: 0123456789 abcdefghijklmnopqrstuvwxyz\n';
  const chunk = Buffer.from(line.repeat(Math.floor((64 * 1024) / line.length)));
  const total = sizeMb * MB;
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, total - sent));
}

async function upload(url: string, token: string, sizeMb: number): Promise<{ status: number; body: string }> {
  const req = http.request(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' },
  });
  const answered = once(req, 'response').then(async (args) => {
    const res = args[0] as http.IncomingMessage;
    let body = '';
    for await (const c of res) body += c;
    return { status: res.statusCode ?? 0, body };
  });
  async function* body() {
    yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench-upload.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    yield* fileChunks(sizeMb);
    yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  }
  const [reply] = await Promise.all([answered, pipeline(Readable.from(body()), req)]);
  return reply;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-bench-upload-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: undefined,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'false',
    INGEST_INBOXES: 'false',
    INGEST_MAX_FILE_MB: String(SIZE_MB + 16),
  } as NodeJS.ProcessEnv);
  const hub = await createHub(config, { lockDataDir: false, seedDemo: false });
  try {
    await hub.app.listen(0, '127.0.0.1');
    const base = await hub.app.getUrl();
    const email = 'bench.operator@bench.csp-hub.test';
    await hub.app.get(UsersService).createWithPassword({ email, displayName: 'Bench operator', organisationSlug: 'hiow-constabulary', roles: [Role.EtlOperator], password: PASSWORD });
    const signIn = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    const token = ((await signIn.json()) as { accessToken: string }).accessToken;
    const url = `${base}/api/feeds/police-uk-street/loads`;

    // Warm-up: the first upload and load initialise multer, the queue and DuckDB's connection.
    await upload(url, token, 1);
    await hub.app.get(LoadQueue).whenIdle();
    await sleep(500);

    const idle = process.memoryUsage().rss;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t = performance.now();
    const reply = await upload(url, token, SIZE_MB);
    const ms = performance.now() - t;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (reply.status !== 202) throw new Error(`Upload answered ${reply.status}: ${reply.body}`);
    await hub.app.get(LoadQueue).whenIdle();

    log(`# Upload memory: one ${SIZE_MB} MB file, streamed (chunked), ${os.cpus().length} cores, Node ${process.version}\n`);
    log('| file | upload time | rate | RSS before | peak RSS during upload | rise |');
    log('|---|---|---|---|---|---|');
    log(`| ${SIZE_MB} MB | ${(ms / 1000).toFixed(1)} s | ${((SIZE_MB * 1000) / ms).toFixed(0)} MB/s | ${mb(idle)} MB | ${mb(peak)} MB | ${mb(peak - idle)} MB |`);
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

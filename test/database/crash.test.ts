import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { compileForChild } from '../ingest/support/compile-for-child.js';
import { STREET_HEADER, streetRow } from '../ingest/ingest-helpers.js';
import { reachableTempDir } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'crash-test-demo-password';
const DAY = 86_400_000;

type Kind = 'idle-after-writes' | 'mid-writes' | 'mid-upload' | 'mid-load' | 'mid-approval';
/** 20 kills (CRASH_TEST_CYCLES=5 for 25): every kind four times, interleaved so each restart follows a different kind of crash. */
const ROUNDS: Kind[] = Array.from({ length: Number(process.env.CRASH_TEST_CYCLES ?? 4) }, () => ['idle-after-writes', 'mid-load', 'mid-writes', 'mid-approval', 'mid-upload'] as Kind[]).flat();

interface Hub {
  proc: ChildProcess;
  base: string;
  exit: Promise<void>;
}

/** What the hub acknowledged before a crash, checked after the next start. */
const acknowledged = { views: new Set<string>(), failedLoads: new Set<string>(), approvals: new Set<string>() };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts the real server (src/main.ts) on the embedded default and waits for its "running" line. */
function start(entry: string, env: Record<string, string>): Promise<Hub> {
  const proc = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exit = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /csp-hub is running at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, base: m[1], exit });
    });
    proc.stderr!.on('data', (d) => (err += d));
    void exit.then(() => reject(new Error(`hub exited before it was running:\n${out}\n${err}`)));
    // A start that never finishes fails with what the hub said, rather than running into the test's timeout.
    const timer = setTimeout(() => reject(new Error(`hub not running after 120 s:\n${out}\n${err}`)), 120_000);
    void exit.then(() => clearTimeout(timer));
    proc.stdout!.on('data', () => /csp-hub is running at/.test(out) && clearTimeout(timer));
  });
}

async function kill(hub: Hub): Promise<void> {
  hub.proc.kill('SIGKILL');
  await hub.exit;
}

function client(base: string) {
  const call = async (method: string, url: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      signal: AbortSignal.timeout(60_000),
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = async (who: string) => (await call('POST', '/api/auth/login', undefined, { email: `${who}@demo.csp-hub.test`, password: PASSWORD })).body.accessToken as string;
  return { call, login };
}

function streetCsv(rows: number, month: string, prefix: string): string {
  return [STREET_HEADER, ...Array.from({ length: rows }, (_, i) => streetRow({ month, id: `${prefix}-${i}`, type: 'Burglary' }))].join('\n') + '\n';
}

/** Posts a multipart upload; resolves with the reply, or null when the connection is cut. */
function upload(base: string, token: string, fileName: string, body: AsyncIterable<string> | string): { reply: Promise<{ status: number; id?: string } | null> } {
  const boundary = 'crashtestboundary';
  const req = http.request(`${base}/api/feeds/police-uk-street/loads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const reply = new Promise<{ status: number; id?: string } | null>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, id: text ? JSON.parse(text).id : undefined }));
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
  });
  void (async () => {
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`);
    if (typeof body === 'string') req.write(body);
    else for await (const part of body) if (!req.write(part)) await new Promise((r) => req.once('drain', r));
    req.end(`\r\n--${boundary}--\r\n`);
  })().catch(() => undefined);
  return { reply };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`SIGKILL at ${ROUNDS.length} points on the embedded default`, () => {
  let dir: string;
  let child: { entry: string; dir: string };
  let env: Record<string, string>;
  let baseline: { rows: number; version: number } | undefined;

  beforeAll(async () => {
    dir = reachableTempDir('csp-hub-crash-');
    child = await compileForChild(root, path.join(root, 'src/main.ts'));
    env = {
      NODE_ENV: 'development',
      DATA_DIR: dir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DEMO_SEED: 'true',
      DEMO_DATA: 'false',
      DEMO_PASSWORD: PASSWORD,
      INGEST_INBOXES: 'false',
      GOVERNANCE_SWEEP_CRON: 'off',
      LOG_LEVEL: 'warn',
      SIGNIN_RATE_PER_MINUTE: '10000',
      REFERENCE_DATA_DIR: '',
    };
  }, 120_000);

  afterAll(async () => {
    // A clean start and stop shuts down the server the last kill left running.
    const hub = await start(child.entry, env);
    hub.proc.kill('SIGTERM');
    await hub.exit;
    rmSync(dir, { recursive: true, force: true });
    if (child) rmSync(child.dir, { recursive: true, force: true });
  }, 120_000);

  it.each(ROUNDS.map((kind, i) => [i + 1, kind] as const))('kill %i (%s): restart keeps every acknowledged write, nothing partial, audit chain intact', async (_n, kind) => {
    const hub = await start(child.entry, env);
    try {
      await checkAndCrash(hub, kind);
    } finally {
      if (hub.proc.exitCode === null && hub.proc.signalCode === null) await kill(hub);
    }
  }, 180_000);

  async function checkAndCrash(hub: Hub, kind: Kind): Promise<void> {
    const { call, login } = client(hub.base);
    const [imb, analyst, operator, owner] = await Promise.all(['imb', 'analyst.police', 'operator', 'owner.police'].map(login));

    // After the previous crash: everything acknowledged is there, nothing half-done, the chain verifies.
    expect((await call('GET', '/api/audit/verify', imb)).body).toMatchObject({ ok: true });
    const views: { id: string }[] = (await call('GET', '/api/views', analyst)).body;
    const viewIds = new Set(views.map((v) => v.id));
    for (const id of acknowledged.views) expect(viewIds.has(id)).toBe(true);
    const loads: { id: string; status: string; errorCode?: string }[] = (await call('GET', '/api/loads?limit=200', operator)).body;
    expect(loads.filter((l) => l.status === 'running' || l.status === 'queued')).toEqual([]);
    for (const id of acknowledged.failedLoads) expect(loads.find((l) => l.id === id)).toMatchObject({ status: 'failed', errorCode: 'interrupted' });
    const dataset = (await call('GET', '/api/datasets/police-uk-street', operator)).body;
    if (baseline) expect({ rows: dataset.rowCount, version: dataset.version }).toEqual(baseline);
    await checkApprovals(call, imb);

    await crash(kind, hub, { call, analyst, operator, owner, imb });
  }

  async function crash(kind: Kind, hub: Hub, as: { call: ReturnType<typeof client>['call']; analyst: string; operator: string; owner: string; imb: string }): Promise<void> {
    const saveView = (i: number) =>
      as.call('POST', '/api/views', as.analyst, { title: `crash view ${i}`, query: { dataset: 'police-uk-street', measures: ['count'], groupBy: ['district'] }, chart: { type: 'bar', options: { by: 'district' } } });
    if (kind === 'idle-after-writes') {
      for (let i = 0; i < 5; i++) acknowledged.views.add((await saveView(i)).body.id);
      await as.call('PATCH', '/api/views/' + [...acknowledged.views][0], as.analyst, { title: 'renamed before a crash' });
    } else if (kind === 'mid-writes') {
      const inFlight = Array.from({ length: 30 }, (_, i) =>
        saveView(i).then(
          (r) => r.status === 201 && acknowledged.views.add(r.body.id),
          () => undefined,
        ),
      );
      await Promise.race(inFlight);
    } else if (kind === 'mid-upload') {
      const uploads = path.join(dir, 'uploads');
      const before = new Set(filesIn(uploads));
      const stamp = Date.now();
      // An upload that never ends: blocks of rows for as long as the server reads them.
      upload(hub.base, as.operator, 'never-finished.csv', (async function* () {
        yield `${STREET_HEADER}\n`;
        for (let i = 0; ; i++) yield streetCsv(2000, '2030-01', `upload-${stamp}-${i}`).slice(STREET_HEADER.length + 1);
      })());
      await until(() => filesIn(uploads).some((f) => !before.has(f)) || undefined, 'the upload to reach the upload folder');
    } else if (kind === 'mid-load') {
      if (!baseline) {
        const first = await upload(hub.base, as.operator, 'first.csv', streetCsv(300, '2030-02', 'first')).reply;
        await until(async () => ((await as.call('GET', `/api/loads/${first!.id}`, as.operator)).body.status === 'succeeded') || undefined, 'the first load');
        const d = (await as.call('GET', '/api/datasets/police-uk-street', as.operator)).body;
        baseline = { rows: d.rowCount, version: d.version };
      }
      // Same month as the first load: a load that got through would replace its rows.
      const reply = await upload(hub.base, as.operator, `big-${Date.now()}.csv`, streetCsv(60_000, '2030-02', `big-${Date.now()}`)).reply;
      expect(reply?.status).toBe(202);
      await until(async () => ((await as.call('GET', `/api/loads/${reply!.id}`, as.operator)).body.status === 'running') || undefined, 'the load to run');
      acknowledged.failedLoads.add(reply!.id!);
    } else {
      const analystW = await loginAs(as.call, 'analyst.winchester');
      const agreement = (await as.call('GET', '/api/governance/agreements', as.imb)).body[0];
      const mine: { id: string; status: string }[] = (await as.call('GET', '/api/governance/access-requests', analystW)).body;
      for (const r of mine.filter((x) => x.status === 'pending')) await as.call('POST', `/api/governance/access-requests/${r.id}/withdraw`, analystW, {});
      const created = await as.call('POST', '/api/governance/access-requests', analystW, {
        dataset: 'police-uk-street',
        level: 'record',
        areas: ['E07000094'],
        purpose: 'Problem-solving ASB hotspots with the Winchester CSP',
        agreementId: agreement.id,
        until: new Date(Date.now() + 60 * DAY).toISOString(),
      });
      expect(created.status).toBe(201);
      acknowledged.approvals.add(created.body.id);
      // Kill as soon as the approval has been sent in full: the server is somewhere inside it.
      await new Promise<void>((resolve) => {
        const req = http.request(`${hub.base}/api/governance/access-requests/${created.body.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${as.owner}`, 'content-type': 'application/json' } });
        req.on('error', () => undefined);
        req.end(JSON.stringify({ note: 'Approved just before a crash' }), () => resolve());
      });
    }
    await kill(hub);
  }

  /** An approval interrupted by a kill happened in full (decision, its audit entry, and the grant when it was the last) or not at all. */
  async function checkApprovals(call: ReturnType<typeof client>['call'], imb: string): Promise<void> {
    const audit: { targetId: string }[] = (await call('GET', `/api/audit/entries?action=access_request.approved&pageSize=200`, imb)).body.entries;
    for (const id of acknowledged.approvals) {
      const request = (await call('GET', `/api/governance/access-requests/${id}`, imb)).body;
      const approvals = request.decisions.filter((d: { outcome: string }) => d.outcome === 'approved');
      expect(audit.filter((e) => e.targetId === id)).toHaveLength(approvals.length);
      expect(Boolean(request.grantId)).toBe(request.status === 'approved');
      if (request.status === 'approved') expect(approvals.length).toBeGreaterThan(0);
    }
  }
});

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name);
  } catch {
    return [];
  }
}

async function loginAs(call: ReturnType<typeof client>['call'], who: string): Promise<string> {
  return (await call('POST', '/api/auth/login', undefined, { email: `${who}@demo.csp-hub.test`, password: PASSWORD })).body.accessToken as string;
}

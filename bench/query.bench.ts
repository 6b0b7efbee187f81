/**
 * Query engine benchmark (issue 4). One run:
 *  1. generates BENCH_ROWS police-style rows in DuckDB (through the hub's store) and the same rows in
 *     a scratch schema on the PostgreSQL server, both in month order as monthly loads leave them,
 *     and builds the hub's roll-ups as a load would;
 *  2. asks four dashboard questions through HTTP with the policy applied (cache cleared before each
 *     request) and the equivalent SQL on PostgreSQL; prints p50/p95 and the ratio;
 *  3. compares Arrow and JSON for a 100 000-row record page (size, client decode time);
 *  4. runs a bounded load test on loopback: BENCH_CONNECTIONS signed-in users cycling through the
 *     questions for BENCH_DURATION seconds; prints requests/s, p99 and errors.
 * The hub's catalogue is on a scratch database on the same server, as deployed (`--embedded`: the hub's
 * own embedded PostgreSQL instead). Everything it creates is removed at the end. Usage: npm run bench:query
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import autocannon from 'autocannon';
import pg from 'pg';
import { AccessLevel } from '../src/access/access-level.js';
import { GrantChanges } from '../src/access/grant-changes.js';
import { GrantsService } from '../src/access/grants.service.js';
import { AnalyticsStore } from '../src/analytics-store/analytics-store.service.js';
import { Role } from '../src/auth/role.js';
import { createHub } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { IngestStoreRepository } from '../src/ingest/ingest-store.repository.js';
import { ALL_AREA_CODES } from '../domain/areas.reference.js';
import { OrganisationsService } from '../src/organisations/organisations.service.js';
import { UsersService } from '../src/users/users.service.js';
import { benchRowsSelect } from './query-bench-data.js';
import { scratchDatabase } from './scratch-database.js';
import { BENCH_SLUG, BENCH_TABLE, benchEnv, catalogueBenchDataset, log, ms, percentile, timed } from './bench-support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PASSWORD = 'bench-password-long-enough';
const SCHEMA = `bench_query_${process.pid}`;
const SLUG = BENCH_SLUG;
const TABLE = BENCH_TABLE;
const GOSPORT = 'E07000088';


/** The dashboard questions, as the hub gets them and as SQL for PostgreSQL (policy clause included). */
const AREA_IN = `district_code IN (${ALL_AREA_CODES.map((c) => `'${c}'`).join(', ')})`;
const QUESTIONS = [
  {
    name: 'Monthly trend by category, one district',
    spec: { dataset: SLUG, measures: ['count'], groupBy: ['month', 'category'], filters: [{ field: 'district', op: 'eq', value: GOSPORT }] },
    sql: `SELECT to_char(month, 'YYYY-MM') AS month, category, count(*) FROM ${SCHEMA}.street WHERE ${AREA_IN} AND district_code = $1 GROUP BY 1, 2`,
    params: [GOSPORT],
    level: 'aggregate',
  },
  {
    name: 'Top 20 LSOAs for ASB, 12 months',
    spec: { dataset: SLUG, measures: ['count'], groupBy: ['lsoa'], filters: [{ field: 'category', op: 'eq', value: 'Anti-social behaviour' }], timeRange: { from: '2025-01', to: '2025-12' }, orderBy: ['-count'], limit: 20 },
    sql: `SELECT lsoa_code, lsoa_name, count(*) AS n FROM ${SCHEMA}.street WHERE ${AREA_IN} AND category = $1 AND month >= DATE '2025-01-01' AND month <= DATE '2025-12-01' GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 20`,
    params: ['Anti-social behaviour'],
    level: 'aggregate',
  },
  {
    name: 'Category × district matrix',
    spec: { dataset: SLUG, measures: ['count'], groupBy: ['category', 'district'] },
    sql: `SELECT category, district_code, district_name, count(*) FROM ${SCHEMA}.street WHERE ${AREA_IN} GROUP BY 1, 2, 3`,
    params: [],
    level: 'aggregate',
  },
  {
    name: 'Record page with filters',
    spec: {
      dataset: SLUG,
      fields: ['month', 'district_name', 'lsoa_name', 'category', 'outcome', 'location'],
      filters: [{ field: 'district', op: 'in', value: [GOSPORT, 'E07000090'] }, { field: 'category', op: 'eq', value: 'Burglary' }],
      timeRange: { from: '2024-01', to: '2024-12' },
      orderBy: ['-month'],
      limit: 100,
      offset: 200,
    },
    sql: `SELECT to_char(month, 'YYYY-MM') AS month, district_name, lsoa_name, category, outcome, location FROM ${SCHEMA}.street WHERE ${AREA_IN} AND district_code IN ($1, $2) AND category = $3 AND month >= DATE '2024-01-01' AND month <= DATE '2024-12-01' ORDER BY month DESC, _load_id, _source_row LIMIT 101 OFFSET 200`,
    params: [GOSPORT, 'E07000090', 'Burglary'],
    level: 'record',
  },
] as const;

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-bench-'));
  const scratch = process.argv.includes('--embedded') ? null : await scratchDatabase(PG_URL, 'csp_bench_query', log);
  const config = loadConfig(benchEnv(dir, scratch?.url));
  const hub = await createHub(config, { lockDataDir: false });
  const pgClient = new pg.Client({ connectionString: PG_URL });
  await pgClient.connect();
  try {
    await hub.app.listen(0, '127.0.0.1');
    const base = await hub.app.getUrl();
    log(`# Query benchmark: ${ROWS.toLocaleString('en-GB')} rows, ${os.cpus().length} cores, Node ${process.version}, catalogue on ${scratch ? 'the PostgreSQL server' : 'the embedded PostgreSQL'}\n`);

    // 1. Data: DuckDB through the hub's store; PostgreSQL in a scratch schema. Month order is the
    // order monthly loads leave a table in; PostgreSQL gets the rows in the same order.
    const [duckMs] = await timed(() => hub.app.get(AnalyticsStore).run(`CREATE TABLE ${TABLE} AS SELECT * FROM (${benchRowsSelect('duckdb', ROWS)}) ORDER BY month`));
    log(`DuckDB: ${ROWS.toLocaleString('en-GB')} rows generated in ${(duckMs / 1000).toFixed(1)} s`);
    const [rollupMs] = await timed(() => hub.app.get(IngestStoreRepository).rebuildRollups(TABLE));
    const rollupRows = await hub.app.get(AnalyticsStore).all<{ g: string; n: bigint }>(`SELECT table_name AS g, estimated_size AS n FROM duckdb_tables() WHERE schema_name = 'rollup' AND starts_with(table_name, '${TABLE}') ORDER BY 2`);
    log(`Roll-ups built in ${(rollupMs / 1000).toFixed(1)} s (${rollupRows.map((r) => `${r.g}: ${Number(r.n).toLocaleString('en-GB')} rows`).join(', ')})`);
    const [pgMs] = await timed(async () => {
      await pgClient.query(`CREATE SCHEMA ${SCHEMA}`);
      await pgClient.query(`CREATE TABLE ${SCHEMA}.street AS SELECT * FROM (${benchRowsSelect('postgres', ROWS)}) AS x ORDER BY month`);
      await pgClient.query(`CREATE INDEX ON ${SCHEMA}.street (district_code, month)`);
      await pgClient.query(`CREATE INDEX ON ${SCHEMA}.street (category, month)`);
      await pgClient.query(`VACUUM ANALYZE ${SCHEMA}.street`);
    });
    log(`PostgreSQL: same rows loaded, indexed (district_code, month) and (category, month), analysed in ${(pgMs / 1000).toFixed(1)} s\n`);
    const tokens = await setUpHub(hub, base);

    // 2. Latency per question, cache cleared before every request.
    const changes = hub.app.get(GrantChanges);
    log('| question | hub p50 | hub p95 | PostgreSQL p50 | PostgreSQL p95 | PostgreSQL ÷ hub (p50) |');
    log('|---|---|---|---|---|---|');
    for (const q of QUESTIONS) {
      const token = q.level === 'aggregate' ? tokens.aggregate : tokens.record;
      const hubTimes: number[] = [];
      const pgTimes: number[] = [];
      for (let i = 0; i < ITERATIONS + 3; i++) {
        changes.notify();
        const [t, res] = await timed(() => fetch(`${base}/api/query`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/vnd.apache.arrow.stream' }, body: JSON.stringify(q.spec) }).then(async (r) => [r.status, await r.arrayBuffer()] as const));
        if (res[0] !== 200) throw new Error(`${q.name}: HTTP ${res[0]} ${Buffer.from(res[1]).toString()}`);
        const [tp] = await timed(() => pgClient.query(q.sql, [...q.params]));
        if (i >= 3) {
          hubTimes.push(t);
          pgTimes.push(tp);
        }
      }
      const h50 = percentile(hubTimes, 50);
      const p50 = percentile(pgTimes, 50);
      log(`| ${q.name} | ${ms(h50)} | ${ms(percentile(hubTimes, 95))} | ${ms(p50)} | ${ms(percentile(pgTimes, 95))} | ${(p50 / h50).toFixed(1)}× |`);
    }

    // 3. Arrow vs JSON for a 100 000-row record page.
    const big = { dataset: SLUG, fields: ['month', 'district_name', 'lsoa_code', 'lsoa_name', 'category', 'outcome'], filters: [{ field: 'category', op: 'in', value: ['Burglary', 'Shoplifting', 'Drugs'] }], limit: 100_000 };
    const fetchAs = async (accept: string) => {
      changes.notify();
      const r = await fetch(`${base}/api/query`, { method: 'POST', headers: { authorization: `Bearer ${tokens.record}`, 'content-type': 'application/json', accept }, body: JSON.stringify(big) });
      return Buffer.from(await r.arrayBuffer());
    };
    const arrowBody = await fetchAs('application/vnd.apache.arrow.stream');
    const jsonBody = await fetchAs('application/json');
    const arrowDecode: number[] = [];
    const arrowFull: number[] = [];
    const jsonDecode: number[] = [];
    let rowsSeen = 0;
    for (let i = 0; i < 10; i++) {
      const [ta, table] = await timed(async () => tableFromIPC(arrowBody));
      const [tm] = await timed(async () => table.schema.fields.forEach((f) => table.getChild(f.name)!.toArray()));
      const [tj, parsed] = await timed(async () => JSON.parse(jsonBody.toString('utf8')) as { rows: unknown[] });
      arrowDecode.push(ta);
      arrowFull.push(ta + tm);
      jsonDecode.push(tj);
      rowsSeen = Math.min(table.numRows, parsed.rows.length);
    }
    log(`\n100 000-row record page (${rowsSeen.toLocaleString('en-GB')} rows each):`);
    log(`| encoding | bytes | client decode p50 |`);
    log('|---|---|---|');
    log(`| Arrow IPC stream | ${arrowBody.length.toLocaleString('en-GB')} | ${ms(percentile(arrowDecode, 50))} (${ms(percentile(arrowFull, 50))} with every column materialised) |`);
    log(`| JSON | ${jsonBody.length.toLocaleString('en-GB')} | ${ms(percentile(jsonDecode, 50))} |`);
    log(`JSON ÷ Arrow size: ${(jsonBody.length / arrowBody.length).toFixed(1)}×`);

    // 4. Load: signed-in users cycling through the questions (cache on, as deployed).
    const loadTokens = tokens.load;
    let next = 0;
    const requests = QUESTIONS.map((q, qi) => ({
      method: 'POST' as const,
      path: '/api/query',
      setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
        if (context.user === undefined) context.user = next++ % loadTokens.length;
        const user = loadTokens[context.user as number];
        const spec = user.level === 'aggregate' && QUESTIONS[qi].level === 'record' ? QUESTIONS[0].spec : q.spec;
        return { ...req, headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json', accept: 'application/vnd.apache.arrow.stream' }, body: JSON.stringify(spec) };
      },
    }));
    const result = await autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, requests: requests as never });
    log(`\nLoad: ${CONNECTIONS} signed-in users, ${DURATION} s, cycling the four questions (cache on):`);
    log(`| requests/s (mean) | latency p50 | p99 | max | errors | non-2xx | requests |`);
    log('|---|---|---|---|---|---|---|');
    log(`| ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.latency.max} ms | ${result.errors + result.timeouts} | ${result.non2xx} | ${result.requests.total} |`);
  } finally {
    await pgClient.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await pgClient.end();
    await hub.close();
    await scratch?.drop().catch((err) => log(`Could not drop the scratch database: ${(err as Error).message}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Catalogue entry, grants and signed-in users: aggregate-level and record-level partners. */
async function setUpHub(hub: Awaited<ReturnType<typeof createHub>>, base: string) {
  const orgs = hub.app.get(OrganisationsService);
  const dataSource = hub.app.get((await import('typeorm')).DataSource);
  const dataset = await catalogueBenchDataset(hub);
  const grants = hub.app.get(GrantsService);
  for (const [org, level] of [['winchester', AccessLevel.Aggregate], ['eastleigh', AccessLevel.Record]] as const) {
    const o = await orgs.getBySlug(org);
    await dataSource.transaction((em) =>
      grants.issue(em, { datasetId: dataset.id, granteeOrganisationId: o.id, granteeUserId: null, level, areas: [...ALL_AREA_CODES], purpose: 'Benchmark', startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 86_400_000), createdBy: null }, null, null),
    );
  }
  const users = hub.app.get(UsersService);
  const signIn = async (email: string) => {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    if (r.status !== 200) throw new Error(`Sign-in failed for ${email}: ${r.status}`);
    return ((await r.json()) as { accessToken: string }).accessToken;
  };
  const load: { token: string; level: 'aggregate' | 'record' }[] = [];
  for (let i = 0; i < Math.max(CONNECTIONS, 2); i++) {
    const level = i % 2 === 0 ? 'aggregate' : 'record';
    const email = `bench.${level}.${i}@bench.csp-hub.test`;
    await users.createWithPassword({ email, displayName: `Bench ${i}`, organisationSlug: level === 'aggregate' ? 'winchester' : 'eastleigh', roles: [Role.Analyst], password: PASSWORD });
    load.push({ token: await signIn(email), level });
  }
  return { aggregate: load[0].token, record: load[1].token, load };
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

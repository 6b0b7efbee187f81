/**
 * Disclosure control benchmark (issue 13): what perturbation and the daily question budget cost an
 * aggregate-only question, against the method before them. One run:
 *  1. generates BENCH_ROWS police-style rows in DuckDB through the hub's store (month order, as
 *     monthly loads leave them) and builds the roll-ups as a load would — as bench:query does;
 *  2. boots one hub and signs in one analyst of an organisation with an aggregate grant on every
 *     area, so every answer goes through disclosure control;
 *  3. asks aggregate dashboard questions over HTTP, cache cleared and the organisation's question
 *     ledger emptied before every request (so each request is a first ask: full SQL, and a budget
 *     spend that records a new question), interleaving three arms request by request:
 *       (a)  QUERY_DISCLOSURE_METHOD=rounding, budget switched off — the code before this change
 *            (suppression + rounding, one-level SQL, no budget);
 *       (a+) rounding with the budget — what `rounding` costs in today's code;
 *       (b)  perturbation with the budget — the code after this change (the default);
 *     the method is flipped on the hub's own config object, which the hub reads at each request;
 *     the budget is switched off for (a) by replacing `spend` on the hub's QuestionBudgetService
 *     instance with one that returns at once (nothing else in the request changes);
 *  4. times one budget spend directly (`QuestionBudgetService.spend`): a new question, and a repeat.
 * Prints p50/p95 per question and arm, the ratio b ÷ a, and the DuckDB and budget share of each
 * request. Hub catalogue on a scratch database on the PostgreSQL server as deployed (`--embedded`:
 * the hub's own embedded PostgreSQL). Everything it creates is removed at the end.
 * Usage: npm run bench:disclosure (BENCH_ROWS, default 10 M; BENCH_ITERATIONS, default 30).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AccessLevel } from '../src/access/access-level.js';
import { GrantChanges } from '../src/access/grant-changes.js';
import { GrantsService } from '../src/access/grants.service.js';
import { AnalyticsStore } from '../src/analytics-store/analytics-store.service.js';
import type { AuthUser } from '../src/auth/auth-user.js';
import { Role } from '../src/auth/role.js';
import { createHub } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { ALL_AREA_CODES } from '../domain/areas.reference.js';
import { type BudgetState, QuestionBudgetService } from '../src/disclosure/question-budget.service.js';
import { IngestStoreRepository } from '../src/ingest/ingest-store.repository.js';
import { OrganisationsService } from '../src/organisations/organisations.service.js';
import type { BuiltSql } from '../src/query/query-sql.js';
import { QueryRepository } from '../src/query/query.repository.js';
import { UsersService } from '../src/users/users.service.js';
import { benchRowsSelect } from './query-bench-data.js';
import { scratchDatabase } from './scratch-database.js';
import { BENCH_SLUG, BENCH_TABLE, benchEnv, catalogueBenchDataset, log, ms, percentile, timed } from './bench-support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const WARMUP = 3;
const BUDGET_SPENDS = Number(process.env.BENCH_BUDGET_SPENDS ?? 200);
const PASSWORD = 'bench-password-long-enough';
const SLUG = BENCH_SLUG;
const TABLE = BENCH_TABLE;
const GOSPORT = 'E07000088';

/** The three aggregate dashboard questions of bench:query (same specs), and a 12-month count by district. */
const QUESTIONS = [
  { name: 'Monthly trend by category, one district', spec: { dataset: SLUG, measures: ['count'], groupBy: ['month', 'category'], filters: [{ field: 'district', op: 'eq', value: GOSPORT }] } },
  {
    name: 'Top 20 LSOAs for ASB, 12 months',
    spec: { dataset: SLUG, measures: ['count'], groupBy: ['lsoa'], filters: [{ field: 'category', op: 'eq', value: 'Anti-social behaviour' }], timeRange: { from: '2025-01', to: '2025-12' }, orderBy: ['-count'], limit: 20 },
  },
  { name: 'Category × district matrix', spec: { dataset: SLUG, measures: ['count'], groupBy: ['category', 'district'] } },
  { name: 'Districts, 12 months', spec: { dataset: SLUG, measures: ['count'], groupBy: ['district'], timeRange: { from: '2025-01', to: '2025-12' } } },
];

type Arm = 'a' | 'a+' | 'b';
const ARMS: { arm: Arm; method: 'rounding' | 'perturbation'; budget: boolean; label: string }[] = [
  { arm: 'a', method: 'rounding', budget: false, label: 'rounding, no budget (before)' },
  { arm: 'a+', method: 'rounding', budget: true, label: 'rounding + budget' },
  { arm: 'b', method: 'perturbation', budget: true, label: 'perturbation + budget (after)' },
];

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-bench-'));
  const scratch = process.argv.includes('--embedded') ? null : await scratchDatabase(PG_URL, 'csp_bench_disclosure', log);
  const config = loadConfig(benchEnv(dir, scratch?.url, { QUERY_DAILY_QUESTIONS: '100000' }));
  const hub = await createHub(config, { lockDataDir: false });
  try {
    await hub.app.listen(0, '127.0.0.1');
    const base = await hub.app.getUrl();
    log(`# Disclosure control benchmark: ${ROWS.toLocaleString('en-GB')} rows, ${ITERATIONS} requests per question and arm, ${os.cpus().length} cores, Node ${process.version}, catalogue on ${scratch ? 'the PostgreSQL server' : 'the embedded PostgreSQL'}, ${new Date().toISOString().slice(0, 10)}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

    const store = hub.app.get(AnalyticsStore);
    const [duckMs] = await timed(() => store.run(`CREATE TABLE ${TABLE} AS SELECT * FROM (${benchRowsSelect('duckdb', ROWS)}) ORDER BY month`));
    log(`DuckDB: ${ROWS.toLocaleString('en-GB')} rows generated in ${(duckMs / 1000).toFixed(1)} s`);
    const [rollupMs] = await timed(() => hub.app.get(IngestStoreRepository).rebuildRollups(TABLE));
    const rollupRows = await store.all<{ g: string; n: bigint }>(`SELECT table_name AS g, estimated_size AS n FROM duckdb_tables() WHERE schema_name = 'rollup' AND starts_with(table_name, '${TABLE}') ORDER BY 2`);
    log(`Roll-ups built in ${(rollupMs / 1000).toFixed(1)} s (${rollupRows.map((r) => `${r.g}: ${Number(r.n).toLocaleString('en-GB')} rows`).join(', ')})\n`);
    const { token, caller, dataset } = await setUpHub(hub, base);
    const dataSource = hub.app.get(DataSource);

    // Instruments, on the hub's own instances: DuckDB time of each request, and the budget switch.
    const repository = hub.app.get(QueryRepository);
    const run = repository.run.bind(repository);
    let sqlMs = 0;
    const lastSql = new Map<string, BuiltSql>();
    let current = '';
    repository.run = async (built: BuiltSql) => {
      const [t, rows] = await timed(() => run(built));
      sqlMs += t;
      lastSql.set(current, built);
      return rows;
    };
    const budget = hub.app.get(QuestionBudgetService);
    const spend = budget.spend.bind(budget);
    let budgetOn = true;
    let budgetMs = 0;
    const off: BudgetState = { used: 0, limit: 0, renewsAt: new Date().toISOString(), spent: false };
    budget.spend = async (...args: Parameters<QuestionBudgetService['spend']>) => {
      if (!budgetOn) return off;
      const [t, state] = await timed(() => spend(...args));
      budgetMs += t;
      return state;
    };
    const clearLedger = () => dataSource.query(`DELETE FROM disclosure_questions WHERE organisation_id = $1`, [caller.organisationId]);

    // Requests, interleaved arm by arm; the order of the arms rotates from one round to the next.
    const changes = hub.app.get(GrantChanges);
    const times = new Map<string, { total: number[]; sql: number[]; budget: number[] }>();
    const ask = async (qi: number, a: (typeof ARMS)[number], keep: boolean) => {
      config.disclosure.method = a.method;
      budgetOn = a.budget;
      current = `${qi}:${a.arm}`;
      await clearLedger();
      changes.notify();
      sqlMs = 0;
      budgetMs = 0;
      const [t, res] = await timed(() =>
        fetch(`${base}/api/query`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/vnd.apache.arrow.stream' }, body: JSON.stringify(QUESTIONS[qi].spec) }).then(
          async (r) => [r.status, r.headers.get('x-query-meta'), await r.arrayBuffer()] as const,
        ),
      );
      if (res[0] !== 200) throw new Error(`${QUESTIONS[qi].name} (${a.arm}): HTTP ${res[0]} ${Buffer.from(res[2]).toString()}`);
      const meta = JSON.parse(res[1] ?? '{}') as { cached?: boolean; suppression?: { method?: string } | null; questionBudget?: { spent: boolean } };
      if (meta.cached !== false || meta.suppression?.method !== a.method || (a.budget && meta.questionBudget?.spent !== true)) throw new Error(`${QUESTIONS[qi].name} (${a.arm}): unexpected answer meta ${res[1]}`);
      if (!keep) return;
      const slot = times.get(current) ?? { total: [], sql: [], budget: [] };
      slot.total.push(t);
      slot.sql.push(sqlMs);
      slot.budget.push(budgetMs);
      times.set(current, slot);
    };
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      for (let qi = 0; qi < QUESTIONS.length; qi++) {
        for (let k = 0; k < ARMS.length; k++) await ask(qi, ARMS[(i + k) % ARMS.length], i >= WARMUP);
      }
    }
    config.disclosure.method = 'perturbation';
    budgetOn = true;

    log('Whole HTTP requests (cache cleared and ledger emptied before each; p50 / p95):\n');
    log('| question | (a) rounding, no budget — before | (a+) rounding + budget | (b) perturbation + budget — after | b ÷ a (p50) | b ÷ a+ (p50) |');
    log('|---|---|---|---|---|---|');
    const at = (qi: number, arm: Arm) => times.get(`${qi}:${arm}`)!;
    QUESTIONS.forEach((q, qi) => {
      const [a, ap, b] = (['a', 'a+', 'b'] as const).map((arm) => at(qi, arm).total);
      const cell = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))}`;
      log(`| ${q.name} | ${cell(a)} | ${cell(ap)} | ${cell(b)} | ${(percentile(b, 50) / percentile(a, 50)).toFixed(2)} | ${(percentile(b, 50) / percentile(ap, 50)).toFixed(2)} |`);
    });
    log('\nWhere the time went, p50 per part (DuckDB = QueryRepository.run; budget = QuestionBudgetService.spend; rest = HTTP, session, policy, shaping, encoding):\n');
    log('| question | arm | total | DuckDB | budget | rest |');
    log('|---|---|---|---|---|---|');
    QUESTIONS.forEach((q, qi) => {
      for (const a of ARMS) {
        const s = at(qi, a.arm);
        const rest = s.total.map((t, i) => t - s.sql[i] - s.budget[i]);
        log(`| ${q.name} | ${a.arm} | ${ms(percentile(s.total, 50))} | ${ms(percentile(s.sql, 50))} | ${ms(percentile(s.budget, 50))} | ${ms(percentile(rest, 50))} |`);
      }
    });

    // DuckDB alone: the SQL each method ran, interleaved, without the hub around it.
    log('\nDuckDB alone, the SQL of (a) and (b) run interleaved (p50 / p95):\n');
    log('| question | one-level SQL (rounding) | two-level SQL (perturbation) | ratio (p50) |');
    log('|---|---|---|---|');
    for (let qi = 0; qi < QUESTIONS.length; qi++) {
      const one = lastSql.get(`${qi}:a`)!;
      const two = lastSql.get(`${qi}:b`)!;
      const t1: number[] = [];
      const t2: number[] = [];
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        const [x] = await timed(() => store.columns(one.sql, one.params as never));
        const [y] = await timed(() => store.columns(two.sql, two.params as never));
        if (i >= WARMUP) {
          t1.push(x);
          t2.push(y);
        }
      }
      log(`| ${QUESTIONS[qi].name} | ${ms(percentile(t1, 50))} / ${ms(percentile(t1, 95))} | ${ms(percentile(t2, 50))} / ${ms(percentile(t2, 95))} | ${(percentile(t2, 50) / percentile(t1, 50)).toFixed(2)} |`);
    }
    if (process.argv.includes('--sql')) {
      for (let qi = 0; qi < QUESTIONS.length; qi++) {
        for (const arm of ['a', 'b'] as const) {
          const built = lastSql.get(`${qi}:${arm}`)!;
          log(`\n-- ${QUESTIONS[qi].name} (${arm}) params ${JSON.stringify(built.params)}\n${built.sql}`);
          const plan = await store.all<Record<string, unknown>>(`EXPLAIN ANALYZE ${built.sql}`, built.params as never);
          log(String(Object.values(plan[0] ?? {}).at(-1)));
        }
      }
    }

    // One budget spend on its own: a question new today (advisory lock, count, insert) and a repeat.
    await clearLedger();
    const specOf = (i: number) => ({ ...QUESTIONS[i % QUESTIONS.length].spec, bench: i });
    const newTimes: number[] = [];
    const repeatTimes: number[] = [];
    for (let i = 0; i < WARMUP + BUDGET_SPENDS; i++) {
      const [tn, sn] = await timed(() => spend(caller, dataset, { spec: specOf(i), scopes: [[SLUG, 'all']] }));
      const [tr, sr] = await timed(() => spend(caller, dataset, { spec: specOf(i), scopes: [[SLUG, 'all']] }));
      if (!sn.spent || sr.spent) throw new Error('Budget spends did not come out as new then repeat');
      if (i >= WARMUP) {
        newTimes.push(tn);
        repeatTimes.push(tr);
      }
    }
    log(`\nOne budget spend, called directly (${BUDGET_SPENDS} each; ledger growing from 0 to ${BUDGET_SPENDS + WARMUP} questions of the organisation today):\n`);
    log('| spend | p50 | p95 |');
    log('|---|---|---|');
    log(`| new question (lock, count, insert, commit) | ${ms(percentile(newTimes, 50))} | ${ms(percentile(newTimes, 95))} |`);
    log(`| repeat (lock, count, commit) | ${ms(percentile(repeatTimes, 50))} | ${ms(percentile(repeatTimes, 95))} |`);
    log(`\nLoad average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await hub.close();
    await scratch?.drop().catch((err) => log(`Could not drop the scratch database: ${(err as Error).message}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Catalogue entry, an aggregate grant on every area to Winchester, and one signed-in Winchester analyst. */
async function setUpHub(hub: Awaited<ReturnType<typeof createHub>>, base: string) {
  const orgs = hub.app.get(OrganisationsService);
  const winchester = await orgs.getBySlug('winchester');
  const dataSource = hub.app.get(DataSource);
  const dataset = await catalogueBenchDataset(hub);
  await dataSource.transaction((em) =>
    hub.app.get(GrantsService).issue(em, { datasetId: dataset.id, granteeOrganisationId: winchester.id, granteeUserId: null, level: AccessLevel.Aggregate, areas: [...ALL_AREA_CODES], purpose: 'Benchmark', startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 86_400_000), createdBy: null }, null, null),
  );
  const email = 'bench.aggregate@bench.csp-hub.test';
  const user = await hub.app.get(UsersService).createWithPassword({ email, displayName: 'Bench aggregate', organisationSlug: 'winchester', roles: [Role.Analyst], password: PASSWORD });
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (r.status !== 200) throw new Error(`Sign-in failed for ${email}: ${r.status}`);
  const token = ((await r.json()) as { accessToken: string }).accessToken;
  const caller: AuthUser = { id: user.id, email, displayName: 'Bench aggregate', organisationId: winchester.id, roles: [Role.Analyst], sessionId: 'bench', mustChangePassword: false };
  return { token, caller, dataset };
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

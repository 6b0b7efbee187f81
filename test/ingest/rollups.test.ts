import type { AuthUser } from '../../src/auth/auth-user.js';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { GrantChanges } from '../../src/access/grant-changes.js';
import { ROLLUP_GRAINS, rollupTable } from '../../src/datasets/rollups.js';
import { IngestStoreRepository } from '../../src/ingest/ingest-store.repository.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { CASES_HEADER, caseMapping, createMappedFeed, datasetRow, loadFile, operator, rollupDifferences, writeFixture } from './ingest-helpers.js';

const mapping = caseMapping({ category: { from: 'source_category', map: { Noise: 'Nuisance', Graffiti: 'Environmental' } } });
const csv = (...rows: string[]) => [CASES_HEADER, ...rows].join('\n');

/** Roll-ups are the query engine's short cut: they must agree with the table after every change. */
describe('roll-ups follow every change to a dataset', () => {
  let hub: TestHub;
  let user: AuthUser;
  let analyst: string;

  beforeAll(async () => {
    hub = await createTestHub();
    ({ user } = await operator(hub));
    // The feed's dataset belongs to Winchester: its analysts have full access.
    analyst = (await signedInUser(hub, { organisation: 'winchester' })).token;
    await createMappedFeed(hub, user, 'moves', mapping, { policy: 'upsert-by-key' });
  });
  afterAll(() => hub?.close());

  const load = (name: string, content: string) => loadFile(hub, 'moves', writeFixture(hub, name, content), user);
  const ask = async (body: object) => {
    const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${analyst}`).send({ dataset: 'moves-cases', ...body });
    expect(res.status).toBe(200);
    return res.body.rows as Record<string, unknown>[];
  };
  const monthly = () => ask({ measures: ['count'], groupBy: ['month'], orderBy: ['month'] });

  it('counts a record that an upsert moves to another month in its new month only, and again in its old one after rollback', async () => {
    const first = await load('v1.csv', csv('C-1,03/05/2024,Noise,Winchester,a', 'C-2,04/05/2024,Noise,Winchester,b', 'C-3,01/06/2024,Graffiti,Eastleigh,c'));
    expect(first.status).toBe(LoadStatus.Succeeded);
    expect(await rollupDifferences(hub, 'moves-cases')).toBe(0);
    expect(await monthly()).toEqual([
      { month: '2024-05', count: 2 },
      { month: '2024-06', count: 1 },
    ]);

    const second = await load('v2.csv', csv('C-1,09/07/2024,Noise,Gosport,moved', 'C-4,10/07/2024,Graffiti,Gosport,new'));
    expect([second.status, second.rowsReplaced]).toEqual([LoadStatus.Succeeded, 1]);
    expect(await rollupDifferences(hub, 'moves-cases')).toBe(0);
    expect(await monthly()).toEqual([
      { month: '2024-05', count: 1 },
      { month: '2024-06', count: 1 },
      { month: '2024-07', count: 2 },
    ]);

    const rolled = await hub.app.get(LoadsService).rollback(user, second.id, null);
    expect(rolled.status).toBe(LoadStatus.RolledBack);
    expect(await rollupDifferences(hub, 'moves-cases')).toBe(0);
    expect(await monthly()).toEqual([
      { month: '2024-05', count: 2 },
      { month: '2024-06', count: 1 },
    ]);
  });

  it('leaves the roll-ups as they were when a load fails', async () => {
    const before = await monthly();
    const bad = await load('bad.csv', 'not,the,columns\n1,2,3\n');
    expect(bad.status).toBe(LoadStatus.Failed);
    expect(await rollupDifferences(hub, 'moves-cases')).toBe(0);
    expect(await monthly()).toEqual(before);
  });

  it('answers counts from the roll-up, and anything a roll-up cannot answer from the table', async () => {
    const dataset = await datasetRow(hub, 'moves-cases');
    const store = hub.app.get(AnalyticsStore);
    const byDistrict = rollupTable(dataset.duckdbTable, ROLLUP_GRAINS[0]);
    // Mark the district roll-up so that an answer read from it can be told apart, then put it back.
    await store.run(`UPDATE ${byDistrict} SET _n = _n + 100 WHERE district_name = 'Winchester'`);
    try {
      hub.app.get(GrantChanges).notify(); // forget cached answers
      const fromRollup = await ask({ measures: ['count'], groupBy: ['district'], orderBy: ['district_name'] });
      expect(fromRollup.find((r) => r.district_name === 'Winchester')?.count).toBe(102);
      // A column the roll-up counts away (the partner's own category) sends the question to the table.
      const fromTable = await ask({ measures: ['count'], groupBy: ['district'], filters: [{ field: 'source_category', op: 'eq', value: 'Noise' }] });
      expect(fromTable.find((r) => r.district_name === 'Winchester')?.count).toBe(2);
    } finally {
      await hub.app.get(IngestStoreRepository).rebuildRollups(dataset.duckdbTable);
      hub.app.get(GrantChanges).notify();
    }
    expect(await rollupDifferences(hub, 'moves-cases')).toBe(0);
  });

  it('builds roll-ups at start for tables loaded before roll-ups existed', async () => {
    const dataset = await datasetRow(hub, 'moves-cases');
    const store = hub.app.get(AnalyticsStore);
    for (const grain of ROLLUP_GRAINS) await store.run(`DROP TABLE ${rollupTable(dataset.duckdbTable, grain)}`);
    await hub.app.get(IngestStoreRepository).ensureSchema();
    expect(await rollupDifferences(hub, 'moves-cases')).toBe(0);
    const [row] = await store.all(`SELECT sum(_n) AS n FROM ${rollupTable(dataset.duckdbTable, ROLLUP_GRAINS[1])}`);
    expect(Number(row.n)).toBe(dataset.rowCount);
  });

  it('starts without roll-ups for a table that lacks the common columns, rather than failing', async () => {
    const store = hub.app.get(AnalyticsStore);
    await store.run('CREATE TABLE ds_odd_legacy (x INTEGER)');
    await expect(hub.app.get(IngestStoreRepository).ensureSchema()).resolves.toBeUndefined();
    const [row] = await store.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'rollup' AND table_name LIKE 'ds_odd_legacy%'`);
    expect(Number(row.n)).toBe(0);
  });
});

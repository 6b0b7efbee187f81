import 'reflect-metadata';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { Role } from '../../src/auth/role.js';
import { ROLLUP_COUNT, ROLLUP_GRAINS, rollupTable } from '../../src/datasets/rollups.js';
import { IngestStoreRepository } from '../../src/ingest/ingest-store.repository.js';
import { DatasetsRepository } from '../../src/datasets/datasets.repository.js';
import { retentionCutoff, RetentionService } from '../../src/retention/retention.service.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const NOW = new Date(Date.UTC(2031, 5, 15));
const row = (month: string, category: string): FactoryRow => ({ month, district_code: 'E07000094', category });

describe('retention under the agreements', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  it('cuts off at the first day of the month N months back', () => {
    expect(retentionCutoff(NOW, 12)).toBe('2030-06-01');
    expect(retentionCutoff(new Date(Date.UTC(2031, 0, 31)), 1)).toBe('2030-12-01');
  });

  it('deletes exactly the expired rows, their archived versions and roll-up counts, audited with counts; the owner sees what goes first', async () => {
    const rows = [...times(7, row('2030-04', 'Burglary')), ...times(5, row('2030-05', 'Drugs')), ...times(4, row('2030-06', 'Drugs')), ...times(3, row('2031-05', 'Robbery'))];
    const dataset = await createDataset(hub, { slug: 'kept-12-months', rows });
    const untouched = await createDataset(hub, { slug: 'no-retention', rows: times(6, row('2020-01', 'Burglary')) });
    const store = hub.app.get(AnalyticsStore);
    await hub.app.get(IngestStoreRepository).ensureDatasetTable(dataset.duckdbTable, dataset.columns);
    await store.run(`INSERT INTO ingest."${dataset.duckdbTable}_replaced" (month, district_code, category, _load_id, _source_row, _replaced_by) VALUES ('2030-01-01', 'E07000094', 'Old', gen_random_uuid(), 1, gen_random_uuid()), ('2031-01-01', 'E07000094', 'New', gen_random_uuid(), 2, gen_random_uuid())`);
    await hub.dataSource.query(`UPDATE datasets SET retention_months = 12 WHERE id = $1`, [dataset.id]);

    const owner = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'hiow-constabulary' });
    const service = hub.app.get(RetentionService);
    const due = await service.due(NOW, owner.user.organisationId);
    expect(due).toEqual([{ dataset: 'kept-12-months', ownerOrganisationId: owner.user.organisationId, retentionMonths: 12, cutoff: '2030-06-01', rows: 12, archivedRows: 1 }]);
    const res = await hub.http().get('/api/retention/due').set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(res.body.map((d: { dataset: string }) => d.dataset)).toEqual(['kept-12-months']);
    const outsider = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'portsmouth' });
    expect((await hub.http().get('/api/retention/due').set('Authorization', `Bearer ${outsider.token}`).expect(200)).body).toEqual([]);

    const done = await service.runOnce(NOW);
    expect(done.map((d) => [d.dataset, d.rows, d.archivedRows])).toEqual([['kept-12-months', 12, 1]]);
    const left = await store.all<{ month: string; n: bigint }>(`SELECT strftime(month, '%Y-%m') AS month, count(*) AS n FROM main."${dataset.duckdbTable}" GROUP BY 1 ORDER BY 1`);
    expect(left.map((r) => [r.month, Number(r.n)])).toEqual([['2030-06', 4], ['2031-05', 3]]);
    const archived = await store.all<{ category: string }>(`SELECT category FROM ingest."${dataset.duckdbTable}_replaced"`);
    expect(archived.map((r) => r.category)).toEqual(['New']);
    const rollup = await store.all<{ n: bigint }>(`SELECT sum(${ROLLUP_COUNT}) AS n FROM ${rollupTable(dataset.duckdbTable, ROLLUP_GRAINS[0])}`);
    expect(Number(rollup[0].n)).toBe(7);
    expect(Number((await store.all<{ n: bigint }>(`SELECT count(*) AS n FROM main."${untouched.duckdbTable}"`))[0].n)).toBe(6);
    const after = (await hub.app.get(DatasetsRepository).findById(dataset.id))!;
    expect([after.rowCount, after.minMonth, after.version]).toEqual([7, '2030-06-01', dataset.version + 1]);
    const [entry] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'retention.deleted'`);
    expect(entry.details).toMatchObject({ dataset: 'kept-12-months', retentionMonths: 12, before: '2030-06-01', rowsDeleted: 12, archivedRowsDeleted: 1 });
    expect(await service.runOnce(NOW)).toEqual([]);
  });
});

import { AccessLevel } from '../../src/access/access-level.js';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { DatasetsRepository } from '../../src/datasets/datasets.repository.js';
import { FeedsService } from '../../src/ingest/feeds.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { countRows, datasetRow, loadFile, STREET_HEADER, streetRow, writeFixture } from '../ingest/ingest-helpers.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';

/** police.uk rows at three snapped points in Winchester (12, 7 and 2 incidents) and one in Gosport (6). */
function streetFile(): string {
  const at = (lon: string, lat: string, n: number, lsoa = 'E01023220', lsoaName = 'Winchester 012A') =>
    Array.from({ length: n }, (_, i) => streetRow({ id: `c${lon}${lat}${i}`, month: '2025-02', lsoa, lsoaName, type: 'Burglary', lon, lat }));
  return [STREET_HEADER, ...at('-1.313700', '51.063200', 12), ...at('-1.320000', '51.060000', 7), ...at('-1.300000', '51.070000', 2), ...at('-1.130000', '50.790000', 6, 'E01017102', 'Gosport 001A')].join('\n');
}

describe('grouping by snapped point (police.uk)', () => {
  let hub: TestHub;
  const tokens = { aggregate: '', record: '' };

  beforeAll(async () => {
    hub = await createTestHub();
    const load = await loadFile(hub, 'police-uk-street', writeFixture(hub, '2025-02-hampshire-street.csv', streetFile()));
    expect(load.status).toBe(LoadStatus.Succeeded);
    expect(await countRows(hub, 'police-uk-street', "district_code = 'E07000088'")).toBe(6);
    const dataset = await datasetRow(hub, 'police-uk-street');
    await createGrant(hub, dataset, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W] });
    await createGrant(hub, dataset, { organisation: 'eastleigh', level: AccessLevel.Record, areas: [W] });
    tokens.aggregate = (await signedInUser(hub, { organisation: 'winchester' })).token;
    tokens.record = (await signedInUser(hub, { organisation: 'eastleigh' })).token;
  });
  afterAll(() => hub?.close());

  const ask = (who: keyof typeof tokens, body: object) => hub.http().post('/api/query').set('Authorization', `Bearer ${tokens[who]}`).send(body);

  it('declares longitude and latitude as dimensions of the police datasets', async () => {
    const res = await hub.http().get('/api/datasets/police-uk-street').set('Authorization', `Bearer ${tokens.aggregate}`);
    expect(res.status).toBe(200);
    expect(res.body.dimensions).toEqual(expect.arrayContaining(['point', 'longitude', 'latitude']));
  });

  it('counts per point at aggregate level, suppressed and perturbed, in the granted areas only', async () => {
    const res = await ask('aggregate', { dataset: 'police-uk-street', measures: ['count'], groupBy: ['point'] });
    expect(res.status).toBe(200);
    expect(res.body.columns.map((c: { name: string }) => c.name)).toEqual(['longitude', 'latitude', 'count', 'suppressed']);
    const byPoint = Object.fromEntries(res.body.rows.map((r: Record<string, unknown>) => [`${r.longitude},${r.latitude}`, [r.count, r.suppressed]]));
    expect(Object.keys(byPoint).sort()).toEqual(['-1.3,51.07', '-1.3137,51.0632', '-1.32,51.06']);
    const [count, suppressed] = byPoint['-1.3137,51.0632'] as [number, boolean];
    expect(suppressed).toBe(false);
    expect(Math.abs(count - 12)).toBeLessThanOrEqual(res.body.meta.suppression.maxError); // 12, perturbed
    expect(byPoint['-1.32,51.06']).toEqual([null, true]); // withheld to protect the one below (secondary)
    expect(byPoint['-1.3,51.07']).toEqual([null, true]); // 2: primary
    expect(res.body.meta.suppression.suppressedCells).toBe(2); // and no Gosport point: the grant is Winchester's
  });

  it('refuses to pick out one point at aggregate level, and says what to do instead', async () => {
    const res = await ask('aggregate', { dataset: 'police-uk-street', measures: ['count'], filters: [{ field: 'longitude', op: 'eq', value: -1.3 }, { field: 'latitude', op: 'eq', value: 51.07 }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/cannot be filtered on: group by point/);
  });

  it('gives exact counts per point at record level', async () => {
    const res = await ask('record', { dataset: 'police-uk-street', groupBy: ['point'], orderBy: ['-count'] });
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: Record<string, unknown>) => r.count)).toEqual([12, 7, 2]);
  });

  it('says so when a dataset has no snapped points', async () => {
    const res = await ask('record', { dataset: '*', groupBy: ['point'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no snapped locations to group by point/);
  });

  it('brings an older police dataset up to the adapter: coordinates become dimensions, audited', async () => {
    const repo = hub.app.get(DatasetsRepository);
    const dataset = (await repo.findBySlug('police-uk-outcomes'))!;
    const old = dataset.columns.map((c) => (c.name === 'longitude' || c.name === 'latitude' ? { ...c, dimension: false } : c));
    await hub.dataSource.transaction((em) => repo.update(em, dataset.id, { columns: old }));
    await hub.app.get(FeedsService).ensureBuiltins();
    const after = (await repo.findBySlug('police-uk-outcomes'))!;
    expect(after.columns.filter((c) => c.name === 'longitude' || c.name === 'latitude').map((c) => c.dimension)).toEqual([true, true]);
    const audit = await hub.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'dataset.columns_changed' });
    expect(audit.details).toMatchObject({ slug: 'police-uk-outcomes', dimensions: { longitude: true, latitude: true } });
    await hub.app.get(FeedsService).ensureBuiltins();
    expect(await hub.dataSource.getRepository(AuditEntry).countBy({ action: 'dataset.columns_changed' })).toBe(1);
  });
});

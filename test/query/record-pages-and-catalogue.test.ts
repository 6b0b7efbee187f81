import { AccessLevel } from '../../src/access/access-level.js';
import { DatasetKind, Sensitivity } from '../../domain/dataset-schema.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';

describe('record pages, the catalogue, and grants that run out', () => {
  let hub: TestHub;
  let owner: string;
  let recordW: string;
  let recordWId: string;

  beforeAll(async () => {
    hub = await createTestHub({ QUERY_MAX_RECORD_ROWS: '20', QUERY_DEFAULT_RECORD_ROWS: '8' });
    const rows = [
      ...Array.from({ length: 25 }, (_, i) => ({ month: i < 10 ? '2025-01' : '2025-02', district_code: W, district_name: 'Winchester', category: i % 2 ? 'Burglary' : 'Drugs', placement: 'lsoa', ref: `W-${String(i).padStart(2, '0')}`, victim: `Person ${i}` })),
      ...times(6, { month: '2025-03', district_code: G, district_name: 'Gosport', category: 'Drugs', placement: 'lsoa', ref: 'G', victim: 'Someone' }),
    ];
    const dataset = await createDataset(hub, {
      slug: 'pages',
      title: 'Recorded crime (test)',
      kind: DatasetKind.PoliceStreet,
      sensitivity: Sensitivity.OfficialSensitive,
      extraColumns: [
        { name: 'ref', type: 'text', label: 'Reference', personal: false, dimension: false },
        { name: 'victim', type: 'text', label: 'Victim', personal: true, dimension: false },
      ],
      rows,
    });
    await createGrant(hub, dataset, { organisation: 'eastleigh', level: AccessLevel.Record, areas: [W] });
    owner = (await signedInUser(hub, { organisation: 'hiow-constabulary' })).token;
    const eastleigh = await signedInUser(hub, { organisation: 'eastleigh' });
    recordW = eastleigh.token;
    recordWId = eastleigh.user.id;
  });
  afterAll(() => hub?.close());

  const ask = (token: string, body: object) => hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: 'pages', ...body });

  it('pages through rows in a stable order, within the caller’s areas, without personal columns', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 8) {
      const res = await ask(recordW, { orderBy: ['ref'], offset }).expect(200);
      expect(res.body.columns.map((c: { name: string }) => c.name)).not.toContain('victim');
      expect(res.body.meta).toMatchObject({ kind: 'records', level: 'record', offset, limit: 8, suppression: null });
      seen.push(...res.body.rows.map((r: { ref: string; district_code: string }) => (expect(r.district_code).toBe(W), r.ref)));
      if (!res.body.meta.hasMore) break;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `W-${String(i).padStart(2, '0')}`));
    const filtered = await ask(recordW, { fields: ['ref', 'category'], filters: [{ field: 'category', op: 'eq', value: 'Burglary' }, { field: 'month', op: 'gte', value: '2025-02' }], orderBy: ['-ref'], limit: 3 }).expect(200);
    expect(filtered.body.rows).toEqual([
      { ref: 'W-23', category: 'Burglary' },
      { ref: 'W-21', category: 'Burglary' },
      { ref: 'W-19', category: 'Burglary' },
    ]);
    expect(filtered.body.meta.hasMore).toBe(true);
  });

  it('caps a page at the configured maximum, with a message', async () => {
    const res = await ask(owner, { limit: 21 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', message: 'limit can be at most 20 rows a page.' });
    expect((await ask(owner, { limit: 20 }).expect(200)).body.rows).toHaveLength(20);
  });

  it('describes each dataset in the catalogue with everything a caller needs to choose it', async () => {
    const list = await hub.http().get('/api/datasets').set('Authorization', `Bearer ${recordW}`).expect(200);
    const entry = list.body.find((d: { slug: string }) => d.slug === 'pages');
    expect(entry).toMatchObject({
      title: 'Recorded crime (test)',
      owner: { slug: 'hiow-constabulary', name: expect.any(String) },
      kind: 'police_street',
      sensitivity: 'OFFICIAL-SENSITIVE',
      lawfulBasis: 'Crime and Disorder Act 1998 s115',
      rowCount: 31,
      minMonth: '2025-01',
      maxMonth: '2025-03',
      lastLoadedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      access: { level: 'record', basis: 'grant', aggregateAreas: [W], recordAreas: [W], suppressed: false },
    });
    expect(entry.dimensions).toEqual(expect.arrayContaining(['month', 'year', 'district', 'lsoa', 'category', 'source']));
    expect(entry.measures).toEqual(expect.arrayContaining(['count', 'count_distinct(category)']));
    const detail = await hub.http().get('/api/datasets/pages').set('Authorization', `Bearer ${recordW}`).expect(200);
    expect(detail.body.fields.find((f: { name: string }) => f.name === 'victim')).toMatchObject({ personal: true, visible: false });
    expect(detail.body.fields.find((f: { name: string }) => f.name === 'ref')).toMatchObject({ personal: false, visible: true });
    expect((await hub.http().get('/api/datasets/no-such').set('Authorization', `Bearer ${recordW}`)).status).toBe(404);
  });

  it('stops answering when a grant reaches its end date, cached answers included, with no one touching it', async () => {
    const body = { measures: ['count'], groupBy: ['district'] };
    expect((await ask(recordW, body).expect(200)).body.rows).toEqual([{ district_code: W, district_name: 'Winchester', count: 25 }]);
    expect((await ask(recordW, body).expect(200)).body.meta.cached).toBe(true);
    // Time passes: the end date is now behind us. No revocation, no event, only the clock.
    await hub.dataSource.query(`UPDATE access_grants SET ends_at = now() - interval '1 second' WHERE grantee_organisation_id = (SELECT organisation_id FROM users WHERE id = $1)`, [recordWId]);
    const after = await ask(recordW, body);
    expect([after.status, after.body.error?.code]).toEqual([403, 'no_access']);
    const catalogue = await hub.http().get('/api/datasets/pages').set('Authorization', `Bearer ${recordW}`).expect(200);
    expect(catalogue.body.access.level).toBeNull();
  });
});

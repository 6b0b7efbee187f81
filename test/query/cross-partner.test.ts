import { AccessLevel } from '../../src/access/access-level.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const G = 'E07000088';
const W = 'E07000094';
const asb = (district: string, month: string, source: string, n: number, category = 'Anti-social behaviour'): FactoryRow[] =>
  times(n, {
    month,
    district_code: district,
    district_name: district === G ? 'Gosport' : 'Winchester',
    category,
    category_group: category === 'Anti-social behaviour' || category === 'Noise' ? 'Anti-social behaviour' : 'Crime',
    source_org: source,
    placement: 'lsoa',
  });

describe('cross-partner view: one question across every dataset the caller may use', () => {
  let hub: TestHub;
  let gosportAnalyst: string;
  let portsmouthAnalyst: string;

  beforeAll(async () => {
    hub = await createTestHub();
    const police = await createDataset(hub, {
      slug: 'xp-police',
      rows: [...asb(G, '2025-03', 'hiow-constabulary', 31), ...asb(G, '2025-04', 'hiow-constabulary', 12), ...asb(G, '2025-03', 'hiow-constabulary', 9, 'Burglary'), ...asb(W, '2025-03', 'hiow-constabulary', 50), ...asb(G, '2024-03', 'hiow-constabulary', 40)],
    });
    await createDataset(hub, { slug: 'xp-gosport-asb', owner: 'gosport', rows: [...asb(G, '2025-03', 'gosport', 7, 'Noise'), ...asb(G, '2025-04', 'gosport', 2, 'Noise')] });
    await createGrant(hub, police, { organisation: 'gosport', level: AccessLevel.Record, areas: [G] });
    await createGrant(hub, police, { organisation: 'portsmouth', level: AccessLevel.Aggregate, areas: [G] });
    gosportAnalyst = (await signedInUser(hub, { organisation: 'gosport' })).token;
    portsmouthAnalyst = (await signedInUser(hub, { organisation: 'portsmouth' })).token;
  });
  afterAll(() => hub?.close());

  const ask = (token: string, body: object) => hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: '*', ...body });
  const allAsbInGosport2025 = {
    groupBy: ['dataset', 'month'],
    filters: [
      { field: 'district', op: 'eq', value: G },
      { field: 'category_group', op: 'eq', value: 'Anti-social behaviour' },
    ],
    timeRange: { from: '2025-01', to: '2025-12' },
  };

  it('answers "all ASB in Gosport in 2025, police and council" in one question', async () => {
    const res = await ask(gosportAnalyst, allAsbInGosport2025).expect(200);
    expect(res.body.meta).toMatchObject({ dataset: '*', level: 'record', suppression: null });
    expect(res.body.meta.datasets.map((d: { slug: string }) => d.slug).sort()).toEqual(['xp-gosport-asb', 'xp-police']);
    expect(res.body.rows).toEqual([
      { dataset: 'xp-gosport-asb', month: '2025-03', count: 7 },
      { dataset: 'xp-gosport-asb', month: '2025-04', count: 2 },
      { dataset: 'xp-police', month: '2025-03', count: 31 },
      { dataset: 'xp-police', month: '2025-04', count: 12 },
    ]);
  });

  it('keeps each dataset to its own areas', async () => {
    const res = await ask(gosportAnalyst, { groupBy: ['district'] }).expect(200);
    expect(res.body.rows).toEqual([{ district_code: G, district_name: 'Gosport', count: 101 }]);
  });

  it('includes only datasets the caller may use, suppressed if any is aggregate only', async () => {
    const res = await ask(portsmouthAnalyst, allAsbInGosport2025).expect(200);
    expect(res.body.meta.datasets.map((d: { slug: string }) => d.slug)).toEqual(['xp-police']);
    expect(res.body.meta.suppression).toMatchObject({ method: 'perturbation', threshold: 5, maxError: 2 });
    // True counts 31 and 12, each released within 2 of it.
    expect(res.body.rows.map((r: { dataset: string; month: string; suppressed: boolean }) => [r.dataset, r.month, r.suppressed])).toEqual([
      ['xp-police', '2025-03', false],
      ['xp-police', '2025-04', false],
    ]);
    expect(Math.abs(res.body.rows[0].count - 31)).toBeLessThanOrEqual(2);
    expect(Math.abs(res.body.rows[1].count - 12)).toBeLessThanOrEqual(2);
  });

  it('groups and filters on common dimensions only, counts only, and names unknown datasets', async () => {
    expect((await ask(gosportAnalyst, { groupBy: ['outcome'] })).status).toBe(400);
    expect((await ask(gosportAnalyst, { measures: ['count_distinct(category)'] })).status).toBe(400);
    expect((await ask(gosportAnalyst, { fields: ['month'] })).status).toBe(400);
    expect((await ask(gosportAnalyst, { groupBy: ['month'], datasets: ['no-such'] })).status).toBe(404);
    const only = await ask(gosportAnalyst, { groupBy: ['dataset'], datasets: ['xp-gosport-asb'] }).expect(200);
    expect(only.body.rows).toEqual([{ dataset: 'xp-gosport-asb', count: 9 }]);
  });
});

import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const rows = (month: string, district: string, category: string, n: number, extra: FactoryRow = {}): FactoryRow[] =>
  times(n, { month, district_code: district, district_name: district === W ? 'Winchester' : 'Gosport', lsoa_code: `${district}-L`, category, placement: 'lsoa', ...extra });

/** Every part of the question's shape, with answers worked out by hand from the rows below. */
describe('the query spec: measures, groupBy, filters, timeRange, orderBy, limit, offset', () => {
  let hub: TestHub;
  let token: string;

  beforeAll(async () => {
    hub = await createTestHub();
    await createDataset(hub, {
      slug: 'spec',
      extraColumns: [
        { name: 'amount', type: 'integer', label: 'Amount', personal: false, dimension: false },
        { name: 'officer', type: 'text', label: 'Officer', personal: false, dimension: true },
        { name: 'note', type: 'text', label: 'Note', personal: false, dimension: false },
      ],
      rows: [
        ...rows('2024-12', W, 'Burglary', 2, { amount: 10, officer: 'A', note: 'side gate forced' }),
        ...rows('2025-01', W, 'Burglary', 3, { amount: 5, officer: 'B', note: 'rear door' }),
        ...rows('2025-01', W, 'Drugs', 4, { amount: 1, officer: 'A', note: 'Gate lodge' }),
        ...rows('2025-02', G, 'Drugs', 5, { amount: 2, officer: 'C', note: null }),
        ...rows('2025-03', G, 'Robbery', 1, { amount: null, officer: 'C', note: 'street' }),
      ],
    });
    token = (await signedInUser(hub, { organisation: 'hiow-constabulary' })).token;
  });
  afterAll(() => hub?.close());

  const ask = async (body: object) => {
    const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: 'spec', ...body });
    expect(res.status).toBe(200);
    return res.body as { rows: Record<string, unknown>[]; meta: { hasMore: boolean } };
  };

  it('computes count, count_distinct and sum per group', async () => {
    const { rows: answer } = await ask({ measures: ['count', 'count_distinct(officer)', 'sum(amount)'], groupBy: ['district'] });
    expect(answer).toEqual([
      { district_code: G, district_name: 'Gosport', count: 6, count_distinct_officer: 1, sum_amount: 10 },
      { district_code: W, district_name: 'Winchester', count: 9, count_distinct_officer: 2, sum_amount: 39 },
    ]);
    expect((await ask({ measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }] })).rows).toEqual([{ count: 15, sum_amount: 49 }]);
  });

  it('groups by month, year, category and LSOA', async () => {
    expect((await ask({ groupBy: ['year'] })).rows).toEqual([
      { year: 2024, count: 2 },
      { year: 2025, count: 13 },
    ]);
    expect((await ask({ groupBy: ['month', 'category'], filters: [{ field: 'district', op: 'eq', value: W }] })).rows).toEqual([
      { month: '2024-12', category: 'Burglary', count: 2 },
      { month: '2025-01', category: 'Burglary', count: 3 },
      { month: '2025-01', category: 'Drugs', count: 4 },
    ]);
    expect((await ask({ groupBy: ['lsoa'] })).rows.map((r) => [r.lsoa_code, r.count])).toEqual([
      [`${G}-L`, 6],
      [`${W}-L`, 9],
    ]);
  });

  it('applies each filter operator', async () => {
    const total = async (filters: object[], timeRange?: object) => (await ask({ measures: ['count'], filters, ...(timeRange ? { timeRange } : {}) })).rows[0].count;
    expect(await total([{ field: 'category', op: 'eq', value: 'Drugs' }])).toBe(9);
    expect(await total([{ field: 'category', op: 'in', value: ['Robbery', 'Burglary'] }])).toBe(6);
    expect(await total([{ field: 'month', op: 'between', value: ['2025-01', '2025-02'] }])).toBe(12);
    expect(await total([{ field: 'amount', op: 'gte', value: 5 }])).toBe(5);
    expect(await total([{ field: 'amount', op: 'lte', value: 2 }])).toBe(9);
    expect(await total([{ field: 'note', op: 'contains', value: 'GATE' }])).toBe(6);
    expect(await total([], { from: '2025-01', to: '2025-02' })).toBe(12);
    expect(await total([], { from: '2025-02' })).toBe(6);
    expect(await total([{ field: 'district', op: 'eq', value: G }, { field: 'category', op: 'eq', value: 'Drugs' }], { to: '2025-02' })).toBe(5);
  });

  it('orders, limits and pages grouped answers', async () => {
    const byCount = await ask({ groupBy: ['category'], orderBy: ['-count'], limit: 2 });
    expect(byCount.rows).toEqual([
      { category: 'Drugs', count: 9 },
      { category: 'Burglary', count: 5 },
    ]);
    expect(byCount.meta.hasMore).toBe(true);
    const next = await ask({ groupBy: ['category'], orderBy: [{ field: 'count', dir: 'desc' }], limit: 2, offset: 2 });
    expect(next.rows).toEqual([{ category: 'Robbery', count: 1 }]);
    expect(next.meta.hasMore).toBe(false);
  });
});

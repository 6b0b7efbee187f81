import { AccessLevel } from '../../src/access/access-level.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const cell = (district: string, category: string, month: string, n: number): FactoryRow[] =>
  times(n, { month, district_code: district, district_name: district === W ? 'Winchester' : 'Gosport', category, category_group: 'Crime', source_org: 'hiow-constabulary', placement: 'lsoa' });

/** The true counts (district, category, month), known to the test and not to the attacker. */
const TRUTH: [string, string, string, number][] = [
  [W, 'ASB', '2025-01', 40],
  [W, 'ASB', '2025-02', 3],
  [W, 'Burglary', '2025-01', 9],
  [W, 'Burglary', '2025-02', 1],
  [W, 'Drugs', '2025-01', 2],
  [G, 'ASB', '2025-01', 25],
  [G, 'ASB', '2025-02', 11],
  [G, 'Burglary', '2025-01', 6],
  [G, 'Drugs', '2025-02', 4],
];

type Row = Record<string, string | number | boolean | null>;

/**
 * What an attacker can conclude: unknown true counts for a set of cells, each released figure
 * constraining a sum of them (perturbed → within ±2 of the truth; withheld → at least 1). Depth-first
 * search finds whether some assignment fits every figure with the target cell set to `value`.
 */
interface Constraint {
  cells: string[];
  lo: number;
  hi: number;
}
function feasible(cells: string[], constraints: Constraint[], target: string, value: number, max = 60): boolean {
  const assigned = new Map<string, number>([[target, value]]);
  const order = cells.filter((c) => c !== target);
  const ok = () =>
    constraints.every((k) => {
      let lo = 0;
      let hi = 0;
      for (const c of k.cells) {
        const v = assigned.get(c);
        lo += v ?? 1;
        hi += v ?? max;
      }
      return lo <= k.hi && hi >= k.lo;
    });
  const search = (i: number): boolean => {
    if (!ok()) return false;
    if (i === order.length) return true;
    for (let v = 1; v <= max; v++) {
      assigned.set(order[i], v);
      if (search(i + 1)) return true;
    }
    assigned.delete(order[i]);
    return false;
  };
  return search(0);
}

/** A released count as a constraint on the cells it sums, within its answer's stated bound. */
const released = (cells: string[], count: number | null, bound: number): Constraint => (count === null ? { cells, lo: 1, hi: Infinity } : { cells, lo: count - bound, hi: count + bound });

describe('aggregate-level suppression', () => {
  let hub: TestHub;
  let token: string;

  beforeAll(async () => {
    // A noise key drawn afresh for each run: no released figure depends on a withheld part (the
    // small-part rule, docs/disclosure-control.md), so the searches below hold under every key.
    hub = await createTestHub();
    const dataset = await createDataset(hub, { slug: 'police-small', rows: TRUTH.flatMap(([d, c, m, n]) => cell(d, c, m, n)) });
    await createGrant(hub, dataset, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W, G] });
    token = (await signedInUser(hub, { organisation: 'winchester' })).token;
  });
  afterAll(() => hub?.close());

  /** The answer's rows; `bounds` keeps each answer's stated error bound, by its rows. */
  const bounds = new WeakMap<Row[], number>();
  const ask = async (body: object): Promise<Row[]> => {
    const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: 'police-small', ...body });
    expect(res.status).toBe(200);
    bounds.set(res.body.rows, res.body.meta.suppression.maxError);
    return res.body.rows;
  };
  const boundOf = (rows: Row[]) => bounds.get(rows)!;

  it('never returns a count from 1 to 4, whatever the grouping or filter', async () => {
    const groupings = [[], ['district'], ['category'], ['month'], ['district', 'category'], ['district', 'month'], ['category', 'month'], ['district', 'category', 'month'], ['year'], ['source']];
    const filters = [[], [{ field: 'district', op: 'eq', value: W }], [{ field: 'category', op: 'eq', value: 'Drugs' }], [{ field: 'month', op: 'in', value: ['2025-01', '2025-02'] }], [{ field: 'month', op: 'eq', value: '2025-02' }]];
    for (const groupBy of groupings)
      for (const f of filters) {
        for (const r of await ask({ measures: ['count'], groupBy, filters: f })) {
          if (r.count === null) expect(r.suppressed).toBe(true);
          else {
            expect(r.suppressed).toBe(false);
            expect(r.count === 0 || Number(r.count) >= 5).toBe(true);
          }
        }
      }
  });

  it('refuses rows and non-count measures at aggregate level', async () => {
    const rows = await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: 'police-small', limit: 5 });
    expect(rows.status).toBe(403);
    expect(rows.body.error.code).toBe('record_access_required');
    const distinct = await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: 'police-small', measures: ['count_distinct(category)'] });
    expect(distinct.status).toBe(400);
  });

  it('keeps a withheld cell unrecoverable from the total minus the other cells, and from row and column totals', async () => {
    const key = (d: unknown, c: unknown) => `${d}|${c}`;
    const table = await ask({ measures: ['count'], groupBy: ['district', 'category'] });
    const byDistrict = await ask({ measures: ['count'], groupBy: ['district'] });
    const byCategory = await ask({ measures: ['count'], groupBy: ['category'] });
    const totalRows = await ask({ measures: ['count'] });
    const [total] = totalRows;
    const cells = table.map((r) => key(r.district_code, r.category));
    const target = key(W, 'Drugs');
    expect(table.find((r) => key(r.district_code, r.category) === target)?.count).toBeNull();

    // The naive attack: the district total minus every visible cell of that district.
    const visibleW = table.filter((r) => r.district_code === W && r.count !== null).reduce((s, r) => s + Number(r.count), 0);
    const districtW = byDistrict.find((r) => r.district_code === W)!.count as number;
    expect(table.filter((r) => r.district_code === W && r.count === null).length).toBeGreaterThanOrEqual(2);
    expect(districtW - visibleW).not.toBe(2);

    // The thorough attack: every released figure at once. Each of 1–4 stays possible.
    const constraints = [
      ...table.map((r) => released([key(r.district_code, r.category)], r.count as number | null, boundOf(table))),
      ...byDistrict.map((r) => released(cells.filter((c) => c.startsWith(`${r.district_code}|`)), r.count as number | null, boundOf(byDistrict))),
      ...byCategory.map((r) => released(cells.filter((c) => c.endsWith(`|${r.category}`)), r.count as number | null, boundOf(byCategory))),
      released(cells, total.count as number | null, boundOf(totalRows)),
    ];
    for (const value of [1, 2, 3, 4]) expect(feasible(cells, constraints, target, value)).toBe(true);

    // Control: with exact figures and primary suppression only, the same search pins it down.
    const exact = new Map(cells.map((c) => [c, TRUTH.filter(([d, cat]) => key(d, cat) === c).reduce((s, t) => s + t[3], 0)]));
    const naive = [
      ...cells.map((c) => (c === target ? released([c], null, 0) : { cells: [c], lo: exact.get(c)!, hi: exact.get(c)! })),
      { cells: cells.filter((c) => c.startsWith(`${W}|`)), lo: 55, hi: 55 },
    ];
    expect([1, 2, 3, 4].filter((v) => feasible(cells, naive, target, v))).toEqual([2]);
  });

  it('keeps a small count unrecoverable from the same question with one filter changed', async () => {
    const both = await ask({ measures: ['count'], filters: [{ field: 'district', op: 'eq', value: W }], timeRange: { from: '2025-01', to: '2025-02' } });
    const january = await ask({ measures: ['count'], filters: [{ field: 'district', op: 'eq', value: W }], timeRange: { from: '2025-01', to: '2025-01' } });
    const february = await ask({ measures: ['count'], filters: [{ field: 'district', op: 'eq', value: W }], timeRange: { from: '2025-02', to: '2025-02' } });
    // Winchester in February truly has 4 rows: withheld when asked directly…
    expect(february[0].count).toBeNull();
    // …and the difference of the two totals does not give it back.
    const constraints = [released(['jan', 'feb'], both[0].count as number | null, boundOf(both)), released(['jan'], january[0].count as number | null, boundOf(january)), released(['feb'], february[0].count as number | null, boundOf(february))];
    for (const value of [1, 2, 3, 4]) expect(feasible(['jan', 'feb'], constraints, 'feb', value)).toBe(true);
  });

  it('suppresses the cross-partner view when any dataset in it is at aggregate level', async () => {
    const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: '*', measures: ['count'], groupBy: ['dataset', 'district', 'category'] });
    expect(res.status).toBe(200);
    expect(res.body.meta.suppression).toMatchObject({ method: 'perturbation', threshold: 5 });
    for (const r of res.body.rows) expect(r.count === null || Number(r.count) >= 5).toBe(true);
    expect(res.body.rows.every((r: Row) => r.dataset === 'police-small')).toBe(true);
  });
});

/**
 * The question budget against a working day of normal use (issue 13: "the demo dashboards and
 * Explore work for a whole working day of normal use by one analyst without hitting the budget").
 * An analyst with counts-only access opens four saved views (a dashboard's tiles) every half hour
 * from 9 to 5, and explores: every grouping the Explore form offers, for all categories and each
 * one, for the whole district and each of its wards in turn, over the last 12 months, the last 24
 * and all time. Nothing is refused, and repeats spend nothing.
 */
import { AccessLevel } from '../../src/access/access-level.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const CATEGORIES = ['Personal', 'Nuisance', 'Environmental'];
const LSOAS = ['E01023220', 'E01023224', 'E01023229', 'E01023231'];
const MONTHS = Array.from({ length: 30 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

function rows(): FactoryRow[] {
  return MONTHS.flatMap((month, m) =>
    LSOAS.flatMap((lsoa, l) =>
      CATEGORIES.flatMap((category, c) =>
        times(1 + ((m + 2 * l + 3 * c) % 9), { month, district_code: W, district_name: 'Winchester', lsoa_code: lsoa, category, category_group: 'Anti-social behaviour', source_org: 'winchester', placement: 'lsoa' }),
      ),
    ),
  );
}

describe('a working day of normal use by one analyst', () => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await createTestHub({ SHIPPED_BOUNDARIES: 'true' });
    const dataset = await createDataset(hub, { slug: 'winchester-asb', owner: 'winchester', rows: rows() });
    await createGrant(hub, dataset, { organisation: 'eastleigh', level: AccessLevel.Aggregate, areas: [W] });
    token = (await signedInUser(hub, { organisation: 'eastleigh' })).token;
  });
  afterAll(() => hub?.close());

  it('stays well within the default daily budget of 500 questions, with nothing refused', async () => {
    const as = () => ({ Authorization: `Bearer ${token}` });
    const base = { dataset: 'winchester-asb', measures: ['count'] };
    const tiles = [
      { ...base, groupBy: ['month'], timeRange: { from: MONTHS[18], to: MONTHS[29] } },
      { ...base, groupBy: ['category'], timeRange: { from: MONTHS[18], to: MONTHS[29] } },
      { ...base, groupBy: ['month', 'category'] },
      { ...base, groupBy: ['lsoa'], timeRange: { from: MONTHS[18], to: MONTHS[29] } },
    ];
    const views: string[] = [];
    for (const [i, query] of tiles.entries()) {
      const res = await hub.http().post('/api/views').set(as()).send({ title: `Tile ${i}`, query, chart: { type: 'bar', options: {} } });
      expect(res.status).toBe(201);
      views.push(res.body.id);
    }
    const wards = (await hub.http().post('/api/query').set(as()).send({ ...base, groupBy: ['ward'] })).body.rows.map((r: { ward_code: string }) => r.ward_code).filter(Boolean);
    expect(wards.length).toBeGreaterThan(1);

    const statuses: number[] = [];
    let used = 0;
    const note = (res: { status: number; body: { meta?: { questionBudget?: { used: number } } } }) => {
      statuses.push(res.status);
      used = Math.max(used, res.body.meta?.questionBudget?.used ?? 0);
    };
    const explore: object[] = [];
    const ranges = [{ from: MONTHS[18], to: MONTHS[29] }, { from: MONTHS[6], to: MONTHS[29] }, undefined];
    const places = [[], ...wards.map((w: string) => [{ field: 'ward', op: 'eq', value: w }])];
    for (const groupBy of [['month'], ['category'], ['month', 'category'], ['lsoa'], ['ward'], ['year']])
      for (const category of [null, ...CATEGORIES])
        for (const place of places)
          for (const timeRange of ranges) {
            const filters = [...place, ...(category ? [{ field: 'category', op: 'eq', value: category }] : [])];
            explore.push({ ...base, groupBy, filters, ...(timeRange ? { timeRange } : {}) });
          }
    // Sixteen openings of the dashboard through the day, with exploring in between.
    const perOpening = Math.ceil(explore.length / 16);
    for (let opening = 0; opening < 16; opening++) {
      for (const id of views) note(await hub.http().post(`/api/views/${id}/run`).set(as()).send({}));
      for (const q of explore.slice(opening * perOpening, (opening + 1) * perOpening)) note(await hub.http().post('/api/query').set(as()).send(q));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Every distinct question once: the tiles and the wards look-up are among the Explore questions
    // (the same question from a view or from Explore is the same question), so they cost nothing more.
    expect(used).toBe(explore.length);
    expect(used).toBeLessThan(500);
    console.log(`A working day: ${statuses.length} answers (${16 * views.length} dashboard tiles, ${explore.length} Explore questions), ${used} of the 500 questions spent.`);
  });
});

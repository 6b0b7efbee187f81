import fc from 'fast-check';
import { AccessLevel } from '../../src/access/access-level.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const SECRET = 'SECRET-VICTIM';

const HOSTILE = [
  "'; DROP TABLE ds_fuzz; --",
  '" OR 1=1 --',
  'victim_name',
  '_load_id',
  '_source_row',
  'district_code) OR (1=1',
  'month; SELECT * FROM ds_fuzz',
  '../../etc/passwd',
  '\u0000',
  'ds_fuzz',
  '*',
  'count(*)',
  'sum(victim_name)',
  'count_distinct(victim_name)',
  "read_csv('/etc/passwd')",
  '__proto__',
  'constructor',
  'E07000088',
  'x'.repeat(5000),
];
const FIELDS = ['month', 'year', 'district', 'district_code', 'category', 'lsoa', 'source', 'victim_name', 'amount', 'placement', 'crime_id', 'point', 'longitude', 'latitude'];

const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.constantFrom(...FIELDS));
const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(text, fc.integer()), { maxLength: 5 }), fc.constantFrom('2025-01', '2025-13', '2025-02-30'));
const deep: fc.Arbitrary<unknown> = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, value, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 3 })) })).node;
const filter = fc.record({ field: fc.oneof(fc.constantFrom(...FIELDS), text), op: fc.oneof(fc.constantFrom('eq', 'in', 'between', 'gte', 'lte', 'contains'), text), value }, { requiredKeys: [] });
const spec = fc.record(
  {
    dataset: fc.oneof(fc.constant('fuzz'), fc.constant('*'), text),
    datasets: fc.oneof(fc.array(text, { maxLength: 3 }), deep),
    measures: fc.oneof(fc.array(fc.oneof(fc.constantFrom('count', 'count_distinct(category)', 'sum(amount)', 'avg(amount)', 'max(month)'), text, fc.record({ fn: text, field: text })), { maxLength: 4 }), deep),
    groupBy: fc.oneof(fc.array(fc.oneof(fc.constantFrom(...FIELDS), text), { maxLength: 5 }), deep),
    fields: fc.oneof(fc.array(fc.oneof(fc.constantFrom(...FIELDS), text), { maxLength: 5 }), deep),
    filters: fc.oneof(fc.array(filter, { maxLength: 4 }), deep),
    timeRange: fc.oneof(fc.record({ from: fc.oneof(text, fc.constantFrom('2025-01', '2025-02')), to: fc.oneof(text, fc.constant('2025-03')) }, { requiredKeys: [] }), deep),
    areas: fc.oneof(fc.array(fc.oneof(fc.constantFrom(W, G, 'E06000044'), text), { maxLength: 3 }), deep),
    orderBy: fc.oneof(fc.array(fc.oneof(fc.constantFrom('count', '-count', 'month', '-category'), text, fc.record({ field: text, dir: text })), { maxLength: 3 }), deep),
    limit: fc.oneof(fc.integer({ min: -5, max: 2_000_000_000 }), fc.double(), text),
    offset: fc.oneof(fc.integer({ min: -5, max: 2_000_000_000 }), text),
    extra: deep,
  },
  { requiredKeys: [] },
);

/** Well-formed questions carrying hostile values where values belong (they must be bound, not pasted). */
const wellFormed = fc.record(
  {
    dataset: fc.constantFrom('fuzz', '*'),
    measures: fc.constantFrom(['count'], ['count', 'sum(amount)'], ['count_distinct(category)']),
    groupBy: fc.subarray(['month', 'year', 'district', 'category', 'source', 'placement', 'point']),
    filters: fc.array(
      fc.oneof(
        fc.record({ field: fc.constantFrom('category', 'district', 'placement'), op: fc.constantFrom('eq', 'contains'), value: text }),
        fc.record({ field: fc.constant('category'), op: fc.constant('in'), value: fc.array(text, { minLength: 1, maxLength: 4 }) }),
        fc.record({ field: fc.constant('month'), op: fc.constant('between'), value: fc.constant(['2025-01', '2025-03']) }),
      ),
      { maxLength: 3 },
    ),
    orderBy: fc.constantFrom(['-count'], ['category'], []),
    limit: fc.integer({ min: 1, max: 100 }),
  },
  { requiredKeys: ['dataset'] },
);
const recordPage = fc.record({ dataset: fc.constant('fuzz'), fields: fc.subarray(['month', 'category', 'district_code', 'amount', 'victim_name'], { minLength: 1 }), filters: fc.array(fc.record({ field: fc.constant('category'), op: fc.constantFrom('eq', 'contains'), value: text }), { maxLength: 2 }), limit: fc.integer({ min: 1, max: 50 }), offset: fc.integer({ min: 0, max: 40 }) });

describe('hostile questions (property-based)', () => {
  let hub: TestHub;
  const tokens: Record<'aggregate' | 'record', string> = { aggregate: '', record: '' };

  beforeAll(async () => {
    hub = await createTestHub();
    const row = (district: string, category: string, n: number) =>
      times(n, { month: '2025-02', district_code: district, district_name: district === W ? 'Winchester' : 'Gosport', category, placement: 'lsoa', victim_name: SECRET, amount: 3, longitude: -1.3137, latitude: category === 'Drugs' ? 51.06 : 51.0632 });
    const dataset = await createDataset(hub, {
      slug: 'fuzz',
      extraColumns: [
        { name: 'victim_name', type: 'text', label: 'Victim', personal: true, dimension: true },
        { name: 'amount', type: 'integer', label: 'Amount', personal: false, dimension: false },
        { name: 'longitude', type: 'double', label: 'Longitude', personal: false, dimension: true },
        { name: 'latitude', type: 'double', label: 'Latitude', personal: false, dimension: true },
      ],
      rows: [...row(W, 'Anti-social behaviour', 23), ...row(W, 'Burglary', 2), ...row(W, 'Drugs', 8), ...row(G, 'Anti-social behaviour', 40)],
    });
    await createGrant(hub, dataset, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W] });
    await createGrant(hub, dataset, { organisation: 'eastleigh', level: AccessLevel.Record, areas: [W] });
    tokens.aggregate = (await signedInUser(hub, { organisation: 'winchester' })).token;
    tokens.record = (await signedInUser(hub, { organisation: 'eastleigh' })).token;
  });
  afterAll(() => hub?.close());

  it('answers 400/403/404 or a correct answer within policy; never 500, never a leak', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'aggregate' | 'record'>('aggregate', 'record'), fc.oneof({ arbitrary: spec, weight: 1 }, { arbitrary: wellFormed, weight: 3 }, { arbitrary: recordPage, weight: 1 }), async (who, body) => {
        const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${tokens[who]}`).send(body as object);
        expect([200, 400, 403, 404]).toContain(res.status);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const raw = JSON.stringify(res.body);
        expect(raw).not.toContain(SECRET);
        expect(raw).not.toContain('Gosport');
        expect(raw).not.toMatch(/_load_id|_source_row|Binder Error|Parser Error|Catalog Error|stack/);
        if (res.status !== 200) {
          expect(typeof res.body.error.code).toBe('string');
          expect(typeof res.body.error.message).toBe('string');
          return;
        }
        const names = res.body.columns.map((c: { name: string }) => c.name);
        expect(names).not.toContain('victim_name');
        for (const r of res.body.rows) {
          if ('district_code' in r) expect(r.district_code).toBe(W);
          if (who === 'aggregate' && 'count' in r) expect(r.count === null || r.count === 0 || r.count >= 5).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    // The generators must reach real answers often enough for the property to mean something.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(40);
  });

  it('refuses malformed and deeply nested bodies with a 400', async () => {
    const deeplyNested = (key: string, depth: number) => `{"dataset":"fuzz","${key}":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
    const deepObject = (depth: number) => `{"dataset":"fuzz","filters":[{"field":"category","op":"eq","value":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]}`;
    for (const body of ['not json', '[1,2,3]', '"fuzz"', '{"dataset":', deeplyNested('measures', 20_000), deeplyNested('groupBy', 2_000), deeplyNested('extra', 20_000), deepObject(5_000)]) {
      const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${tokens.record}`).set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
    }
  });
});

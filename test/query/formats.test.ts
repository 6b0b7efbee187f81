import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { AccessLevel } from '../../src/access/access-level.js';
import { createDataset, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const HOSTILE = ['=HYPERLINK("http://x.example","click")', '+44 1962', '-2+3', '@SUM(A1:A9)', 'Plain, with "quotes"'];

describe('answers as Arrow, JSON and CSV', () => {
  let hub: TestHub;
  let owner: string;
  let aggregateOnly: string;

  beforeAll(async () => {
    hub = await createTestHub();
    const rows = [
      ...times(17, { month: '2025-01', district_code: W, district_name: 'Winchester', category: 'Anti-social behaviour', placement: 'lsoa', amount: 2.5 }),
      ...times(3, { month: '2025-02', district_code: W, district_name: 'Winchester', category: 'Burglary', placement: 'lsoa', amount: 1 }),
      ...times(9, { month: '2025-02', district_code: W, district_name: 'Winchester', category: 'Drugs', placement: 'lsoa', amount: null }),
      ...HOSTILE.flatMap((category) => times(6, { month: '2025-03', district_code: W, district_name: 'Winchester', category, placement: 'lsoa', amount: 4 })),
    ];
    const dataset = await createDataset(hub, { slug: 'formats', extraColumns: [{ name: 'amount', type: 'double', label: 'Amount', personal: false, dimension: false }], rows });
    await createGrant(hub, dataset, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W] });
    owner = (await signedInUser(hub, { organisation: 'hiow-constabulary' })).token;
    aggregateOnly = (await signedInUser(hub, { organisation: 'winchester' })).token;
  });
  afterAll(() => hub?.close());

  const ask = (token: string, accept: string | null, body: object) => {
    const req = hub.http().post('/api/query').set('Authorization', `Bearer ${token}`);
    if (accept) req.set('Accept', accept);
    return req.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).send(body);
  };

  /** The same answer in the three encodings, as arrays of plain rows. */
  async function threeWays(token: string, body: object) {
    const json = await ask(token, null, body);
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const arrow = await ask(token, 'application/vnd.apache.arrow.stream', body);
    expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const csv = await ask(token, 'text/csv', body);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="formats.csv"/);
    const fromJson = JSON.parse(json.body.toString()) as { rows: Record<string, unknown>[]; columns: { name: string; type: string }[] };
    const fromArrow = tableFromIPC(arrow.body as Buffer).toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const fromCsv = parse(csv.body.toString(), { columns: true }) as Record<string, string>[];
    return { json: fromJson, arrow: fromArrow, csv: fromCsv, meta: JSON.parse(String(arrow.headers['x-query-meta'])) };
  }

  it('gives the same numbers for a grouped question, suppression included', async () => {
    const { json, arrow, csv, meta } = await threeWays(aggregateOnly, { dataset: 'formats', measures: ['count'], groupBy: ['month', 'category'] });
    expect(meta.suppression).toMatchObject({ threshold: 5 });
    expect(json.rows.length).toBe(8);
    expect(arrow).toEqual(json.rows);
    expect(csv.map((r) => (r.count === '' ? null : Number(r.count)))).toEqual(json.rows.map((r) => r.count));
    expect(csv.map((r) => r.suppressed === 'true')).toEqual(json.rows.map((r) => r.suppressed));
    expect(json.rows.some((r) => r.count === null)).toBe(true);
  });

  it('gives the same rows for a record page, with typed numbers and months', async () => {
    const body = { dataset: 'formats', fields: ['month', 'category', 'amount'], orderBy: ['month', '-amount'], limit: 50 };
    const { json, arrow, csv } = await threeWays(owner, body);
    expect(json.rows).toHaveLength(50);
    expect(arrow).toEqual(json.rows);
    expect(json.rows[0]).toEqual({ month: '2025-01', category: 'Anti-social behaviour', amount: 2.5 });
    expect(csv.map((r) => (r.amount === '' ? null : Number(r.amount)))).toEqual(json.rows.map((r) => r.amount));
    expect(csv.map((r) => r.month)).toEqual(json.rows.map((r) => r.month));
  });

  it('neutralises spreadsheet formulas in CSV cells, and only in CSV', async () => {
    const { json, csv } = await threeWays(owner, { dataset: 'formats', measures: ['count'], groupBy: ['category'], filters: [{ field: 'month', op: 'eq', value: '2025-03' }] });
    expect(json.rows.map((r) => r.category).sort()).toEqual([...HOSTILE].sort());
    for (const r of csv) {
      const original = String(r.category).replace(/^'/, '');
      expect(HOSTILE).toContain(original);
      expect(/^[=+\-@]/.test(String(r.category))).toBe(false);
    }
    expect(csv.find((r) => r.category.includes('quotes'))?.category).toBe('Plain, with "quotes"');
  });

  it('picks the encoding from Accept, JSON when nothing matches', async () => {
    const body = { dataset: 'formats', measures: ['count'] };
    expect((await ask(owner, 'text/html', body)).headers['content-type']).toMatch(/^application\/json/);
    expect((await ask(owner, 'text/csv;q=0.5, application/vnd.apache.arrow.stream', body)).headers['content-type']).toBe('application/vnd.apache.arrow.stream');
  });
});

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { AccessLevel } from '../../src/access/access-level.js';
import { loadGeography, randomPointIn } from '../../etl/geography/index.js';
import { ReferenceDataService } from '../../src/reference/reference-data.service.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const SHIPPED = path.resolve('reference/deprivation/imd2019-hampshire-iow.csv');
const W = 'E07000094';
const COORDS = [
  { name: 'longitude', type: 'double' as const, label: 'Longitude', personal: false, dimension: true },
  { name: 'latitude', type: 'double' as const, label: 'Latitude', personal: false, dimension: true },
];

/** The shipped deprivation file read independently of the hub (csv-parse). */
const fileRows = parse(readFileSync(SHIPPED), { columns: true }) as Record<string, string>[];
const byCode = new Map(fileRows.map((r) => [r.lsoa11cd, r]));
const winchester = fileRows.filter((r) => r.lad19cd === W);
const pop = (codes: string[], column = 'population_mid2015') => codes.reduce((n, c) => n + Number(byCode.get(c)![column]), 0);

describe('population and deprivation reference data, rates and the decile dimension', () => {
  let hub: TestHub;
  let owner: string;
  let aggregate: string;
  const [a, b, c] = winchester;
  /** A code from the 2021 series, with rows inside 2011 LSOA `c`. */
  const NEW_2021 = 'E01035001';

  beforeAll(async () => {
    hub = await createTestHub({ SHIPPED_BOUNDARIES: 'true' });
    const geography = await loadGeography(path.resolve('reference/boundaries'));
    let seed = 7;
    const rng = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const inC = () => randomPointIn(geography.lsoaByCode(c.lsoa11cd)!.feature, rng);
    const row = (lsoa: string | null, extra: FactoryRow = {}): FactoryRow => ({ month: '2025-07', district_code: W, district_name: 'Winchester', lsoa_code: lsoa, lsoa_name: lsoa ? byCode.get(lsoa)?.lsoa11nm ?? 'Elsewhere 001A' : null, category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', placement: 'lsoa', ...extra });
    const rows = [
      ...times(23, row(a.lsoa11cd)),
      ...times(7, row(b.lsoa11cd)),
      ...times(3, row(c.lsoa11cd)),
      ...Array.from({ length: 9 }, () => {
        const [longitude, latitude] = inC();
        return row(NEW_2021, { longitude, latitude, lsoa_name: 'Winchester 099Z' });
      }),
      ...times(4, row('E01031992', { lsoa_name: 'Wiltshire 062B' })),
      ...times(2, row('E01035002', { lsoa_name: 'Winchester 098Z' })),
      ...times(5, row(null, { placement: 'mapped' })),
    ];
    const dataset = await createDataset(hub, { slug: 'rates-test', extraColumns: COORDS, rows });
    await createGrant(hub, dataset, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W] });
    owner = (await signedInUser(hub, { organisation: 'hiow-constabulary' })).token;
    aggregate = (await signedInUser(hub, { organisation: 'winchester' })).token;
  });
  afterAll(() => hub?.close());

  const ask = async (token: string, body: object) => {
    const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send(body);
    expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ status: 200, body: null });
    return res.body as { rows: Record<string, unknown>[]; columns: { name: string; label: string }[] };
  };

  it('loads the shipped file at start as version 1, and reads back every figure of the file', async () => {
    const status = await hub.http().get('/api/reference').set('Authorization', `Bearer ${owner}`);
    expect(status.body).toMatchObject({ loaded: true, version: 1, source: 'imd2019-hampshire-iow.csv', lsoas: fileRows.length });
    expect(status.body.sha256).toBe(createHash('sha256').update(readFileSync(SHIPPED)).digest('hex'));
    expect(status.body.attribution).toMatch(/Open Government Licence/);
    const res = await hub.http().get('/api/reference/lsoas').set('Authorization', `Bearer ${owner}`);
    expect(res.body.lsoas).toHaveLength(1194);
    const back = (res.body.lsoas as Record<string, unknown>[]).map((l) => [l.code, l.name, l.districtCode, l.imdRank, l.imdDecile, l.population, l.children, l.aged16to59, l.older]);
    const file = fileRows.map((r) => [r.lsoa11cd, r.lsoa11nm, r.lad19cd, +r.imd_rank, +r.imd_decile, +r.population_mid2015, +r.children_0_15, +r.aged_16_59, +r.aged_60_plus]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(back).toEqual(file);
  });

  it('gives each group its rate per 1,000 from the released count, never the raw one', async () => {
    const { rows, columns } = await ask(aggregate, { dataset: 'rates-test', groupBy: ['lsoa11'], rate: 'all' });
    expect(columns.map((col) => col.name)).toEqual(['lsoa11_code', 'lsoa11_name', 'count', 'suppressed', 'population', 'rate_per_1000']);
    const got = new Map(rows.map((r) => [r.lsoa11_code, r]));
    // Raw counts 23 and 7 are released perturbed (within the answer's stated bound); the rate
    // follows the released figure, never the raw one.
    const bound = (await hub.http().post('/api/query').set('Authorization', `Bearer ${aggregate}`).send({ dataset: 'rates-test', groupBy: ['lsoa11'], rate: 'all' })).body.meta.suppression.maxError as number;
    const countA = got.get(a.lsoa11cd)!.count as number;
    expect(Math.abs(countA - 23)).toBeLessThanOrEqual(bound);
    expect(got.get(a.lsoa11cd)).toMatchObject({ population: +a.population_mid2015 });
    expect(got.get(a.lsoa11cd)!.rate_per_1000).toBeCloseTo((countA / +a.population_mid2015) * 1000, 2);
    expect(got.get(b.lsoa11cd)!.rate_per_1000).toBeCloseTo(((got.get(b.lsoa11cd)!.count as number) / +b.population_mid2015) * 1000, 2);
    // LSOA c: 3 own rows and 9 of the 2021 code inside it (best fit by location) = 12, released near 12.
    expect(Math.abs((got.get(c.lsoa11cd)!.count as number) - 12)).toBeLessThanOrEqual(bound);
    for (const r of rows) {
      if (r.count === null) expect(r.rate_per_1000).toBeNull();
      else if (r.population) expect(r.rate_per_1000).toBeCloseTo(((r.count as number) / (r.population as number)) * 1000, 2);
    }
  });

  it('uses children or older people as the denominator when asked, and the district total for a district', async () => {
    const { rows } = await ask(owner, { dataset: 'rates-test', groupBy: ['district'], rate: 'children' });
    expect(rows).toHaveLength(1);
    const children = pop(winchester.map((r) => r.lsoa11cd), 'children_0_15');
    expect(rows[0]).toMatchObject({ district_code: W, count: 53, population: children });
    expect(rows[0].rate_per_1000).toBeCloseTo((53 / children) * 1000, 2);
    const older = await ask(owner, { dataset: 'rates-test', groupBy: ['district'], rate: 'older' });
    expect(older.rows[0].population).toBe(pop(winchester.map((r) => r.lsoa11cd), 'aged_60_plus'));
  });

  it('maps 2021 codes to 2011 by the documented rule, and drops no row', async () => {
    const { rows } = await ask(owner, { dataset: 'rates-test', groupBy: ['lsoa', 'lsoa11'] });
    const fit = new Map(rows.map((r) => [r.lsoa_code, r.lsoa11_code]));
    expect(fit.get(a.lsoa11cd)).toBe(a.lsoa11cd);
    expect(fit.get(NEW_2021)).toBe(c.lsoa11cd);
    expect(fit.get('E01031992')).toBeNull();
    expect(fit.get('E01035002')).toBeNull();
    expect(rows.reduce((n, r) => n + (r.count as number), 0)).toBe(53);
    const status = await hub.http().get('/api/reference').set('Authorization', `Bearer ${owner}`);
    expect(status.body.bestFit).toEqual({ 'by location': 1, 'outside the area': 1, 'not known': 1 });
  });

  it('groups and filters by IMD decile, the population of each decile from the file', async () => {
    // Narrowed to Winchester, each decile's population is that of Winchester's LSOAs in it.
    const { rows } = await ask(owner, { dataset: 'rates-test', groupBy: ['decile'], areas: [W], rate: 'all' });
    expect(rows.filter((r) => r.imd_decile !== null).length).toBeGreaterThan(0);
    for (const r of rows.filter((r) => r.imd_decile !== null)) {
      const inDecile = winchester.filter((w) => +w.imd_decile === r.imd_decile).map((w) => w.lsoa11cd);
      expect({ decile: r.imd_decile, population: r.population }).toEqual({ decile: r.imd_decile, population: pop(inDecile) });
    }
    expect(rows.find((r) => r.imd_decile === null)).toMatchObject({ count: 11, population: null, rate_per_1000: null });
    const decile = +a.imd_decile;
    const filtered = await ask(owner, { dataset: 'rates-test', groupBy: ['district'], filters: [{ field: 'decile', op: 'eq', value: decile }], rate: 'all' });
    const same = winchester.filter((w) => +w.imd_decile === decile).map((w) => w.lsoa11cd);
    expect(filtered.rows[0].population).toBe(pop(same));
  });

  it("groups by best-fit ward, with each ward's population that of its 2011 LSOAs", async () => {
    const geography = await loadGeography(path.resolve('reference/boundaries'));
    const lookup = (await hub.http().get('/api/reference/lsoas').set('Authorization', `Bearer ${owner}`)).body.lsoas as { code: string; wardCode: string | null; population: number; districtCode: string }[];
    expect(lookup.every((l) => l.wardCode !== null)).toBe(true);
    const wardOf = new Map(lookup.map((l) => [l.code, l.wardCode!]));
    // Checked independently of the hub's grid: most random points inside LSOA a lie in its ward.
    let seed = 11;
    const rng = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const hits = Array.from({ length: 200 }, () => geography.wardAt(...randomPointIn(geography.lsoaByCode(a.lsoa11cd)!.feature, rng))?.code);
    expect(hits.filter((w) => w === wardOf.get(a.lsoa11cd)).length).toBeGreaterThan(100);

    const { rows, columns } = await ask(owner, { dataset: 'rates-test', groupBy: ['ward'], rate: 'all' });
    expect(columns.map((col) => col.name)).toEqual(['ward_code', 'ward_name', 'count', 'population', 'rate_per_1000']);
    const got = new Map(rows.map((r) => [r.ward_code, r]));
    const wardA = got.get(wardOf.get(a.lsoa11cd)!)!;
    expect(wardA.ward_name).toBe(geography.wards.find((w) => w.code === wardOf.get(a.lsoa11cd))!.name);
    const inWardA = lookup.filter((l) => l.wardCode === wardA.ward_code);
    expect(wardA.population).toBe(inWardA.reduce((n, l) => n + l.population, 0));
    expect(wardA.rate_per_1000).toBeCloseTo(((wardA.count as number) / (wardA.population as number)) * 1000, 2);
    // No row is dropped: rows whose LSOA has no 2011 fit are in the "not known" ward.
    expect(rows.reduce((n, r) => n + (r.count as number), 0)).toBe(53);
    expect(got.get(null)).toMatchObject({ count: 11, population: null, rate_per_1000: null });
    // A filter on a ward narrows the rows and the population alike.
    const one = await ask(owner, { dataset: 'rates-test', groupBy: ['district'], filters: [{ field: 'ward', op: 'eq', value: wardA.ward_code }], rate: 'all' });
    expect(one.rows[0]).toMatchObject({ count: wardA.count, population: wardA.population });
  });

  it('refuses a rate without a count, and a rate on rows', async () => {
    for (const body of [{ dataset: 'rates-test', fields: ['month'], rate: 'all' }, { dataset: 'rates-test', rate: 'everyone', groupBy: ['district'] }]) {
      const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${owner}`).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_query');
    }
  });

  it('replaces the file with a newer one of the same shape, refuses a bad one and keeps the old', async () => {
    const service = hub.app.get(ReferenceDataService);
    expect((await service.load(SHIPPED)).changed).toBe(false);
    const lines = readFileSync(SHIPPED, 'utf8').trim().split(/\r?\n/);
    const [first, ...rest] = lines[1].split(',');
    const changed = [first, ...rest.slice(0, 4), '1', '2000', '500', '1000', '500'].join(',');
    const newer = path.join(hub.dir, 'imd-newer.csv');
    writeFileSync(newer, [lines[0], changed, ...lines.slice(2)].join('\n'));
    const loaded = await service.load(newer);
    expect(loaded).toMatchObject({ changed: true, version: { version: 2, rows: 1194 } });
    const profile = (await service.snapshot())!.byCode.get(first)!;
    expect(profile).toMatchObject({ imdDecile: 1, population: { all: 2000, children: 500 } });
    const bad = path.join(hub.dir, 'imd-bad.csv');
    writeFileSync(bad, [lines[0], lines[1].replace(/,(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)$/, ',$1,11,$3,$4,$5,$6'), ...lines.slice(2)].join('\n'));
    await expect(service.load(bad)).rejects.toThrow(/Line 2, imd_decile: 11 is not between 1 and 10.*Nothing was changed/);
    expect((await service.snapshot())!.version.version).toBe(2);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { LAST_2011_LSOA_CODE } from '../../src/reference/lsoa-best-fit.js';
import { loadFile } from '../ingest/ingest-helpers.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const reference = process.env.REFERENCE_DATA_DIR;
const describeWithReference = reference ? describe : describe.skip;
if (!reference) {
  // eslint-disable-next-line no-console
  console.log('Skipping test/reference/lsoa-best-fit-police-uk.test.ts: set REFERENCE_DATA_DIR (e.g. ../shared/data) to map the real police.uk LSOA codes.');
}

const FILES = ['2017-02-hampshire-street.csv', '2022-02-hampshire-street.csv'];

/**
 * The documented 2021 → 2011 rule on the real police.uk sample: every row is kept, each LSOA code
 * maps by the rule its code calls for, and the counts per rule are the ones docs/reference-data.md states.
 */
describeWithReference('LSOA best fit on the real police.uk files (REFERENCE_DATA_DIR)', () => {
  let hub: TestHub;
  let token: string;
  const dir = path.resolve(reference ?? '.');
  const file2011 = new Set((parse(readFileSync(path.resolve('reference/deprivation/imd2019-hampshire-iow.csv')), { columns: true }) as { lsoa11cd: string }[]).map((r) => r.lsoa11cd));
  const police = FILES.flatMap((f) => parse(readFileSync(path.join(dir, 'police-uk', f)), { columns: true }) as Record<string, string>[]);

  beforeAll(async () => {
    hub = await createTestHub({ SHIPPED_BOUNDARIES: 'true' });
    for (const f of FILES) {
      const load = await loadFile(hub, 'police-uk-street', path.join(dir, 'police-uk', f));
      expect(load.status).toBe(LoadStatus.Succeeded);
    }
    token = (await signedInUser(hub, { organisation: 'hiow-constabulary' })).token;
  }, 120_000);
  afterAll(() => hub?.close());

  it('maps each code by the rule, keeps every row, and counts the rows each rule touches', async () => {
    const res = await hub.http().post('/api/query').set('Authorization', `Bearer ${token}`).send({ dataset: 'police-uk-street', groupBy: ['lsoa', 'lsoa11'] });
    expect(res.status).toBe(200);
    const rows = res.body.rows as { lsoa_code: string | null; lsoa11_code: string | null; count: number }[];
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(police.length);

    const byRule = { sameCode: 0, outside: 0, byLocation: 0, notKnown: 0, noCode: 0 };
    for (const r of rows) {
      if (r.lsoa_code === null) {
        byRule.noCode += r.count;
        expect(r.lsoa11_code).toBeNull();
      } else if (file2011.has(r.lsoa_code)) {
        byRule.sameCode += r.count;
        expect(r.lsoa11_code).toBe(r.lsoa_code);
      } else if (r.lsoa_code <= LAST_2011_LSOA_CODE) {
        byRule.outside += r.count;
        expect(r.lsoa11_code).toBeNull();
      } else if (r.lsoa11_code) {
        byRule.byLocation += r.count;
        expect(file2011.has(r.lsoa11_code)).toBe(true);
      } else byRule.notKnown += r.count;
    }
    // Worked out from the files themselves, independently of the hub.
    const code = (r: Record<string, string>) => r['LSOA code'] || null;
    expect(byRule).toEqual({
      sameCode: police.filter((r) => code(r) && file2011.has(code(r)!)).length,
      outside: police.filter((r) => code(r) && !file2011.has(code(r)!) && code(r)! <= LAST_2011_LSOA_CODE).length,
      byLocation: 0,
      notKnown: police.filter((r) => code(r) && code(r)! > LAST_2011_LSOA_CODE).length,
      noCode: police.filter((r) => !code(r)).length,
    });
    // The sample as published: no 2021-only codes; 34 rows in 34 LSOAs of neighbouring districts.
    expect(byRule.outside).toBe(34);
    expect(byRule.notKnown).toBe(0);

    const status = await hub.http().get('/api/reference').set('Authorization', `Bearer ${token}`);
    const outsideCodes = new Set(police.map(code).filter((c) => c && !file2011.has(c) && c <= LAST_2011_LSOA_CODE));
    expect(status.body.bestFit).toEqual({ 'outside the area': outsideCodes.size });
  });
});

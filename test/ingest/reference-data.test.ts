import { readdirSync } from 'node:fs';
import path from 'node:path';
import { GeographyService } from '../../src/ingest/geography.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, loadFile, tableRows, writeFixture } from './ingest-helpers.js';

const reference = process.env.REFERENCE_DATA_DIR;
const describeWithReference = reference ? describe : describe.skip;
if (!reference) {
  // eslint-disable-next-line no-console
  console.log('Skipping test/ingest/reference-data.test.ts: set REFERENCE_DATA_DIR (e.g. ../shared/data) to load the real police.uk files and boundaries.');
}

/** The real police.uk files and ONS boundaries in REFERENCE_DATA_DIR load cleanly. */
describeWithReference('real police.uk files and boundaries (REFERENCE_DATA_DIR)', () => {
  let hub: TestHub;
  const dir = path.resolve(reference ?? '.');

  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub?.close());

  it('loads the ONS boundaries as reference data', async () => {
    const summary = await hub.app.get(GeographyService).importFolder(path.join(dir, 'boundaries'));
    expect(summary.districts).toBe(14);
    expect(summary.lsoas).toBeGreaterThan(1000);
    expect(summary.wards).toBeGreaterThan(200);
  });

  it('loads every street file: nothing rejected, rows outside the force area and without a location kept and flagged', async () => {
    const files = readdirSync(path.join(dir, 'police-uk')).filter((f) => f.endsWith('-street.csv')).sort();
    expect(files.length).toBeGreaterThan(0);
    let total = 0;
    for (const name of files) {
      const load = await loadFile(hub, 'police-uk-street', path.join(dir, 'police-uk', name));
      expect({ name, status: load.status, error: load.error, rejected: load.rowsRejected }).toEqual({ name, status: LoadStatus.Succeeded, error: null, rejected: 0 });
      expect(load.rowsLoaded).toBe(load.rowsRead);
      total += load.rowsLoaded;
    }
    expect(await countRows(hub, 'police-uk-street')).toBe(total);
    const outside = await countRows(hub, 'police-uk-street', "placement = 'unplaced' AND lsoa_name IS NOT NULL");
    const noLocation = await countRows(hub, 'police-uk-street', 'lsoa_code IS NULL');
    expect(outside).toBeGreaterThan(0);
    expect(noLocation).toBeGreaterThan(0);
    expect(await countRows(hub, 'police-uk-street', "placement = 'lsoa' AND district_code IS NOT NULL")).toBeGreaterThan(total * 0.9);
    const [winchester] = await tableRows(hub, 'police-uk-street', "lsoa_name = 'Winchester 001A'");
    expect(winchester.district_code).toBe('E07000094');
  });

  it('places stop and search rows by point in polygon', async () => {
    const header = 'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing';
    const rows = [
      'Person search,2022-02-01T09:30:00+00:00,False,,51.0632,-1.3137,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,False,False',
      'Person search,2022-02-02T10:00:00+00:00,False,,50.7989,-1.0912,Female,25-34,,,Police and Criminal Evidence Act 1984 (section 1),Stolen goods,Arrest,True,False',
      'Vehicle search,2022-02-03T11:00:00+00:00,,,,,Male,over 34,,,Police and Criminal Evidence Act 1984 (section 1),Article for use in theft,A no further action disposal,,',
    ];
    const load = await loadFile(hub, 'police-uk-stop-search', writeFixture(hub, 'stop-search.csv', [header, ...rows].join('\n')));
    expect(load.status).toBe(LoadStatus.Succeeded);
    const loaded = await tableRows(hub, 'police-uk-stop-search');
    expect(loaded.map((r) => [r.district_code, r.placement])).toEqual([
      ['E07000094', 'coordinates'],
      ['E06000044', 'coordinates'],
      [null, 'unplaced'],
    ]);
  });
});

import path from 'node:path';
import { readFileSync } from 'node:fs';
import { generateDataset, type Manifest } from '../../etl/generate/index.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, datasetRow, loadFile, operator, rollupDifferences, STREET_HEADER, streetRow, tableRows, writeFixture } from './ingest-helpers.js';

describe('police.uk street files', () => {
  let hub: TestHub;
  let manifest: Manifest;
  let dir: string;

  beforeAll(async () => {
    hub = await createTestHub();
    dir = path.join(hub.dir, 'generated');
    manifest = await generateDataset({ out: dir, months: 2, rowsPerMonth: 400, seed: 'police-street-test', policeOnly: true, outcomes: true });
  });
  afterAll(() => hub?.close());

  it('loads a generated month: every row accounted for, districts as the generator placed them', async () => {
    const file = manifest.files.find((f) => f.kind === 'police-street')!;
    const load = await loadFile(hub, 'police-uk-street', path.join(dir, file.path));
    expect(load.error).toBeNull();
    expect(load.status).toBe(LoadStatus.Succeeded);
    expect(load.rowsRead).toBe(file.rows);
    expect(load.rowsLoaded + load.rowsRejected).toBe(load.rowsRead);
    expect(load.rowsRejected).toBe(0);
    const rows = await tableRows(hub, 'police-uk-street', '_load_id = $1', [load.id]);
    expect(rows).toHaveLength(file.rows);
    const byDistrict: Record<string, number> = {};
    for (const r of rows) {
      const key = (r.district_code as string | null) ?? (r.lsoa_name ? 'outside' : 'none');
      byDistrict[key] = (byDistrict[key] ?? 0) + 1;
    }
    expect(byDistrict).toEqual(file.summary!.districts);
    const types: Record<string, number> = {};
    for (const r of rows) types[r.category as string] = (types[r.category as string] ?? 0) + 1;
    expect(types).toEqual(file.summary!.crimeTypes);
    expect(new Set(rows.map((r) => r._source_row))).toHaveProperty('size', file.rows);
    const asb = rows.find((r) => r.category === 'Anti-social behaviour')!;
    expect(asb.category_group).toBe('Anti-social behaviour');
    expect(asb.crime_id).toBeNull();
    const dataset = await datasetRow(hub, 'police-uk-street');
    expect(dataset.rowCount).toBe(file.rows);
    expect(dataset.minMonth).toBe(`${file.month}-01`);
    expect(dataset.version).toBeGreaterThan(0);
    expect(dataset.lastLoadedAt).not.toBeNull();
  });

  it('records the same file again as a duplicate and adds nothing', async () => {
    const file = manifest.files.find((f) => f.kind === 'police-street')!;
    const before = await countRows(hub, 'police-uk-street');
    const again = await loadFile(hub, 'police-uk-street', path.join(dir, file.path));
    expect(again.status).toBe(LoadStatus.Duplicate);
    expect(again.duplicateOf).not.toBeNull();
    expect(await countRows(hub, 'police-uk-street')).toBe(before);
  });

  it('replace-month swaps a republished month, and rolling the republication back restores the first', async () => {
    const month = '2030-01';
    const first = writeFixture(hub, `${month}-first.csv`, [STREET_HEADER, ...Array.from({ length: 5 }, (_, i) => streetRow({ month, id: `first-${i}`, type: 'Burglary' }))].join('\n') + '\n');
    const second = writeFixture(hub, `${month}-second.csv`, [STREET_HEADER, ...Array.from({ length: 3 }, (_, i) => streetRow({ month, id: `second-${i}`, type: 'Robbery' }))].join('\n') + '\n');
    const a = await loadFile(hub, 'police-uk-street', first);
    expect(a.status).toBe(LoadStatus.Succeeded);
    const otherMonths = await countRows(hub, 'police-uk-street', "month <> DATE '2030-01-01'");
    const b = await loadFile(hub, 'police-uk-street', second);
    expect(b.status).toBe(LoadStatus.Succeeded);
    expect(b.rowsReplaced).toBe(5);
    const rows = await tableRows(hub, 'police-uk-street', "month = DATE '2030-01-01'");
    expect(rows.map((r) => r.crime_id).sort()).toEqual(['second-0', 'second-1', 'second-2']);
    expect(await countRows(hub, 'police-uk-street', "month <> DATE '2030-01-01'")).toBe(otherMonths);
    expect(await rollupDifferences(hub, 'police-uk-street')).toBe(0);

    const versionBefore = (await datasetRow(hub, 'police-uk-street')).version;
    const rolled = await hub.app.get(LoadsService).rollback(null, b.id, null);
    expect(rolled.status).toBe(LoadStatus.RolledBack);
    const restored = await tableRows(hub, 'police-uk-street', "month = DATE '2030-01-01'");
    expect(restored.map((r) => r.crime_id).sort()).toEqual(['first-0', 'first-1', 'first-2', 'first-3', 'first-4']);
    const dataset = await datasetRow(hub, 'police-uk-street');
    expect(dataset.version).toBe(versionBefore + 1);
    expect(dataset.rowCount).toBe(await countRows(hub, 'police-uk-street'));
    expect(await rollupDifferences(hub, 'police-uk-street')).toBe(0);
  });

  it('rollback removes exactly the load’s rows', async () => {
    const file = manifest.files.filter((f) => f.kind === 'police-street')[1];
    const before = await countRows(hub, 'police-uk-street');
    const load = await loadFile(hub, 'police-uk-street', path.join(dir, file.path));
    expect(load.status).toBe(LoadStatus.Succeeded);
    expect(await countRows(hub, 'police-uk-street')).toBe(before + file.rows);
    await hub.app.get(LoadsService).rollback(null, load.id, null);
    expect(await countRows(hub, 'police-uk-street')).toBe(before);
    expect(await countRows(hub, 'police-uk-street', '_load_id = $1', [load.id])).toBe(0);
    expect(await rollupDifferences(hub, 'police-uk-street')).toBe(0);
    // Rolled back, the same file may be loaded again.
    const again = await loadFile(hub, 'police-uk-street', path.join(dir, file.path));
    expect(again.status).toBe(LoadStatus.Succeeded);
    void readFileSync;
  });

  it('loads generated outcomes files through the outcomes feed', async () => {
    const file = manifest.files.find((f) => f.kind === 'police-outcomes')!;
    const load = await loadFile(hub, 'police-uk-outcomes', path.join(dir, file.path));
    expect({ status: load.status, error: load.error }).toEqual({ status: LoadStatus.Succeeded, error: null });
    expect(load.rowsLoaded + load.rowsRejected).toBe(file.rows);
    expect(load.rowsRejected).toBe(0);
    const rows = await tableRows(hub, 'police-uk-outcomes', '_load_id = $1', [load.id]);
    expect(rows.every((r) => r.category_group === 'Outcome' && typeof r.crime_id === 'string')).toBe(true);
  });

  it('loads stop and search files; without boundaries loaded, rows with only coordinates are flagged unplaced, not dropped', async () => {
    const header = 'Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing';
    const rows = [
      'Person search,2030-02-01T09:30:00+01:00,False,,51.0632,-1.3137,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,False,False',
      'Vehicle search,2030-02-28T23:30:00+00:00,True,Op Example,,,Male,over 34,,,Police and Criminal Evidence Act 1984 (section 1),Article for use in theft,Arrest,True,',
      'Person search,not a date,False,,51.0,-1.3,Male,18-24,,,x,y,z,,',
    ];
    const load = await loadFile(hub, 'police-uk-stop-search', writeFixture(hub, 'ss.csv', [header, ...rows].join('\n')));
    expect([load.status, load.rowsRead, load.rowsLoaded, load.rowsRejected]).toEqual([LoadStatus.Succeeded, 3, 2, 1]);
    const loaded = await tableRows(hub, 'police-uk-stop-search', '_load_id = $1', [load.id]);
    expect(loaded.map((r) => r.placement)).toEqual(['unplaced', 'unplaced']);
    expect(loaded.map((r) => (r.searched_at as Date).toISOString())).toEqual(['2030-02-01T08:30:00.000Z', '2030-02-28T23:30:00.000Z']);
    expect(loaded.map((r) => r.part_of_operation)).toEqual([false, true]);
    expect(loaded.map((r) => r.category)).toEqual(['Controlled drugs', 'Article for use in theft']);
  });
});

import { parse } from 'csv-parse/sync';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGeography, type Geography } from '../geography/index.js';
import { generateDataset } from './generate-dataset.js';

const referenceDir = process.env.REFERENCE_DATA_DIR;
const describeReal = referenceDir ? describe : describe.skip;
if (!referenceDir) console.warn('Skipping generator tests on the real boundaries: set REFERENCE_DATA_DIR (e.g. ../shared/data) to run them.');

describeReal('generateDataset with the real boundaries', () => {
  let dir: string;
  let geo: Geography;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'generate-real-'));
    geo = await loadGeography(path.join(referenceDir!, 'boundaries'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('uses real LSOA codes and names, with coordinates inside those LSOAs', async () => {
    const manifest = await generateDataset({ out: dir, months: 1, rowsPerMonth: 5000, seed: 3, geography: geo, policeOnly: true });
    expect(manifest.geography).toBe('boundaries');
    const rows: Record<string, string>[] = parse(await readFile(path.join(dir, manifest.files[0].path)), { columns: true });
    let inForce = 0;
    for (const r of rows) {
      const lsoa = geo.lsoaByCode(r['LSOA code']);
      if (!lsoa) continue;
      inForce++;
      expect(lsoa.name).toBe(r['LSOA name']);
      expect(geo.placePoint(Number(r.Longitude), Number(r.Latitude))?.lsoaCode).toBe(lsoa.code);
    }
    expect(inForce).toBeGreaterThan(4900);
  });
});

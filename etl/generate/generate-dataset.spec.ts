import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { districtFromLsoaName } from '../geography/lsoa-name.js';
import { generateDataset } from './generate-dataset.js';
import type { Manifest } from './manifest.js';
import { PARTNER_STYLES } from './partner-styles.js';
import { CRIME_TYPE_SHARES, STREET_HEADER } from './police-reference.js';

const options = { months: 8, rowsPerMonth: 3000, seed: 'spec', start: '2024-01', casesPerMonth: 300, outcomes: true };

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.xlsx')) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}

describe('generateDataset', () => {
  let dir: string;
  let manifest: Manifest;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'generate-'));
    manifest = await generateDataset({ ...options, out: path.join(dir, 'a') });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is deterministic: the same seed gives identical bytes, another seed different ones', async () => {
    await generateDataset({ ...options, out: path.join(dir, 'b') });
    await generateDataset({ ...options, seed: 'other', out: path.join(dir, 'c') });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => digest(path.join(dir, d))));
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(b).toEqual(a);
    expect(c['2024-01-hampshire-street.csv']).not.toBe(a['2024-01-hampshire-street.csv']);
  });

  it('writes police.uk street files with the exact header, row counts and parseable rows', async () => {
    const streets = manifest.files.filter((f) => f.kind === 'police-street');
    expect(streets.map((f) => f.path)).toEqual(
      ['01', '02', '03', '04', '05', '06', '07', '08'].map((m) => `2024-${m}-hampshire-street.csv`),
    );
    const text = await readFile(path.join(dir, 'a', '2024-07-hampshire-street.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(STREET_HEADER);
    expect(text).not.toContain('\r');
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows).toHaveLength(3000);
    const types = new Set(CRIME_TYPE_SHARES.map(([t]) => t));
    for (const r of rows) {
      expect(types.has(r['Crime type'])).toBe(true);
      expect(r.Month).toBe('2024-07');
      expect(r['Falls within']).toBe('Hampshire Constabulary');
      if (r['Crime type'] === 'Anti-social behaviour') expect(r['Crime ID'] + r['Last outcome category']).toBe('');
      else expect(r['Crime ID']).toMatch(/^[0-9a-f]{64}$/);
      if (r.Location === 'No Location') expect(r.Longitude + r.Latitude + r['LSOA code']).toBe('');
      else {
        expect(r.Location).toMatch(/^On or near /);
        expect(r.Longitude).toMatch(/^-\d\.\d{6}$/);
        expect(r['LSOA name']).toMatch(/ \d{3}[A-Z]$/);
      }
    }
    const summary = streets[6].summary!;
    expect(Object.values(summary.crimeTypes).reduce((a, b) => a + b, 0)).toBe(3000);
    expect(rows.filter((r) => r.Location === 'No Location')).toHaveLength(summary.noLocation);
    const outside = rows.filter((r) => r['LSOA name'] && !districtFromLsoaName(r['LSOA name']));
    expect(outside).toHaveLength(summary.outOfForce);
    expect(summary.outOfForce).toBeGreaterThan(0);
    expect(rows.filter((r) => districtFromLsoaName(r['LSOA name']) === 'E06000045')).toHaveLength(summary.districts.E06000045);
  });

  it('has more ASB in summer than in winter', () => {
    const asb = (m: string) => manifest.files.find((f) => f.month === m && f.kind === 'police-street')!.summary!.crimeTypes['Anti-social behaviour'];
    expect(asb('2024-07')).toBeGreaterThan(asb('2024-01') * 1.3);
  });

  it('writes style A as UTF-8 with BOM, comma, dd/MM/yyyy dates and a footer', async () => {
    const file = manifest.files.find((f) => f.organisation === 'winchester')!;
    expect(file).toMatchObject({ style: 'A', encoding: 'utf-8-bom', delimiter: ',', footerLines: 1 });
    const bytes = await readFile(path.join(dir, 'a', file.path));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines.at(-1)).toMatch(/^Exported \d{2}\/\d{2}\/\d{4}: \d+ records$/);
    const rows: string[][] = parse(lines.slice(0, -1).join('\r\n'));
    expect(rows[0]).toEqual(PARTNER_STYLES.A.summary.columns);
    expect(rows).toHaveLength(file.rows + 1);
    for (const r of rows.slice(1)) {
      expect(r[1]).toMatch(/^(0[1-9]|[12]\d|3[01])\/(0[1-9]|1[0-2])\/2024$/);
      expect(Object.keys(PARTNER_STYLES.A.summary.categories)).toContain(r[3]);
    }
  });

  it('writes style B in Windows-1252 with semicolons and ISO dates; accented names survive', async () => {
    const file = manifest.files.find((f) => f.organisation === 'portsmouth')!;
    expect(file).toMatchObject({ style: 'B', encoding: 'windows-1252', delimiter: ';' });
    const bytes = await readFile(path.join(dir, 'a', file.path));
    expect(bytes.toString('utf8')).toContain('\uFFFD'); // not valid UTF-8
    const rows: string[][] = parse(iconv.decode(bytes, 'win1252'), { delimiter: ';' });
    expect(rows[0]).toEqual(PARTNER_STYLES.B.summary.columns);
    expect(rows).toHaveLength(file.rows + 1);
    const names = rows.slice(1).map((r) => `${r[9]} ${r[8]}`);
    expect(names.some((n) => /[éëèáóñüåÅ]/.test(n))).toBe(true);
    for (const r of rows.slice(1)) expect(r[1]).toMatch(/^2024-(0[1-9]|1[0-2])-\d{2}$/);
  });

  it('writes style C as an XLSX workbook with date cells', async () => {
    const file = manifest.files.find((f) => f.kind === 'housing-asb')!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'a', file.path));
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('ASB cases');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(PARTNER_STYLES.C.summary.columns);
    expect(sheet.rowCount).toBe(file.rows + 1);
    expect(sheet.getRow(2).getCell(2).value).toBeInstanceOf(Date);
    expect(['Personal', 'Nuisance', 'Environmental']).toContain(sheet.getRow(2).getCell(4).value);
  });

  it('plants repeat victims across partners, spelled differently, and namesakes who are someone else', async () => {
    const victims = manifest.planted.people.filter((p) => p.kind === 'repeat-victim');
    expect(victims.length).toBeGreaterThanOrEqual(8);
    const zoe = victims.find((p) => p.firstName === 'Zoë' && p.lastName === "O'Brien")!;
    expect(zoe.appearances.length).toBeGreaterThanOrEqual(3);
    for (const v of victims) {
      expect(new Set(v.appearances.map((a) => a.file)).size).toBe(2);
      const dates = v.appearances.map((a) => Date.parse(a.incidentDate)).sort();
      expect(dates.at(-1)! - dates[0]).toBeLessThan(200 * 86_400_000);
    }
    expect(victims.some((v) => new Set(v.appearances.map((a) => a.asWritten)).size > 1)).toBe(true);
    const namesakes = manifest.planted.people.filter((p) => p.kind === 'namesake');
    expect(namesakes.length).toBeGreaterThan(0);
    for (const n of namesakes) {
      const twin = victims.find((v) => v.id === n.notSameAs[0])!;
      expect([twin.firstName, twin.lastName]).toEqual([n.firstName, n.lastName]);
      expect(twin.dob).not.toBe(n.dob);
      expect(twin.notSameAs).toContain(n.id);
    }
    // Each recorded appearance is really in that file, at that data row.
    for (const person of manifest.planted.people) {
      for (const a of person.appearances.filter((x) => !x.file.endsWith('.xlsx'))) {
        const f = manifest.files.find((x) => x.path === a.file)!;
        const bytes = await readFile(path.join(dir, 'a', a.file));
        const text = f.encoding === 'windows-1252' ? iconv.decode(bytes, 'win1252') : bytes.toString('utf8').replace(/^\uFEFF/, '');
        const rows: string[][] = parse(text, { delimiter: f.delimiter, relax_column_count: true });
        const row = rows[a.row];
        expect(row[0]).toBe(a.caseRef);
        expect(row.join('|')).toContain(a.dobAsWritten);
      }
    }
    const locations = manifest.planted.locations;
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) expect(new Set(l.appearances.map((a) => a.file)).size).toBe(2);
  });

  it('writes about forty PCC plan projects and records every file in the manifest', async () => {
    const pcc = manifest.files.find((f) => f.kind === 'pcc-projects')!;
    const rows: Record<string, string>[] = parse(await readFile(path.join(dir, 'a', pcc.path)), { columns: true });
    expect(rows.length).toBeGreaterThanOrEqual(35);
    for (const r of rows) {
      expect(['completed', 'current', 'candidate']).toContain(r.Status);
      expect(r['Forecast End']).toMatch(/^\d{4} Q[1-4]$/);
    }
    const saved = JSON.parse(await readFile(path.join(dir, 'a', 'manifest.json'), 'utf8'));
    expect(saved).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(manifest.files.filter((f) => f.kind === 'police-outcomes')).toHaveLength(8);
  });
});

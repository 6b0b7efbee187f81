import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ASB_SEASONALITY } from './police-reference.js';
import { CASE_KINDS, describe, type AsbCase, type CaseKind } from './asb-case.js';
import { randomAddress } from './addresses.js';
import { csvLine, isoDate } from './csv-format.js';
import type { Catalogue } from './lsoa-catalogue.js';
import type { Appearance, ManifestFile } from './manifest.js';
import type { Partner } from './partners.js';
import { PARTNER_STYLES, type PartnerStyle } from './partner-styles.js';
import { randomPerson, seededFaker, stripAccents } from './people.js';
import type { PlannedCase, PlantedPlan } from './planted-plan.js';
import { Rng, WeightedPicker } from './prng.js';
import { TextFileWriter } from './text-file-writer.js';

export interface PartnerFileOptions {
  partner: Partner;
  months: readonly string[];
  casesPerMonth: number;
  outDir: string;
  rng: Rng;
  catalogue: Catalogue;
  plan: PlantedPlan;
}

const kindPicker = new WeightedPicker((Object.keys(CASE_KINDS) as CaseKind[]).map((k) => [k, CASE_KINDS[k].weight] as const));

/** Writes one partner's ASB case export for the whole period and records planted rows in the plan. */
export async function writePartnerFile(options: PartnerFileOptions): Promise<ManifestFile> {
  const { partner } = options;
  const style = PARTNER_STYLES[partner.style];
  const file = path.join(options.outDir, partner.file);
  await mkdir(path.dirname(file), { recursive: true });
  const sink = style.encoding === 'xlsx' ? await xlsxSink(file, style, options.months[0]) : csvSink(file, style);
  const rows = await writeCases(options, style, sink);
  await sink.close(rows, exportDate(options.months));
  return {
    path: partner.file,
    kind: partner.style === 'C' ? 'housing-asb' : 'council-asb',
    style: style.id,
    organisation: partner.slug,
    rows,
    encoding: style.encoding,
    ...(style.encoding === 'xlsx' ? {} : { delimiter: style.delimiter }),
    ...(style.footer ? { footerLines: 1 } : {}),
  };
}

interface RowSink {
  write(values: ReturnType<PartnerStyle['row']>): Promise<void>;
  close(rows: number, exported: Date): Promise<void>;
}

async function writeCases(options: PartnerFileOptions, style: PartnerStyle, sink: RowSink): Promise<number> {
  const { partner, catalogue, plan } = options;
  const rng = options.rng.fork(`partner:${partner.slug}`);
  const faker = seededFaker(rng.fork('faker'));
  const districts = partner.districts.map((code) => catalogue.districts.find((d) => d.profile.code === code)!);
  const districtPicker = new WeightedPicker(districts.map((d) => [d, d.profile.population] as const));
  let row = 0;
  let seq = 0;
  for (const [m, month] of options.months.entries()) {
    const [year, mon] = month.split('-').map(Number);
    const mean = options.casesPerMonth * partner.share * ASB_SEASONALITY[mon - 1];
    const randomCount = Math.round(mean * (0.85 + 0.3 * rng.next()));
    const order: (PlannedCase | null)[] = new Array(randomCount).fill(null);
    for (const p of plan.cases.get(`${partner.slug}|${m}`) ?? []) order.splice(rng.int(order.length + 1), 0, p);
    for (const p of order) {
      const ref = caseRef(partner, year, ++seq);
      const c = p ? plannedCase(p, ref, year, mon, rng) : randomCase(rng, faker, districtPicker.pick(rng), ref, year, mon);
      row++;
      await sink.write(style.row(c));
      if (p) record(plan, p, partner.file, row, c, style);
    }
  }
  return row;
}

function caseRef(partner: Partner, year: number, seq: number): string {
  const n = String(seq).padStart(6, '0');
  if (partner.style === 'A') return `${partner.refPrefix}/ASB/${year}/${n}`;
  if (partner.style === 'B') return `${partner.refPrefix}-${year}${n}`;
  return `${partner.refPrefix}-T${n}`;
}

function dayOf(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, Math.min(day, 28)));
}

function reportedAfter(rng: Rng, incident: Date): Date {
  return new Date(incident.getTime() + (rng.chance(0.6) ? 0 : rng.between(1, 14)) * 86_400_000);
}

function randomCase(rng: Rng, faker: ReturnType<typeof seededFaker>, district: Catalogue['districts'][number], ref: string, year: number, month: number): AsbCase {
  const kind = kindPicker.pick(rng);
  const incident = dayOf(year, month, rng.between(1, 28));
  const address = randomAddress(rng, district);
  const anonymous = CASE_KINDS[kind].category === 'Environmental' && rng.chance(0.5);
  return {
    ref, kind, incident, reported: reportedAfter(rng, incident), districtCode: district.profile.code, ward: address.ward,
    address: address.line, postcode: address.postcode, victim: anonymous ? null : randomPerson(faker, rng, incident),
    vulnerable: rng.chance(0.12), description: describe(rng, kind),
  };
}

function plannedCase(p: PlannedCase, ref: string, year: number, month: number, rng: Rng): AsbCase {
  const incident = dayOf(year, month, p.day);
  return {
    ref, kind: p.kind, incident, reported: reportedAfter(rng, incident), districtCode: p.address.districtCode, ward: p.address.ward,
    address: p.address.line, postcode: p.address.postcode, victim: p.victim, vulnerable: p.vulnerable, description: describe(rng, p.kind),
    planted: { personId: p.personId, locationId: p.locationId, nameVariant: p.nameVariant, addressVariant: p.addressVariant },
  };
}

function record(plan: PlantedPlan, p: PlannedCase, file: string, row: number, c: AsbCase, style: PartnerStyle): void {
  const base: Omit<Appearance, 'asWritten'> = { file, row, caseRef: c.ref, incidentDate: isoDate(c.incident) };
  if (p.personId) {
    plan.people.find((x) => x.id === p.personId)!.appearances.push({ ...base, asWritten: style.nameAsWritten(c), dobAsWritten: style.dobAsWritten(c) });
  }
  if (p.locationId) plan.locations.find((x) => x.id === p.locationId)!.appearances.push({ ...base, asWritten: style.addressAsWritten(c) });
}

/** The date an export is stamped with: the day after the last month ends, so reruns are identical. */
function exportDate(months: readonly string[]): Date {
  const [y, m] = months[months.length - 1].split('-').map(Number);
  return new Date(Date.UTC(y, m, 1));
}

/** Windows-1252 cannot hold every character; fall back to the unaccented letter rather than "?". */
function encodable(text: string): string {
  return iconv.decode(iconv.encode(text, 'win1252'), 'win1252') === text ? text : stripAccents(text);
}

function csvSink(file: string, style: PartnerStyle): RowSink {
  const out = new TextFileWriter(file, style.encoding as 'utf-8' | 'utf-8-bom' | 'windows-1252', style.eol);
  out.line(csvLine(style.summary.columns, style.delimiter));
  const cp1252 = style.encoding === 'windows-1252';
  return {
    async write(values) {
      const line = csvLine(values.map((v) => (v instanceof Date ? isoDate(v) : typeof v === 'boolean' ? (v ? 'Y' : 'N') : v)), style.delimiter);
      if (out.line(cp1252 ? encodable(line) : line)) await out.flush();
    },
    async close(rows, exported) {
      if (style.footer) out.line(style.footer(rows, exported));
      await out.close();
    },
  };
}

/** Streams rows into an XLSX workbook (exceljs WorkbookWriter): a data sheet first, then a notes sheet. */
async function xlsxSink(file: string, style: PartnerStyle, firstMonth: string): Promise<RowSink> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const fixed = new Date(`${firstMonth}-01T00:00:00Z`);
  workbook.creator = 'csp-hub synthetic data';
  workbook.created = fixed;
  workbook.modified = fixed;
  const sheet = workbook.addWorksheet('ASB cases');
  sheet.columns = style.summary.columns.map((header) => ({
    header,
    width: Math.max(12, header.length + 2),
    style: /DOB|Opened/.test(header) ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  return {
    async write(values) {
      sheet.addRow(values).commit();
    },
    async close(rows, exported) {
      await sheet.commit();
      const notes = workbook.addWorksheet('Notes');
      notes.addRow(['Solent Housing Association ASB case extract']).commit();
      notes.addRow(['Rows', rows]).commit();
      notes.addRow(['Extracted', exported]).commit();
      await notes.commit();
      await workbook.commit();
    },
  };
}

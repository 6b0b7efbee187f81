import path from 'node:path';
import type { CatalogueLsoa, Catalogue } from './lsoa-catalogue.js';
import type { ManifestFile } from './manifest.js';
import {
  ASB,
  ASB_SEASONALITY,
  CRIME_TYPE_SHARES,
  FORCE_NAME,
  NO_LOCATION_SHARE,
  OUTCOMES_HEADER,
  OUT_OF_FORCE_SHARE,
  PENDING_OUTCOMES,
  RECENT_MONTHS,
  RECENT_OUTCOMES,
  SETTLED_OUTCOMES,
  STREET_HEADER,
} from './police-reference.js';
import { Rng, WeightedPicker } from './prng.js';
import { TextFileWriter } from './text-file-writer.js';

export interface PoliceFilesOptions {
  months: readonly string[];
  rowsPerMonth: number;
  outDir: string;
  outcomes: boolean;
  rng: Rng;
  catalogue: Catalogue;
  /** Called after each flushed chunk with the number of rows written since the last call. */
  onRows?: (rows: number) => void;
}

interface PlacedLsoa extends CatalogueLsoa {
  /** Index into the in-force picker, or -1 for an out-of-force LSOA. */
  slot: number;
}

/**
 * Writes one police.uk street file per month (and optionally an outcomes file), streaming:
 * the rows of a month are counted per LSOA first, then written LSOA by LSOA in name order,
 * as the real files are, so memory does not grow with the row count.
 */
export async function writePoliceFiles(options: PoliceFilesOptions): Promise<ManifestFile[]> {
  const { catalogue, months, rowsPerMonth } = options;
  const inForce = catalogue.districts.flatMap((d) => d.lsoas);
  const weights = lsoaWeights(options.rng.fork('lsoa-weights'), catalogue);
  const lsoaPicker = new WeightedPicker(inForce.map((l, i) => [i, weights[i]] as const));
  const neighbourPicker = new WeightedPicker(catalogue.neighbours.map((l, i) => [i, 1] as const));
  const ordered: PlacedLsoa[] = [
    ...inForce.map((l, slot) => ({ ...l, slot })),
    ...catalogue.neighbours.map((l) => ({ ...l, slot: -1 })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const neighbourPosition = new Map(catalogue.neighbours.map((l, i) => [l.code, i]));
  const settled = new WeightedPicker(SETTLED_OUTCOMES);
  const recent = new WeightedPicker(RECENT_OUTCOMES);
  const files: ManifestFile[] = [];

  for (const [monthIndex, month] of months.entries()) {
    const rng = options.rng.fork(`police:${month}`);
    const calendarMonth = Number(month.slice(5, 7)) - 1;
    const typePicker = new WeightedPicker(
      CRIME_TYPE_SHARES.map(([t, w]) => [t, t === ASB ? w * ASB_SEASONALITY[calendarMonth] : w] as const),
    );
    const outcomePicker = months.length - monthIndex <= RECENT_MONTHS ? recent : settled;
    const noLocation = Math.round(rowsPerMonth * NO_LOCATION_SHARE * (0.7 + 0.6 * rng.next()));
    const outOfForce = Math.min(rowsPerMonth - noLocation, Math.round(rowsPerMonth * OUT_OF_FORCE_SHARE * (0.7 + 0.6 * rng.next())));
    const inForceCounts = new Uint32Array(inForce.length);
    for (let i = 0; i < rowsPerMonth - noLocation - outOfForce; i++) inForceCounts[lsoaPicker.pick(rng)]++;
    const neighbourCounts = new Uint32Array(catalogue.neighbours.length);
    for (let i = 0; i < outOfForce; i++) neighbourCounts[neighbourPicker.pick(rng)]++;

    const street = new TextFileWriter(path.join(options.outDir, `${month}-hampshire-street.csv`));
    const outcomes = options.outcomes ? new TextFileWriter(path.join(options.outDir, `${month}-hampshire-outcomes.csv`)) : null;
    street.line(STREET_HEADER);
    outcomes?.line(OUTCOMES_HEADER);
    const typeCounts: Record<string, number> = {};
    const districtCounts: Record<string, number> = {};
    let sinceFlush = 0;
    const emit = async (lsoa: CatalogueLsoa | null, count: number) => {
      for (let i = 0; i < count; i++) {
        const type = typePicker.pick(rng);
        typeCounts[type] = (typeCounts[type] ?? 0) + 1;
        const id = type === ASB ? '' : rng.hex(64);
        const outcome = type === ASB ? '' : outcomePicker.pick(rng);
        const p = lsoa ? lsoa.points[rng.int(lsoa.points.length)] : null;
        const where = p ? `${p.lon},${p.lat},${p.location},${lsoa!.code},${lsoa!.name}` : ',,No Location,,';
        let full = street.line(`${id},${month},${FORCE_NAME},${FORCE_NAME},${where},${type},${outcome},`);
        if (outcomes && id && !PENDING_OUTCOMES.has(outcome)) {
          full = outcomes.line(`${id},${month},${FORCE_NAME},${FORCE_NAME},${where},${outcome}`) || full;
        }
        sinceFlush++;
        if (full) {
          await street.flush();
          await outcomes?.flush();
          options.onRows?.(sinceFlush);
          sinceFlush = 0;
        }
      }
    };
    for (const lsoa of ordered) {
      const count = lsoa.slot >= 0 ? inForceCounts[lsoa.slot] : neighbourCounts[neighbourPosition.get(lsoa.code)!];
      if (count === 0) continue;
      const district = lsoa.districtCode ?? 'outside';
      districtCounts[district] = (districtCounts[district] ?? 0) + count;
      await emit(lsoa, count);
    }
    if (noLocation > 0) districtCounts['none'] = noLocation;
    await emit(null, noLocation);
    await street.close();
    options.onRows?.(sinceFlush);
    files.push({
      path: path.basename(street.file),
      kind: 'police-street',
      month,
      rows: street.lines - 1,
      encoding: 'utf-8',
      delimiter: ',',
      summary: { crimeTypes: sortKeys(typeCounts), districts: sortKeys(districtCounts), noLocation, outOfForce },
    });
    if (outcomes) {
      await outcomes.close();
      files.push({ path: path.basename(outcomes.file), kind: 'police-outcomes', month, rows: outcomes.lines - 1, encoding: 'utf-8', delimiter: ',' });
    }
  }
  return files;
}

/**
 * Weight of each in-force LSOA: its district's share of police rows, spread over the
 * district's LSOAs unevenly (a few hot spots, like town centres, take many rows).
 */
function lsoaWeights(rng: Rng, catalogue: Catalogue): number[] {
  return catalogue.districts.flatMap((d) => {
    const raw = d.lsoas.map(() => Math.exp(gaussian(rng) * 0.9));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((w) => (d.profile.policeShare * w) / sum);
  });
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

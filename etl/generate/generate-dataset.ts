import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Geography } from '../geography/index.js';
import { monthSequence } from './csv-format.js';
import { buildCatalogue } from './lsoa-catalogue.js';
import type { Manifest, ManifestFile } from './manifest.js';
import { writePartnerFile } from './partner-writer.js';
import { PARTNER_STYLES } from './partner-styles.js';
import { PARTNERS } from './partners.js';
import { writePccProjects } from './pcc-projects.js';
import { seededFaker } from './people.js';
import { plantPlan } from './planted-plan.js';
import { writePoliceFiles } from './police-street-writer.js';
import { Rng } from './prng.js';

export interface GenerateOptions {
  /** Output folder; created if missing. */
  out: string;
  months: number;
  rowsPerMonth: number;
  seed: string | number;
  /** First month, `YYYY-MM`. Default 2023-01. */
  start?: string;
  /** Real boundaries: LSOA codes, names and shapes come from them. */
  geography?: Geography;
  /** Partner ASB cases a month across all partners. Default 600. */
  casesPerMonth?: number;
  /** Also write police.uk outcomes files. */
  outcomes?: boolean;
  /** Only the police street (and outcomes) files, for benchmarks. */
  policeOnly?: boolean;
  /** Progress: police rows written so far. */
  onPoliceRows?: (rowsSoFar: number) => void;
}

export const MANIFEST_FILE = 'manifest.json';

/**
 * Writes a deterministic synthetic dataset to `options.out` and returns its manifest, also
 * saved as `manifest.json` there: police.uk street files per month, partner ASB exports in
 * three house styles with planted repeat victims and locations, and the PCC project list.
 */
export async function generateDataset(options: GenerateOptions): Promise<Manifest> {
  const start = options.start ?? '2023-01';
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(start)) throw new Error(`start must be YYYY-MM, not "${start}"`);
  if (!Number.isInteger(options.months) || options.months < 1) throw new Error('months must be a whole number of at least 1');
  if (!Number.isInteger(options.rowsPerMonth) || options.rowsPerMonth < 0) throw new Error('rowsPerMonth must be a whole number');
  const seed = String(options.seed);
  const root = new Rng(seed);
  const months = monthSequence(start, options.months);
  await mkdir(options.out, { recursive: true });
  const catalogue = buildCatalogue(root.fork('catalogue'), options.geography);

  let written = 0;
  const files: ManifestFile[] = await writePoliceFiles({
    months,
    rowsPerMonth: options.rowsPerMonth,
    outDir: options.out,
    outcomes: options.outcomes ?? false,
    rng: root.fork('police'),
    catalogue,
    onRows: (n) => options.onPoliceRows?.((written += n)),
  });

  const plan = plantPlan(root.fork('plan'), seededFaker(root.fork('plan-faker')), months.length, new Date(`${start}-01T00:00:00Z`), catalogue);
  if (!options.policeOnly) {
    await mkdir(path.join(options.out, 'opcc'), { recursive: true });
    for (const partner of PARTNERS) {
      files.push(
        await writePartnerFile({
          partner, months, casesPerMonth: options.casesPerMonth ?? 600, outDir: options.out, rng: root.fork('partners'), catalogue, plan,
        }),
      );
    }
    files.push(await writePccProjects(options.out, root.fork('pcc'), start));
  }

  const manifest: Manifest = {
    generator: 'csp-hub synthetic data',
    version: 1,
    seed,
    start,
    months: options.months,
    rowsPerMonth: options.rowsPerMonth,
    geography: catalogue.source,
    files,
    styles: Object.fromEntries(Object.values(PARTNER_STYLES).map((s) => [s.id, s.summary])),
    planted: options.policeOnly ? { people: [], locations: [] } : { people: plan.people, locations: plan.locations },
  };
  await writeFile(path.join(options.out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

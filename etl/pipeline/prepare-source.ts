import path from 'node:path';
import type { FeedMapping } from '../mapping.js';
import { recognisePoliceHeader } from '../adapters/police-uk.js';
import { mappedPlan } from '../adapters/delimited.js';
import { policePlan, type PoliceAdapterName, POLICE_ADAPTERS } from '../adapters/police-uk.js';
import { BadFileError, checkSize, inspectDelimited, isZip, trailingFooterLines } from './inspect-file.js';
import type { TransformPlan } from './plan.js';
import { PlanError } from './plan.js';
import type { CsvSource } from './transform-sql.js';
import { windows1252ToUtf8 } from './transcode.js';
import { xlsxToCsv } from './xlsx-to-csv.js';
import { open } from 'node:fs/promises';

export interface PreparedSource {
  csv: CsvSource;
  plan: TransformPlan;
  size: number;
  /** Trailing footer lines that are not rows, set aside. */
  footers: string[];
  /** Temporary files to remove after the load. */
  temporary: string[];
}

/**
 * Turns a file into something DuckDB reads directly (UTF-8 delimited text) and a plan for it:
 * refuses empty, binary and over-size files, transcodes Windows-1252, converts XLSX, and checks
 * the header against the adapter or mapping. Throws BadFileError or PlanError with the reason.
 */
export async function prepareSource(
  file: string,
  feed: { adapter: string; mapping: FeedMapping | null },
  options: { workDir: string; maxBytes: number; key: string },
): Promise<PreparedSource> {
  const temporary: string[] = [];
  const size = await checkSize(file, options.maxBytes);
  const mapping = feed.mapping;
  let csvPath = file;
  let delimiter = mapping?.delimiter ?? ',';
  let quote = mapping?.quote ?? '"';
  let encoding = mapping?.encoding ?? 'utf-8';
  if (feed.adapter === 'xlsx') {
    if (!(await startsWithZip(file))) throw new BadFileError('file_not_xlsx', 'This is not an XLSX workbook; use a delimited feed for CSV files.');
    csvPath = path.join(options.workDir, `${options.key}.csv`);
    temporary.push(csvPath);
    await xlsxToCsv(file, csvPath, { sheet: mapping?.sheet, datePattern: mapping?.dateFormat ?? 'dd/MM/yyyy' });
    delimiter = ',';
    quote = '"';
    encoding = 'utf-8';
  }
  const inspection = await inspectDelimited(csvPath, { delimiter, quote, encoding, maxBytes: Number.MAX_SAFE_INTEGER });
  if (encoding === 'windows-1252') {
    const utf8 = path.join(options.workDir, `${options.key}.utf8.csv`);
    temporary.push(utf8);
    await windows1252ToUtf8(csvPath, utf8);
    csvPath = utf8;
  }
  const plan = planFor(feed.adapter, mapping, inspection.header, delimiter);
  const footers = await trailingFooterLines(csvPath, delimiter, quote, plan.width);
  return { csv: { path: csvPath, delimiter, quote, width: plan.width }, plan, size, footers, temporary };
}

function planFor(adapter: string, mapping: FeedMapping | null, header: string[], delimiter: string): TransformPlan {
  try {
    if ((POLICE_ADAPTERS as readonly string[]).includes(adapter)) return policePlan(adapter as PoliceAdapterName, header);
    if (!mapping) throw new PlanError('This feed has no column mapping yet; save one before loading files.');
    return mappedPlan(mapping, header);
  } catch (err) {
    if (err instanceof PlanError) throw new PlanError(`${delimiterHint(header, delimiter)}${err.message}`);
    throw err;
  }
}

/** A sentence when a one-column header suggests the file uses another delimiter. */
export function delimiterHint(header: string[], delimiter: string): string {
  if (header.length !== 1) return '';
  const other = [';', '\t', '|', ','].find((d) => d !== delimiter && header[0].includes(d));
  if (!other) return '';
  const name = other === '\t' ? 'tabs' : `"${other}"`;
  return `The header row is one column: the file seems to be delimited by ${name}, not "${delimiter === '\t' ? 'tab' : delimiter}". `;
}

async function startsWithZip(file: string): Promise<boolean> {
  const h = await open(file, 'r');
  try {
    const b = Buffer.alloc(4);
    await h.read(b, 0, 4, 0);
    return isZip(b);
  } finally {
    await h.close();
  }
}

export { recognisePoliceHeader };

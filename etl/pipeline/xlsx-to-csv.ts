import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { BadFileError } from './inspect-file.js';

/** Writes a Date as the feed's date pattern (dd/MM/yyyy …), so spreadsheet dates go through the same check as text dates. */
export function formatDate(d: Date, pattern: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const parts: Record<string, string> = {
    yyyy: String(d.getUTCFullYear()),
    yy: pad(d.getUTCFullYear() % 100),
    MM: pad(d.getUTCMonth() + 1),
    M: String(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    d: String(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
  };
  return pattern.replace(/yyyy|yy|MM|M|dd|d|HH|mm|ss/g, (t) => parts[t]);
}

function cellText(value: unknown, datePattern: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatDate(value, datePattern);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[]; error?: string };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if (v.result !== undefined) return cellText(v.result, datePattern);
    if (v.text !== undefined) return String(v.text);
    if (v.error) return '';
  }
  return String(value);
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Streams one sheet of an XLSX workbook (the first, or the named one) to a UTF-8 CSV, row by
 * row, so a large workbook never sits in memory. Returns the number of rows written.
 */
export async function xlsxToCsv(from: string, to: string, options: { sheet?: string; datePattern: string }): Promise<number> {
  try {
    return await convert(from, to, options);
  } catch (err) {
    // ExcelJS's streaming reader now and then meets a worksheet before its workbook part has been
    // parsed and fails inside itself ("reading 'sheets'" of undefined); the same file reads well
    // the next time. One more try for such a library fault; a file that is really bad fails again.
    if (!(err instanceof BadFileError) || !/reading 'sheets'/.test(err.message)) throw err;
    return convert(from, to, options);
  }
}

async function convert(from: string, to: string, options: { sheet?: string; datePattern: string }): Promise<number> {
  const out = createWriteStream(to);
  let rows = 0;
  let found = false;
  const sheetNames: string[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(from, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? '';
      sheetNames.push(name);
      if (found || (options.sheet && name !== options.sheet)) {
        for await (const _ of sheet) void _;
        continue;
      }
      found = true;
      let width = 0;
      let expected = 1;
      for await (const row of sheet) {
        // Blank rows become blank lines, which are not rows (as in a CSV export of the sheet).
        for (; expected < row.number; expected++) if (width > 0 && out.write('\n') === false) await once(out, 'drain');
        expected = row.number + 1;
        const values = (row.values as unknown[]).slice(1);
        if (width === 0) width = values.length;
        const line = Array.from({ length: Math.max(width, values.length) }, (_, i) => csvCell(cellText(values[i], options.datePattern))).join(',');
        rows++;
        if (!out.write(line + '\n')) await once(out, 'drain');
      }
    }
  } catch (err) {
    out.destroy();
    throw new BadFileError('file_unreadable', `The spreadsheet cannot be read: ${(err as Error).message}`);
  }
  out.end();
  await once(out, 'finish');
  if (!found) {
    throw new BadFileError('sheet_not_found', options.sheet ? `The workbook has no sheet named "${options.sheet}" (it has ${sheetNames.join(', ') || 'none'}).` : 'The workbook has no sheets.');
  }
  return rows;
}

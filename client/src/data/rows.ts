import type { Table } from 'apache-arrow';

export type Row = Record<string, unknown>;

/**
 * Arrow rows as plain objects for Plot. Month columns (Arrow Date) arrive as epoch numbers or
 * Dates; they become `YYYY-MM` strings so charts can treat months as ordered bands.
 */
export function rowsOf(table: Table, monthFields: readonly string[] = ['month']): Row[] {
  const rows: Row[] = [];
  const fields = table.schema.fields.map((f) => f.name);
  for (const record of table) {
    const row: Row = {};
    for (const name of fields) {
      let value: unknown = (record as unknown as Record<string, unknown>)[name];
      if (typeof value === 'bigint') value = Number(value);
      if (monthFields.includes(name)) value = toMonth(value);
      row[name] = value;
    }
    rows.push(row);
  }
  return rows;
}

/** `YYYY-MM` for a Date, an epoch in ms, or a date-like string; anything else as it is. */
export function toMonth(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d{2}/.test(value)) return value.slice(0, 7);
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return value;
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Rows of a cross-partner answer grouped by dataset, with each dataset's title in place of its
 * slug (`titles` maps slug to title; unknown slugs are kept).
 */
export function withDatasetTitles(rows: Row[], titles: ReadonlyMap<string, string>): Row[] {
  return rows.map((r) => (typeof r.dataset === 'string' && titles.has(r.dataset) ? { ...r, dataset: titles.get(r.dataset)! } : r));
}

/** Every month from `from` to `to` inclusive, as `YYYY-MM`. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (months.length > 600) break;
  }
  return months;
}

/** "2024-03" → "Mar 2024". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return names[m - 1] ? `${names[m - 1]} ${y}` : month;
}

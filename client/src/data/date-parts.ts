/** A date as typed into the three boxes of the GOV.UK date input. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The boxes filled from `YYYY-MM-DD`. */
export function partsOf(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

export const isBlank = (p: DateParts) => !p.day.trim() && !p.month.trim() && !p.year.trim();

/** `YYYY-MM-DD` for a real calendar date with a four-digit year, otherwise null. */
export function isoOf(p: DateParts): string | null {
  const [d, m, y] = [p.day, p.month, p.year].map((s) => s.trim());
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

import Holidays from 'date-holidays';

/**
 * Working days in England: Monday to Friday, less the bank holidays of England and Wales
 * (`date-holidays`, GB/ENG, public holidays only: substitute days and one-off days such as a
 * coronation included, observances such as Mother's Day not). Dates are ISO `yyyy-mm-dd`.
 */
export interface WorkingCalendar {
  isWorkingDay(iso: string): boolean;
  /** The date `n` working days after `iso` (the start day itself never counts). */
  addWorkingDays(iso: string, n: number): string;
  /** Working days after `from` up to and including `to`; negative when `to` is earlier. */
  workingDaysBetween(from: string, to: string): number;
  /** The bank holidays of a year, for display. */
  bankHolidays(year: number): { date: string; name: string }[];
}

const DAY_MS = 86_400_000;

function dayOf(iso: string): Date {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !d.toISOString().startsWith(iso.slice(0, 10))) throw new Error(`Not a date: ${iso}`);
  return d;
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/** England's working-day calendar. Bank holiday lists are computed once per year and kept. */
export function englandCalendar(): WorkingCalendar {
  const holidays = new Holidays('GB', 'ENG', { types: ['public', 'bank'] });
  const byYear = new Map<number, Map<string, string>>();
  const yearOf = (year: number) => {
    let days = byYear.get(year);
    if (!days) {
      days = new Map((holidays.getHolidays(year) || []).map((h) => [h.date.slice(0, 10), h.name]));
      byYear.set(year, days);
    }
    return days;
  };
  const isWorkingDay = (iso: string) => {
    const d = dayOf(iso);
    const weekday = d.getUTCDay();
    return weekday !== 0 && weekday !== 6 && !yearOf(d.getUTCFullYear()).has(isoOf(d));
  };
  return {
    isWorkingDay,
    addWorkingDays(iso, n) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`Not a number of working days: ${n}`);
      let d = dayOf(iso);
      for (let left = n; left > 0; ) {
        d = new Date(d.getTime() + DAY_MS);
        if (isWorkingDay(isoOf(d))) left--;
      }
      return isoOf(d);
    },
    workingDaysBetween(from, to) {
      const [a, b, sign] = from <= to ? [from, to, 1] : [to, from, -1];
      let n = 0;
      for (let d = new Date(dayOf(a).getTime() + DAY_MS); isoOf(d) <= b; d = new Date(d.getTime() + DAY_MS)) if (isWorkingDay(isoOf(d))) n++;
      return sign * n;
    },
    bankHolidays(year) {
      return [...yearOf(year)].map(([date, name]) => ({ date, name }));
    },
  };
}

import { englandCalendar, type WorkingCalendar } from './working-days.js';

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in England (deadlines are days in England, not UTC). */
export function todayInEngland(now = new Date()): string {
  return LONDON.format(now);
}

/** The one working-day calendar the module uses. */
export const CALENDAR: WorkingCalendar = englandCalendar();

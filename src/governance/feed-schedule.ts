/** A feed's expected delivery: monthly by day N of the month (1–28), or weekly by day N of the week (1 = Monday … 7). */
export interface ExpectedSchedule {
  expectedEvery: 'weekly' | 'monthly';
  expectedByDay: number;
}

const DAY_MS = 86_400_000;

/** The last day a monthly delivery may be expected by: every month has a 28th. */
export const LAST_MONTHLY_DAY = 28;

/**
 * Checks a requested schedule: `null` every means no expectation (then no day either); monthly by
 * day 1–28, weekly by day 1–7 (1 = Monday). Returns the schedule, or a sentence saying what is wrong.
 */
export function checkExpectedSchedule(every: unknown, byDay: unknown): { schedule: ExpectedSchedule | null } | { error: string } {
  if (every === null) {
    return byDay === null || byDay === undefined ? { schedule: null } : { error: 'Leave expectedByDay empty when no delivery is expected.' };
  }
  if (every !== 'monthly' && every !== 'weekly') return { error: 'expectedEvery must be "monthly", "weekly" or null (no expected delivery).' };
  const last = every === 'monthly' ? LAST_MONTHLY_DAY : 7;
  const what = every === 'monthly' ? `a day of the month from 1 to ${LAST_MONTHLY_DAY} (not 29–31, which some months lack)` : 'a day of the week from 1 (Monday) to 7 (Sunday)';
  if (typeof byDay !== 'number' || !Number.isInteger(byDay) || byDay < 1 || byDay > last) return { error: `A ${every} delivery is expected by ${what}.` };
  return { schedule: { expectedEvery: every, expectedByDay: byDay } };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "by day 10 of each month" or "by Wednesday of each week". */
export function describeSchedule(schedule: ExpectedSchedule): string {
  return schedule.expectedEvery === 'monthly' ? `by day ${schedule.expectedByDay} of each month` : `by ${WEEKDAYS[schedule.expectedByDay - 1] ?? `day ${schedule.expectedByDay}`} of each week`;
}

/** The last day (YYYY-MM-DD, UTC) a delivery is due on in the period that holds `now`. */
export function dueDay(schedule: ExpectedSchedule, now: Date): string {
  return new Date(currentPeriod(schedule, now).due.getTime() - DAY_MS).toISOString().slice(0, 10);
}

/**
 * The period a feed's delivery is overdue for at `now` (e.g. "2025-03" or "week of 2025-03-10"), or
 * null: overdue when the due day of the current period has ended (UTC) and no load has published
 * since the period began.
 */
export function overduePeriod(schedule: ExpectedSchedule, lastLoadedAt: Date | null, now: Date): string | null {
  const { start, due, label } = currentPeriod(schedule, now);
  if (now.getTime() < due.getTime()) return null;
  if (lastLoadedAt && lastLoadedAt.getTime() >= start.getTime()) return null;
  return label;
}

function currentPeriod(schedule: ExpectedSchedule, now: Date): { start: Date; due: Date; label: string } {
  if (schedule.expectedEvery === 'monthly') {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const due = new Date(start.getTime() + schedule.expectedByDay * DAY_MS);
    return { start, due, label: start.toISOString().slice(0, 7) };
  }
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const start = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * DAY_MS);
  const due = new Date(start.getTime() + Math.min(7, schedule.expectedByDay) * DAY_MS);
  return { start, due, label: `week of ${start.toISOString().slice(0, 10)}` };
}

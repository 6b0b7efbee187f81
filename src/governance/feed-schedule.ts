/** A feed's expected delivery: monthly by day N of the month (1–28), or weekly by day N of the week (1 = Monday … 7). */
export interface ExpectedSchedule {
  expectedEvery: 'weekly' | 'monthly';
  expectedByDay: number;
}

const DAY_MS = 86_400_000;

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

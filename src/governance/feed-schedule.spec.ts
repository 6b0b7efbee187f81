import { checkExpectedSchedule, describeSchedule, dueDay, overduePeriod } from './feed-schedule.js';

const at = (iso: string) => new Date(iso);

describe('overduePeriod', () => {
  const monthly = { expectedEvery: 'monthly' as const, expectedByDay: 10 };

  it('is not overdue until the due day of the month has ended', () => {
    expect(overduePeriod(monthly, null, at('2025-03-10T23:59:00Z'))).toBeNull();
    expect(overduePeriod(monthly, null, at('2025-03-11T00:00:00Z'))).toBe('2025-03');
  });

  it('is satisfied by a load since the month began, not by one before', () => {
    expect(overduePeriod(monthly, at('2025-03-02T09:00:00Z'), at('2025-03-20T00:00:00Z'))).toBeNull();
    expect(overduePeriod(monthly, at('2025-02-27T09:00:00Z'), at('2025-03-20T00:00:00Z'))).toBe('2025-03');
  });

  it('counts weeks from Monday: due by Wednesday', () => {
    const weekly = { expectedEvery: 'weekly' as const, expectedByDay: 3 };
    // 2025-03-12 is a Wednesday.
    expect(overduePeriod(weekly, null, at('2025-03-12T12:00:00Z'))).toBeNull();
    expect(overduePeriod(weekly, null, at('2025-03-13T00:00:01Z'))).toBe('week of 2025-03-10');
    expect(overduePeriod(weekly, at('2025-03-10T08:00:00Z'), at('2025-03-14T00:00:00Z'))).toBeNull();
  });
});

describe('checkExpectedSchedule', () => {
  it('takes monthly by day 1–28, weekly by day 1–7, or none', () => {
    expect(checkExpectedSchedule('monthly', 28)).toEqual({ schedule: { expectedEvery: 'monthly', expectedByDay: 28 } });
    expect(checkExpectedSchedule('weekly', 7)).toEqual({ schedule: { expectedEvery: 'weekly', expectedByDay: 7 } });
    expect(checkExpectedSchedule(null, undefined)).toEqual({ schedule: null });
  });

  it('refuses other days and kinds with a sentence', () => {
    expect(checkExpectedSchedule('monthly', 31)).toEqual({ error: expect.stringContaining('1 to 28') });
    expect(checkExpectedSchedule('weekly', 0)).toEqual({ error: expect.stringContaining('1 (Monday) to 7 (Sunday)') });
    expect(checkExpectedSchedule('monthly', 2.5)).toEqual({ error: expect.stringContaining('1 to 28') });
    expect(checkExpectedSchedule('daily', 1)).toEqual({ error: expect.stringContaining('"monthly", "weekly" or null') });
    expect(checkExpectedSchedule(null, 3)).toEqual({ error: expect.stringContaining('Leave expectedByDay empty') });
  });

  it('describes the schedule and the day due in the current period', () => {
    expect(describeSchedule({ expectedEvery: 'weekly', expectedByDay: 3 })).toBe('by Wednesday of each week');
    expect(dueDay({ expectedEvery: 'monthly', expectedByDay: 10 }, at('2025-03-20T00:00:00Z'))).toBe('2025-03-10');
    expect(dueDay({ expectedEvery: 'weekly', expectedByDay: 3 }, at('2025-03-14T00:00:00Z'))).toBe('2025-03-12');
  });
});

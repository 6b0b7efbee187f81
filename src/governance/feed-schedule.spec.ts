import { overduePeriod } from './feed-schedule.js';

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

import { nextPeriodStart } from './periods.js';

describe('nextPeriodStart', () => {
  it('gives the next Monday for weekly, a week on when it is Monday already', () => {
    expect(nextPeriodStart('weekly', new Date('2026-12-09T10:00:00Z')).toISOString()).toBe('2026-12-14T00:00:00.000Z');
    expect(nextPeriodStart('weekly', new Date('2026-12-14T00:00:00Z')).toISOString()).toBe('2026-12-21T00:00:00.000Z');
  });

  it('gives the first of the next month for monthly, across the year end', () => {
    expect(nextPeriodStart('monthly', new Date('2026-12-01T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

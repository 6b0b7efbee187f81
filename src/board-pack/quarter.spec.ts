import { lastEndedQuarter, quarterOf } from './quarter.js';

describe('quarters', () => {
  it('reads a label and gives its bounds', () => {
    expect(quarterOf('2026-Q3')).toEqual({ label: '2026-Q3', from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') });
    expect(quarterOf('2026-Q5')).toBeNull();
  });

  it('gives the quarter just ended, across the year end', () => {
    expect(lastEndedQuarter(new Date('2026-01-01T06:00:00Z')).label).toBe('2025-Q4');
    expect(lastEndedQuarter(new Date('2026-12-07T00:00:00Z')).label).toBe('2026-Q3');
  });
});

import { checkAlert, type MonthCount } from './alert-rule.js';

const rule = { pValue: 0.01, minCount: 5, baselineMonths: 6 };
const months = (counts: (number | null)[], first = 1): MonthCount[] => counts.map((count, i) => ({ month: `2025-${String(first + i).padStart(2, '0')}`, count }));

describe('checkAlert', () => {
  it('tests the latest ended month against a fixed number, ignoring the month in progress', () => {
    const series = [...months([10, 12, 30]), { month: '2025-04', count: 100 }];
    expect(checkAlert(series, '2025-04', { rule: 'exceeds', threshold: 25 }, rule)).toEqual({ month: '2025-03', fired: true });
    expect(checkAlert(series, '2025-04', { rule: 'exceeds', threshold: 30 }, rule)).toEqual({ month: '2025-03', fired: false });
  });

  it('never fires on a withheld count', () => {
    expect(checkAlert(months([10, null]), '2025-12', { rule: 'exceeds', threshold: 1 }, rule)).toEqual({ month: '2025-02', fired: false });
  });

  it('fires on a rise above the usual range by the emerging-trend test, not on ordinary variation', () => {
    expect(checkAlert(months([20, 22, 19, 21, 20, 23, 60]), '2025-12', { rule: 'unusual', threshold: null }, rule).fired).toBe(true);
    expect(checkAlert(months([20, 22, 19, 21, 20, 23, 24]), '2025-12', { rule: 'unusual', threshold: null }, rule).fired).toBe(false);
  });

  it('has nothing to test without an ended month', () => {
    expect(checkAlert(months([5]), '2025-01', { rule: 'exceeds', threshold: 1 }, rule)).toEqual({ month: null, fired: false });
  });
});

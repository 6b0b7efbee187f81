import { cellPredicate, isEmpty, nextMonth, restKey, runsOf } from './cell-predicate.js';

describe('canonical cell descriptions', () => {
  it('describes one cell the same way however its time and areas were phrased', () => {
    const a = cellPredicate(['asb'], [
      { field: 'month', kind: 'from', month: '2025-01' },
      { field: 'month', kind: 'to', month: '2025-12' },
      { field: 'category', kind: 'values', values: ['Nuisance'] },
    ]);
    const b = cellPredicate(['asb'], [{ field: 'category', kind: 'values', values: ['Nuisance'] }, { field: 'month', kind: 'year', year: 2025 }]);
    const c = cellPredicate(['asb'], [
      { field: 'month', kind: 'values', values: ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'] },
      { field: 'category', kind: 'values', values: ['Nuisance'] },
    ]);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(a.months).toEqual([{ from: '2025-01', to: '2025-12' }]);
  });

  it('drops a district restriction that a single small area already implies', () => {
    const withArea = cellPredicate(['asb'], [{ field: 'district_code', kind: 'values', values: ['E07000094'] }, { field: 'lsoa_code', kind: 'values', values: ['E01023001'] }]);
    const without = cellPredicate(['asb'], [{ field: 'lsoa_code', kind: 'values', values: ['E01023001'] }]);
    expect(restKey(withArea)).toBe(restKey(without));
  });

  it('intersects repeated restrictions, and knows an empty one', () => {
    const p = cellPredicate(['asb'], [{ field: 'category', kind: 'values', values: ['A', 'B'] }, { field: 'category', kind: 'values', values: ['B', 'C'] }]);
    expect(p.fields.get('category')).toEqual(['B']);
    expect(isEmpty(cellPredicate(['asb'], [{ field: 'category', kind: 'values', values: ['A'] }, { field: 'category', kind: 'values', values: ['B'] }]))).toBe(true);
    expect(isEmpty(cellPredicate(['asb'], [{ field: 'month', kind: 'from', month: '2025-05' }, { field: 'month', kind: 'to', month: '2025-04' }]))).toBe(true);
  });

  it('splits a set of months into runs, across a year end', () => {
    expect(runsOf(['2024-11', '2024-12', '2025-01', '2025-03'])).toEqual([
      { from: '2024-11', to: '2025-01' },
      { from: '2025-03', to: '2025-03' },
    ]);
    expect(nextMonth('2024-12')).toBe('2025-01');
  });
});

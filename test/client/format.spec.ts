import { describe, expect, it } from '@jest/globals';
import { formatMonth, formatMonthRange, groupByOwner, ownedLabel, plural } from '../../client/src/format.js';

describe('client formatting', () => {
  it('writes months as people say them, and leaves what is not a month alone', () => {
    expect(formatMonth('2026-11')).toBe('November 2026');
    expect(formatMonth('2027-01-01')).toBe('January 2027');
    expect(formatMonth('2026-13')).toBe('2026-13');
    expect(formatMonth('soon')).toBe('soon');
    expect(formatMonth(null)).toBe('');
    expect(formatMonthRange('2026-11', '2027-03')).toBe('November 2026 to March 2027');
    expect(formatMonthRange('2026-11', '2026-11-01')).toBe('November 2026');
  });

  it('puts the noun in the right number', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(12345, 'row')).toBe('12,345 rows');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('names a dataset by its owner, and groups by owner in alphabetical order', () => {
    expect(ownedLabel({ title: 'ASB case records', ownerName: 'Winchester City Council' })).toBe('ASB case records — Winchester City Council');
    expect(ownedLabel({ title: 'ASB case records', ownerName: '' })).toBe('ASB case records');
    const items = [
      { label: 'b', owner: 'Winchester City Council' },
      { label: 'a', owner: 'Gosport Borough Council' },
      { label: 'c', owner: 'Winchester City Council' },
      { label: 'd', owner: '' },
    ];
    const groups = groupByOwner(items, (i) => i.owner, (i) => i.label);
    expect(groups.map((g) => [g.owner, g.items.map((i) => i.label)])).toEqual([
      ['Gosport Borough Council', ['a']],
      ['Other', ['d']],
      ['Winchester City Council', ['b', 'c']],
    ]);
  });
});

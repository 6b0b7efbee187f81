import { shapeAggregate } from './answer-shaping.js';
import type { AggregateSpec, GroupColumn } from './query-spec.js';

const district: GroupColumn[] = [
  { output: 'district_code', source: 'district_code', sourceType: 'text', transform: 'none', label: 'District code', dimension: 'district' },
  { output: 'district_name', source: 'district_name', sourceType: 'text', transform: 'none', label: 'District', dimension: 'district' },
];
const category: GroupColumn = { output: 'category', source: 'category', sourceType: 'text', transform: 'none', label: 'Category' };

function spec(groups: GroupColumn[]): AggregateSpec {
  return { kind: 'aggregate', dataset: 'x', measures: [{ fn: 'count', field: null, output: 'count' }], groups, filters: [], orderBy: [], limit: 100, offset: 0, areas: null, rate: null };
}

describe('shapeAggregate: one dimension per grouping asked for', () => {
  // Winchester has 2 Drugs (withheld); each line of the district × category table must then hold two withheld cells.
  const rows = {
    names: ['district_code', 'district_name', 'category', 'count'],
    values: [
      ['W', 'W', 'G', 'G'],
      ['Winchester', 'Winchester', 'Gosport', 'Gosport'],
      ['Drugs', 'ASB', 'Drugs', 'ASB'],
      [2, 30, 20, 40],
    ],
  };
  const rules = { method: 'rounding', rules: { threshold: 5, base: 5 } } as const;

  it('treats an alias of two columns (district code and name) as one dimension, so lines across districts are protected', () => {
    const answer = shapeAggregate(spec([...district, category]), rows, new Map(), rules);
    // Drugs across districts is a line: Gosport Drugs must go too, and then Gosport ASB.
    expect(answer.values[4]).toEqual([true, true, true, true]);
    expect(answer.suppressedCells).toBe(4);
  });

  it('would miss the line across districts if each column were its own dimension (the case the alias fixes)', () => {
    const separate = [...district.map(({ dimension: _d, ...g }) => g), category];
    const answer = shapeAggregate(spec(separate), rows, new Map(), rules);
    expect(answer.suppressedCells).toBe(2);
  });
});

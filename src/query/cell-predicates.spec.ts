import fc from 'fast-check';
import { cellNoise } from '../disclosure/cell-noise.js';
import { cellNoises, cellPredicates, type CountedSource } from './cell-predicates.js';
import type { AggregateSpec, Filter, GroupColumn } from './query-spec.js';

const key = { secret: Buffer.from('cell predicates spec key, not a real one'), spread: 1 };
const group = (source: string, sourceType: GroupColumn['sourceType'] = 'text', transform: GroupColumn['transform'] = 'none'): GroupColumn => ({ output: transform === 'year' ? 'year' : source, source, sourceType, transform, label: source });
const GROUPS: GroupColumn[] = [group('category'), group('category_group'), group('lsoa_code'), group('lsoa_name'), group('lsoa11_code'), group('imd_decile', 'integer'), group('district_code'), group('district_name'), group('month', 'month'), group('month', 'month', 'year'), group('outcome')];
const FILTERS: Filter[] = [
  { field: 'category', type: 'text', op: 'eq', values: ['Nuisance'] },
  { field: 'district_code', type: 'text', op: 'eq', values: ['E07000094'] },
  { field: 'lsoa_code', type: 'text', op: 'eq', values: ['E01023001'] },
  { field: 'month', type: 'month', op: 'gte', values: ['2025-01-01'] },
  { field: 'month', type: 'month', op: 'lte', values: ['2025-12-01'] },
  { field: 'month', type: 'month', op: 'in', values: ['2025-01-01', '2025-02-01', '2025-06-01'] },
  { field: 'outcome', type: 'text', op: 'eq', values: ['Under investigation'] },
  { field: 'category_group', type: 'text', op: 'eq', values: ['Anti-social behaviour'] },
  { field: 'lsoa11_code', type: 'text', op: 'eq', values: ['E01023001'] },
  { field: 'imd_decile', type: 'integer', op: 'eq', values: [3] },
];
const SOURCES: CountedSource[][] = [[{ slug: 'asb', areas: { all: true } }], [{ slug: 'asb', areas: { all: true }, span: { first: '2025-02', last: '2025-11' } }], [{ slug: 'asb', areas: { all: false, codes: ['E07000094'], unplaced: false }, constants: new Map([['district_code', 'E07000094'], ['district_name', 'Winchester'], ['outcome', 'Under investigation']]) }], [{ slug: 'asb', areas: { all: false, codes: ['E07000094', 'E07000088'], unplaced: false } }], [{ slug: 'asb', areas: { all: true } }, { slug: 'police', areas: { all: false, codes: ['E07000094'], unplaced: true } }]];
const VALUES: Record<string, unknown[]> = { category_group: ['Anti-social behaviour', null], lsoa11_code: ['E01023001', 'E01023009'], imd_decile: [3, 7, null], category: ['Nuisance', 'Personal', null], lsoa_code: ['E01023001', 'E01023002', null], lsoa_name: ['Winchester 001A', null], district_code: ['E07000094', 'E07000088', null], district_name: ['Winchester'], month: ['2025-01', '2025-06'], year: [2025], outcome: ['Under investigation', null] };

describe('cell noise fast path', () => {
  it('leaves out a filter that every row of the dataset passes', () => {
    const sources: CountedSource[] = [{ slug: 'asb', areas: { all: true }, constants: new Map([['source_org', 'winchester']]) }];
    const spec = (filters: Filter[]): AggregateSpec => ({ kind: 'aggregate', dataset: 'asb', measures: [{ fn: 'count', field: null, output: 'count' }], groups: [group('category')], filters, orderBy: [], limit: 100, offset: 0, areas: null, rate: null });
    const plain = cellPredicates(spec([]), sources)(['Nuisance']);
    const pinned = cellPredicates(spec([{ field: 'source_org', type: 'text', op: 'eq', values: ['winchester'] }]), sources)(['Nuisance']);
    expect(pinned).toEqual(plain);
    const other = cellPredicates(spec([{ field: 'source_org', type: 'text', op: 'eq', values: ['eastleigh'] }]), sources)(['Nuisance']);
    expect(other).not.toEqual(plain);
  });

  it('gives every cell the same noise as its full canonical description does', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...GROUPS.keys()), { maxLength: 3, selector: (i) => GROUPS[i].output }),
        fc.subarray(FILTERS),
        fc.constantFrom(...SOURCES),
        fc.nat(100),
        (groupIdx, filters, sources, seed) => {
          const groups = groupIdx.map((i) => GROUPS[i]);
          const spec: AggregateSpec = { kind: 'aggregate', dataset: 'asb', measures: [{ fn: 'count', field: null, output: 'count' }], groups, filters, orderBy: [], limit: 100, offset: 0, areas: null, rate: null };
          const values = groups.map((g, j) => {
            const options = VALUES[g.output];
            return options[(seed + j) % options.length];
          });
          const slow = cellNoise(key, cellPredicates(spec, sources)(values));
          expect(cellNoises(spec, sources, key).noiseOf(values)).toBe(slow);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

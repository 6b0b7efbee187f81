/**
 * What each cell of a grouped answer counts, in the canonical form disclosure control keys its
 * perturbation on: the question's filters and areas, plus the cell's own group values.
 */
import type { AreaScope } from '../access/access-policy.js';
import { cellPredicate, type CellPredicate, type DataSpan, DETERMINED, FINE_GEOGRAPHY, NAMED_CODES, type MonthRun, type Restriction, runsOf } from '../disclosure/cell-predicate.js';
import { cellNoise, type NoiseKey, runsNoise } from '../disclosure/cell-noise.js';
import type { AggregateSpec, Filter, GroupColumn } from './query-spec.js';

/** Stands for "no value" (rows whose dimension is unknown) in a canonical value set. */
const NULL_VALUE = '\u0000null';

/** One dataset a question reads, with the areas the caller may count in it. */
export interface CountedSource {
  slug: string;
  areas: AreaScope;
  /** The months the dataset holds (`YYYY-MM`), null before its first load. */
  span?: DataSpan | null;
  /**
   * Dimensions every row of the dataset has the same value in (an ASB dataset's category group, a
   * one-district partner's district): pinning one to that value selects the same records, so it is
   * left out of the description rather than giving the same count a second key.
   */
  constants?: ReadonlyMap<string, string>;
}

/** Drops restrictions that keep every record because the dataset has one value in that field. */
function redundancyFilter(sources: readonly CountedSource[]): (r: Restriction | null) => r is Restriction {
  const constants = sources.length === 1 ? sources[0].constants : undefined;
  return (r): r is Restriction => {
    if (r === null) return false;
    if (!constants || r.kind !== 'values') return true;
    const only = constants.get(r.field);
    return only === undefined || !r.values.some((v) => String(v) === only);
  };
}

/** The months any of the sources holds, or null when one of them is unknown. */
function spanOf(sources: readonly CountedSource[]): DataSpan | null {
  if (sources.length === 0 || sources.some((s) => !s.span)) return null;
  return { first: sources.map((s) => s.span!.first).sort()[0], last: sources.map((s) => s.span!.last).sort().at(-1)! };
}

/** A function from a row of group values to that cell's canonical predicate. */
export function cellPredicates(spec: AggregateSpec, sources: readonly CountedSource[]): (groupValues: readonly unknown[]) => CellPredicate {
  const fixed = spec.filters.flatMap(filterRestrictions);
  const single = sources.length === 1;
  const span = spanOf(sources);
  const keep = redundancyFilter(sources);
  return (groupValues) => {
    let datasets = sources;
    const restrictions: (Restriction | null)[] = [...fixed];
    spec.groups.forEach((g, i) => {
      const v = groupValues[i];
      if (v === undefined) return;
      if (g.transform === 'dataset') datasets = sources.filter((s) => s.slug === v);
      else restrictions.push(groupRestriction(g, v));
    });
    if (single) restrictions.push(areaRestriction(datasets[0].areas));
    return cellPredicate(
      datasets.map((s) => (single ? s.slug : `${s.slug}@${areaKey(s.areas)}`)),
      restrictions.filter(keep),
      span,
    );
  };
}

/**
 * Each cell's noise, from its group values. The common case (every group a plain dimension the
 * filters do not restrict) takes a fast path that writes the same description as
 * `cellPredicates` without rebuilding it per cell; `runs` is then the same for every cell.
 */
export function cellNoises(spec: AggregateSpec, sources: readonly CountedSource[], key: NoiseKey): { noiseOf: (groupValues: readonly unknown[]) => number; runs: readonly MonthRun[] | null } {
  const slow = cellPredicates(spec, sources);
  const base = cellPredicate(
    slowDatasets(sources),
    [...spec.filters.flatMap(filterRestrictions), ...(sources.length === 1 ? [areaRestriction(sources[0].areas)] : [])].filter(redundancyFilter(sources)),
    spanOf(sources),
  );
  const constants = sources.length === 1 ? sources[0].constants : undefined;
  // One month group is allowed: each cell is then one month, its run worked out once per month.
  const isMonth = (g: GroupColumn) => g.source === 'month' && g.transform === 'none';
  const monthAt = spec.groups.findIndex(isMonth);
  const fast =
    spec.groups.filter(isMonth).length <= 1 &&
    spec.groups.every((g) => isMonth(g) || (g.transform === 'none' && g.sourceType !== 'month' && g.source !== 'month' && !base.fields.has(g.source) && !g.source.startsWith('district_')));
  if (!fast) return { noiseOf: (values) => cellNoise(key, slow(values)), runs: null };
  const fixedEntries = [...base.fields.entries()];
  const datasetsJson = JSON.stringify(base.datasets);
  const groupFields = new Set(spec.groups.filter((g) => !isMonth(g)).map((g) => g.source));
  const runsOfMonth = monthRuns(spec, sources, monthAt);
  // A pinned small area makes a district restriction redundant (cellPredicate drops it first, likewise).
  const dropDistrict = base.fields.has('district_code') && [...groupFields].some((f) => FINE_GEOGRAPHY.has(f));
  const afterDistrict = new Set([...base.fields.keys(), ...groupFields].filter((f) => !(dropDistrict && (f === 'district_code' || f === 'district_name'))));
  // Then what adds nothing, as cellPredicate drops it: a name whose code is pinned; a field another
  // single pinned value determines (every group value is single; fixed fields when they hold one value).
  const gone = new Set<string>();
  for (const [code, name] of NAMED_CODES) if (afterDistrict.has(code)) gone.add(name);
  for (const [field, determined] of DETERMINED) {
    if (afterDistrict.has(field) && !gone.has(field) && (groupFields.has(field) || base.fields.get(field)?.length === 1)) for (const d of determined) gone.add(d);
  }
  const order = spec.groups
    .map((g, i) => ({ field: g.source, i }))
    .filter(({ field, i }) => i !== monthAt && afterDistrict.has(field) && !gone.has(field))
    .sort((a, b) => (a.field < b.field ? -1 : 1));
  const kept = fixedEntries.filter(([f]) => afterDistrict.has(f) && !gone.has(f));
  return {
    runs: monthAt >= 0 ? base.months.slice(0, 1) : base.months,
    noiseOf: (values) => {
      // Merge the cell's single values into the fixed fields, in field order, as cellPredicate sorts them.
      const entries: (readonly [string, readonly string[]])[] = [];
      let f = 0;
      for (const { field, i } of order) {
        while (f < kept.length && kept[f][0] < field) entries.push(kept[f++]);
        const v = values[i];
        const text = v === null || v === undefined ? NULL_VALUE : String(v);
        // A field every row has one value in adds nothing when the cell has that value.
        if (constants?.get(field) !== text) entries.push([field, [text]]);
      }
      while (f < kept.length) entries.push(kept[f++]);
      return runsNoise(key, `[${datasetsJson},${JSON.stringify(entries)}]`, runsOfMonth ? runsOfMonth(values[monthAt]) : base.months);
    },
  };
}

/**
 * For a question grouped by month (group `monthAt`), each cell's canonical runs of months from its
 * month value, as cellPredicate works them out (the question's month filters and the data's span
 * applied), once per distinct month; null when there is no month group.
 */
function monthRuns(spec: AggregateSpec, sources: readonly CountedSource[], monthAt: number): ((value: unknown) => readonly MonthRun[]) | null {
  if (monthAt < 0) return null;
  const span = spanOf(sources);
  const fixed = spec.filters.filter((f) => f.field === 'month').flatMap(filterRestrictions);
  const known = new Map<unknown, readonly MonthRun[]>();
  return (value) => {
    let runs = known.get(value);
    if (!runs) {
      const own = groupRestriction(spec.groups[monthAt], value);
      runs = cellPredicate([], own ? [...fixed, own] : fixed, span).months;
      known.set(value, runs);
    }
    return runs;
  };
}

/** The most runs of months one cell of the answer can cover (a month filter with gaps makes several). */
export function maxRunsOf(spec: Pick<AggregateSpec, 'filters'>): number {
  const months = spec.filters.filter((f) => f.field === 'month' && (f.op === 'in' || f.op === 'eq'));
  if (months.length === 0) return 1;
  return Math.max(1, ...months.map((f) => runsOf(f.values.map((v) => String(v).slice(0, 7)).sort()).length));
}

function slowDatasets(sources: readonly CountedSource[]): string[] {
  return sources.map((s) => (sources.length === 1 ? s.slug : `${s.slug}@${areaKey(s.areas)}`));
}

function filterRestrictions(f: Filter): Restriction[] {
  if (f.field === 'month') {
    const month = (v: unknown) => String(v).slice(0, 7);
    if (f.op === 'gte') return [{ field: 'month', kind: 'from', month: month(f.values[0]) }];
    if (f.op === 'lte') return [{ field: 'month', kind: 'to', month: month(f.values[0]) }];
    if (f.op === 'between') return [{ field: 'month', kind: 'from', month: month(f.values[0]) }, { field: 'month', kind: 'to', month: month(f.values[1]) }];
  }
  if (f.op === 'eq' || f.op === 'in') return [{ field: f.field, kind: 'values', values: f.values.map((v) => (f.field === 'month' ? String(v).slice(0, 7) : v)) }];
  // Ranges and text search on other fields are refused for aggregate callers; described apart so
  // they can never share a key with a set of values.
  return [{ field: `${f.field}~${f.op}`, kind: 'values', values: [JSON.stringify(f.values)] }];
}

function groupRestriction(g: GroupColumn, v: unknown): Restriction | null {
  if (g.transform === 'year') return v === null || v === undefined ? { field: 'month', kind: 'values', values: [] } : { field: 'month', kind: 'year', year: Number(v) };
  if (v === null || v === undefined) return { field: g.source, kind: 'values', values: [NULL_VALUE] };
  if (g.sourceType === 'month') return { field: 'month', kind: 'values', values: [String(v).slice(0, 7)] };
  return { field: g.source, kind: 'values', values: [v as string | number | boolean] };
}

function areaRestriction(areas: AreaScope): Restriction | null {
  if (areas.all) return null;
  return { field: 'district_code', kind: 'values', values: [...areas.codes, ...(areas.unplaced ? [NULL_VALUE] : [])] };
}

function areaKey(areas: AreaScope): string {
  return areas.all ? '*' : [...areas.codes].sort().join(',') + (areas.unplaced ? ',?' : '');
}

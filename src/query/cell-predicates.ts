/**
 * What each cell of a grouped answer counts, in the canonical form disclosure control keys its
 * perturbation on: the question's filters and areas, plus the cell's own group values.
 */
import type { AreaScope } from '../access/access-policy.js';
import { cellPredicate, type CellPredicate, type Restriction } from '../disclosure/cell-predicate.js';
import type { AggregateSpec, Filter, GroupColumn } from './query-spec.js';

/** Stands for "no value" (rows whose dimension is unknown) in a canonical value set. */
const NULL_VALUE = '\u0000null';

/** One dataset a question reads, with the areas the caller may count in it. */
export interface CountedSource {
  slug: string;
  areas: AreaScope;
}

/** A function from a row of group values to that cell's canonical predicate. */
export function cellPredicates(spec: AggregateSpec, sources: readonly CountedSource[]): (groupValues: readonly unknown[]) => CellPredicate {
  const fixed = spec.filters.flatMap(filterRestrictions);
  const single = sources.length === 1;
  return (groupValues) => {
    let datasets = sources;
    const restrictions: (Restriction | null)[] = [...fixed];
    spec.groups.forEach((g, i) => {
      const v = groupValues[i];
      if (g.transform === 'dataset') datasets = sources.filter((s) => s.slug === v);
      else restrictions.push(groupRestriction(g, v));
    });
    if (single) restrictions.push(areaRestriction(datasets[0].areas));
    return cellPredicate(datasets.map((s) => (single ? s.slug : `${s.slug}@${areaKey(s.areas)}`)), restrictions.filter((r): r is Restriction => r !== null));
  };
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

/**
 * The canonical description of the records behind one released count: every dimension pinned to
 * a set of values, and the months as maximal runs of consecutive months. Two questions that
 * describe a cell the same way (however their filters, time range, areas and grouping were
 * phrased) get the same description, so the same perturbation (docs/disclosure-control.md).
 */

/** A run of consecutive months, `YYYY-MM`; an open end is `-` (before all data) or `+` (after). */
export interface MonthRun {
  from: string;
  to: string;
}

export interface CellPredicate {
  /** Datasets the count is drawn from (one, or the cross-partner union). */
  datasets: readonly string[];
  /** Non-month dimensions, field → sorted values; a field absent here is not restricted. */
  fields: ReadonlyMap<string, readonly string[]>;
  /** Month runs, in order; `[{ from: '-', to: '+' }]` when time is not restricted. */
  months: readonly MonthRun[];
}

/** The whole of time: no month restriction. */
const ALL_TIME: readonly MonthRun[] = [{ from: '-', to: '+' }];

/** Geography fields that name one small area; pinning one makes a district restriction redundant. */
export const FINE_GEOGRAPHY: ReadonlySet<string> = new Set(['lsoa_code', 'lsoa_name', 'lsoa11_code', 'lsoa11_name', 'ward_code', 'ward_name', 'longitude', 'latitude']);

/** Code fields and the name field each code determines (one-to-one). */
export const NAMED_CODES: readonly (readonly [string, string])[] = [
  ['district_code', 'district_name'],
  ['lsoa_code', 'lsoa_name'],
  ['lsoa11_code', 'lsoa11_name'],
  ['ward_code', 'ward_name'],
];

/** Field → the fields a single value of it determines (functional dependencies of the common columns). */
export const DETERMINED: readonly (readonly [string, readonly string[]])[] = [
  ['lsoa_code', ['lsoa11_code', 'lsoa11_name', 'imd_decile', 'ward_code', 'ward_name']],
  ['lsoa11_code', ['imd_decile', 'ward_code', 'ward_name']],
  ['category', ['category_group']],
];

/** Restrictions on one dimension, built up from filters and the cell's own group values. */
export type Restriction =
  | { field: string; kind: 'values'; values: readonly (string | number | boolean)[] }
  | { field: 'month'; kind: 'from' | 'to'; month: string }
  | { field: 'month'; kind: 'year'; year: number };

/** Builds the canonical predicate from every restriction that applies to a cell. */
/** The months that hold data (`YYYY-MM`): a run end beyond them describes the same records as an open end. */
export interface DataSpan {
  first: string;
  last: string;
}

export function cellPredicate(datasets: readonly string[], restrictions: readonly Restriction[], span?: DataSpan | null): CellPredicate {
  const sets = new Map<string, Set<string>>();
  let from = '-';
  let to = '+';
  let monthSet: Set<string> | null = null;
  const intersect = (field: string, values: Iterable<string>) => {
    const next = new Set(values);
    const prev = sets.get(field);
    sets.set(field, prev ? new Set([...prev].filter((v) => next.has(v))) : next);
  };
  for (const r of restrictions) {
    if (r.field === 'month' && r.kind === 'from') from = from === '-' || r.month > from ? r.month : from;
    else if (r.field === 'month' && r.kind === 'to') to = to === '+' || r.month < to ? r.month : to;
    else if (r.field === 'month' && r.kind === 'year') {
      const y = String(r.year).padStart(4, '0');
      from = from === '-' || `${y}-01` > from ? `${y}-01` : from;
      to = to === '+' || `${y}-12` < to ? `${y}-12` : to;
    } else if (r.kind === 'values' && r.field === 'month') {
      const months = r.values.map((v) => String(v).slice(0, 7));
      monthSet = monthSet ? new Set(months.filter((m) => monthSet!.has(m))) : new Set(months);
    } else if (r.kind === 'values') intersect(r.field, r.values.map(String));
  }
  if (sets.has('district_code') && [...sets.keys()].some((f) => FINE_GEOGRAPHY.has(f) && sets.get(f)!.size === 1)) {
    // A single LSOA, ward or point lies in one district: a district restriction that keeps it
    // changes nothing, and one that removes it makes the cell empty (zero, never perturbed).
    sets.delete('district_code');
    sets.delete('district_name');
  }
  for (const [code, name] of NAMED_CODES) if (sets.has(code)) sets.delete(name); // a name adds nothing to its code
  // Fields another pinned field determines add nothing: an LSOA has one best-fit 2011 LSOA, ward and
  // deprivation decile; a category belongs to one category group.
  for (const [field, determined] of DETERMINED) if (sets.get(field)?.size === 1) for (const d of determined) sets.delete(d);
  const fields = new Map([...sets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, v]) => [f, [...v].sort()] as const));
  let months: readonly MonthRun[];
  // Ends beyond the data are open ends: "from 1990" and "from the start" count the same records,
  // so they must get the same noise (else averaging such phrasings gives the exact count).
  const inData = (m: string) => !span || (m >= span.first && m <= span.last);
  if (span && from !== '-' && from <= span.first) from = '-';
  if (span && to !== '+' && to >= span.last) to = '+';
  if (monthSet) {
    const kept = [...(monthSet as Set<string>)].filter((m) => (from === '-' || m >= from) && (to === '+' || m <= to) && inData(m)).sort();
    months = runsOf(kept).map((r) => ({ from: span && r.from === span.first ? '-' : r.from, to: span && r.to === span.last ? '+' : r.to }));
  } else months = from === '-' && to === '+' ? ALL_TIME : [{ from, to }];
  return { datasets: [...datasets].sort(), fields, months };
}

/** Maximal runs of consecutive months in a sorted list of `YYYY-MM`. */
export function runsOf(sorted: readonly string[]): MonthRun[] {
  const runs: MonthRun[] = [];
  for (const m of sorted) {
    const last = runs.at(-1);
    if (last && nextMonth(last.to) === m) last.to = m;
    else if (!last || last.to !== m) runs.push({ from: m, to: m });
  }
  return runs;
}

export function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(mo + 1).padStart(2, '0')}`;
}

/** Whether the predicate selects nothing whatever the data (an empty set on some dimension). */
export function isEmpty(p: CellPredicate): boolean {
  return [...p.fields.values()].some((v) => v.length === 0) || p.months.length === 0 || p.months.some((r) => r.from !== '-' && r.to !== '+' && r.from > r.to);
}

/** Everything but the months, as one stable string: what the month noise is keyed on. */
export function restKey(p: CellPredicate): string {
  return JSON.stringify([p.datasets, [...p.fields.entries()]]);
}

/**
 * Rates per 1,000 residents, as a step after disclosure control: the numerator is the count the
 * answer releases (already suppressed and rounded, or perturbed, by src/query), never a raw one,
 * so a rate reveals nothing its count does not. A withheld count gives no rate.
 *
 * The denominator is the population of the 2011 LSOAs a row stands for: those of its LSOA (2011
 * best fit, or an LSOA code that is itself a 2011 LSOA), district and deprivation decile when it
 * is grouped by them, and of those best fitting the row's ward when grouped by ward, within the
 * areas the answer covers and the area, decile and ward filters asked (docs/reference-data.md).
 */
import type { Filter } from '../query/query-spec.js';
import { type Denominator, DENOMINATOR_LABELS, type LsoaProfile, populationOf } from './lsoa-profile.js';

export const POPULATION_COLUMN = 'population';
export const RATE_COLUMN = 'rate_per_1000';

/** 2011 LSOA code → its best-fit ward code (src/reference/lsoa-ward.ts). */
export type WardOf = ReadonlyMap<string, string>;

/** Group columns a denominator follows, and the profile field each compares with (null: not known). */
const KEYED: Readonly<Record<string, (p: LsoaProfile, wards: WardOf) => string | number | null>> = {
  lsoa11_code: (p) => p.code,
  lsoa_code: (p) => p.code,
  district_code: (p) => p.districtCode,
  imd_decile: (p) => p.imdDecile,
  ward_code: (p, wards) => wards.get(p.code) ?? null,
};

export interface RateInput {
  columns: readonly { name: string }[];
  values: readonly unknown[][];
}

export interface RateColumns {
  population: (number | null)[];
  rate: (number | null)[];
  labels: { population: string; rate: string };
}

/**
 * Population and rate for each row of a released answer. `districts` is the set of areas the
 * answer covers (null: all of them); `filters` are the question's, of which those on areas and
 * deciles narrow the population.
 */
export function ratesFor(answer: RateInput, denominator: Denominator, profiles: readonly LsoaProfile[], districts: ReadonlySet<string> | null, filters: readonly Filter[], wards: WardOf = new Map()): RateColumns {
  const universe = profiles.filter((p) => (!districts || districts.has(p.districtCode)) && filters.every((f) => keeps(f, p, wards)));
  const keyed = answer.columns.map((c, i) => ({ i, key: KEYED[c.name] })).filter((k) => k.key !== undefined);
  const sums = new Map<string, number>();
  for (const p of universe) {
    const key = JSON.stringify(keyed.map((k) => k.key!(p, wards)));
    sums.set(key, (sums.get(key) ?? 0) + populationOf(p, denominator));
  }
  const countAt = answer.columns.findIndex((c) => c.name === 'count');
  const n = answer.values[0]?.length ?? 0;
  const population: (number | null)[] = [];
  const rate: (number | null)[] = [];
  for (let r = 0; r < n; r++) {
    const values = keyed.map((k) => answer.values[k.i][r]);
    const pop = values.some((v) => v === null || v === undefined) ? null : (sums.get(JSON.stringify(values)) ?? null);
    const count = answer.values[countAt]?.[r];
    population.push(pop);
    rate.push(typeof count === 'number' && pop ? Math.round((count / pop) * 1000 * 100) / 100 : null);
  }
  const who = DENOMINATOR_LABELS[denominator];
  return { population, rate, labels: { population: `Population (${who}, mid-2015)`, rate: `Rate per 1,000 ${who}` } };
}

/** Whether an LSOA stays in the population under a filter (filters on other fields keep it). */
function keeps(f: Filter, p: LsoaProfile, wards: WardOf): boolean {
  const field = f.field === 'lsoa11_code' || f.field === 'lsoa_code' ? 'code' : f.field;
  const value = field === 'code' ? p.code : field === 'district_code' ? p.districtCode : field === 'imd_decile' ? p.imdDecile : field === 'ward_code' ? (wards.get(p.code) ?? null) : undefined;
  if (value === undefined) return true;
  if (value === null) return false;
  const [a, b] = f.values as (string | number)[];
  switch (f.op) {
    case 'eq':
      return value === a;
    case 'in':
      return f.values.includes(value);
    case 'between':
      return value >= a && value <= b;
    case 'gte':
      return value >= a;
    case 'lte':
      return value <= a;
    case 'contains':
      return String(value).toLowerCase().includes(String(a).toLowerCase());
  }
}

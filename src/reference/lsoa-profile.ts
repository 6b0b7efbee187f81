/**
 * The deprivation and population reference file (docs/reference-data.md): one row per 2011 LSOA,
 * columns as in `reference/deprivation/imd2019-hampshire-iow.csv`. A newer file of the same shape
 * replaces it without code changes; anything else is refused with the line and column at fault.
 */

/** The columns, in order, a deprivation file must have. */
export const PROFILE_COLUMNS = [
  'lsoa11cd',
  'lsoa11nm',
  'lad19cd',
  'lad19nm',
  'imd_rank',
  'imd_decile',
  'population_mid2015',
  'children_0_15',
  'aged_16_59',
  'aged_60_plus',
] as const;

/** One 2011 LSOA: where it is, how deprived, how many live there. */
export interface LsoaProfile {
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
  imdRank: number;
  /** 1 = most deprived tenth of England's LSOAs. */
  imdDecile: number;
  population: { all: number; children: number; aged16to59: number; older: number };
}

/** Who a rate is per: all residents, children (0–15), working age (16–59) or older people (60+). */
export const DENOMINATORS = ['all', 'children', 'aged_16_59', 'older'] as const;
export type Denominator = (typeof DENOMINATORS)[number];

export const DENOMINATOR_LABELS: Readonly<Record<Denominator, string>> = {
  all: 'residents (all ages)',
  children: 'children aged 0–15',
  aged_16_59: 'residents aged 16–59',
  older: 'residents aged 60 and over',
};

export function populationOf(p: LsoaProfile, d: Denominator): number {
  if (d === 'children') return p.population.children;
  if (d === 'aged_16_59') return p.population.aged16to59;
  if (d === 'older') return p.population.older;
  return p.population.all;
}

/** Raised for a file that is not a deprivation file of the expected shape. */
export class ProfileFileError extends Error {}

/**
 * Checks the header and every row (all text as read), returning the profiles. Fails on the first
 * problem, naming its line: the file is loaded whole or not at all.
 */
export function parseProfiles(header: readonly string[], rows: readonly (readonly (string | null)[])[]): LsoaProfile[] {
  const names = header.map((h) => h.trim().toLowerCase());
  if (names.length !== PROFILE_COLUMNS.length || names.some((n, i) => n !== PROFILE_COLUMNS[i])) {
    throw new ProfileFileError(`The file's columns must be ${PROFILE_COLUMNS.join(', ')}; it has ${names.join(', ')}.`);
  }
  if (rows.length === 0) throw new ProfileFileError('The file has no rows.');
  const seen = new Set<string>();
  return rows.map((row, i) => {
    const line = i + 2;
    const text = (col: number, pattern: RegExp, what: string): string => {
      const v = (row[col] ?? '').trim();
      if (!pattern.test(v)) throw new ProfileFileError(`Line ${line}, ${PROFILE_COLUMNS[col]}: "${v}" is not ${what}.`);
      return v;
    };
    const whole = (col: number, min: number, max: number): number => {
      const n = Number(text(col, /^\d{1,9}$/, 'a whole number'));
      if (n < min || n > max) throw new ProfileFileError(`Line ${line}, ${PROFILE_COLUMNS[col]}: ${n} is not between ${min} and ${max}.`);
      return n;
    };
    const code = text(0, /^E01\d{6}$/, 'an LSOA code like E01017013');
    if (seen.has(code)) throw new ProfileFileError(`Line ${line}: LSOA ${code} appears twice.`);
    seen.add(code);
    const profile: LsoaProfile = {
      code,
      name: text(1, /^.{1,100}$/, 'a name'),
      districtCode: text(2, /^E0[6-9]\d{6}$/, 'a district code like E07000094'),
      districtName: text(3, /^.{1,100}$/, 'a name'),
      imdRank: whole(4, 1, 100_000),
      imdDecile: whole(5, 1, 10),
      population: { all: whole(6, 0, 1_000_000), children: whole(7, 0, 1_000_000), aged16to59: whole(8, 0, 1_000_000), older: whole(9, 0, 1_000_000) },
    };
    const { all, children, aged16to59, older } = profile.population;
    if (children + aged16to59 + older !== all) {
      throw new ProfileFileError(`Line ${line}: the age bands (${children} + ${aged16to59} + ${older}) do not add up to population_mid2015 (${all}).`);
    }
    return profile;
  });
}

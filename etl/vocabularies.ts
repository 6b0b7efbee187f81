/**
 * Known sets of values a column may hold. A value outside its column's vocabulary is rejected with a
 * reason, never loaded; a feed can map other spellings onto the known values (see docs/etl.md).
 */
export interface Vocabulary {
  /** How a reason names the set: `Crime type "X" is not ${description}`. */
  description: string;
  /** The values as they are stored; a file's value matches one case-insensitively. */
  values: readonly string[];
  /** Other spellings (matched case-insensitively) → one of `values`. */
  map?: Readonly<Record<string, string>>;
}

/** The police.uk crime types of street-level files. */
export const POLICE_CRIME_TYPES: Vocabulary = {
  description: 'a police.uk crime type',
  values: [
    'Anti-social behaviour',
    'Bicycle theft',
    'Burglary',
    'Criminal damage and arson',
    'Drugs',
    'Other crime',
    'Other theft',
    'Possession of weapons',
    'Public order',
    'Robbery',
    'Shoplifting',
    'Theft from the person',
    'Vehicle crime',
    'Violence and sexual offences',
  ],
};

/**
 * police.uk outcome categories, as street-level files (`Last outcome category`) and outcomes files
 * (`Outcome type`) write them since the 2014 relabelling.
 */
export const POLICE_OUTCOMES: Vocabulary = {
  description: 'a police.uk outcome category',
  values: [
    'Action to be taken by another organisation',
    'Awaiting court outcome',
    'Court case unable to proceed',
    'Court result unavailable',
    'Defendant found not guilty',
    'Defendant sent to Crown Court',
    'Formal action is not in the public interest',
    'Further action is not in the public interest',
    'Further investigation is not in the public interest',
    'Investigation complete; no suspect identified',
    'Local resolution',
    'Offender deprived of property',
    'Offender fined',
    'Offender given a caution',
    'Offender given a drugs possession warning',
    'Offender given absolute discharge',
    'Offender given community sentence',
    'Offender given conditional discharge',
    'Offender given penalty notice',
    'Offender given suspended prison sentence',
    'Offender ordered to pay compensation',
    'Offender otherwise dealt with',
    'Offender sent to prison',
    'Status update unavailable',
    'Suspect charged',
    'Suspect charged as part of another case',
    'Unable to prosecute suspect',
    'Under investigation',
  ],
};

/** Lower-cased spelling → stored value: the values themselves and the declared other spellings. */
export function vocabularyLookup(v: Vocabulary): [string, string][] {
  const out = new Map<string, string>();
  for (const value of v.values) out.set(value.trim().toLowerCase(), value);
  for (const [from, to] of Object.entries(v.map ?? {})) out.set(from.trim().toLowerCase(), to);
  return [...out.entries()];
}

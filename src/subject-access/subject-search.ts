import type { DuckDBValue } from '@duckdb/node-api';
import { type ColumnSpec, LINEAGE_COLUMNS } from '../../domain/dataset-schema.js';
import type { FeedMapping } from '../../etl/mapping.js';
import { foldedTokens } from '../../etl/matching/index.js';
import { SUBJECT_KEY_COLUMN } from '../../etl/matching/index.js';
import { ident, SqlParams } from '../../etl/pipeline/sql-params.js';
import { areaCondition, type QueryScope } from '../access/access-policy.js';

/** What a subject access search looks for, as typed. At least one term. */
export interface SubjectTerms {
  name?: string;
  dateOfBirth?: string;
  reference?: string;
}

/** The terms folded for matching: case, accents, punctuation and spacing gone; names as words. */
export interface SearchTerms {
  nameTokens: string[];
  /** ISO yyyy-mm-dd. */
  dateOfBirth: string | null;
  /** Letters and digits only, lower case. */
  reference: string | null;
}

export type TermName = 'name' | 'dateOfBirth' | 'reference';

export class SearchTermsError extends Error {}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev']);

/** Folds the typed terms; throws SearchTermsError naming what is wrong. */
export function normaliseTerms(input: SubjectTerms, today = new Date()): SearchTerms {
  const nameTokens = foldedTokens(input.name ?? '').filter((t) => !TITLES.has(t));
  if (input.name?.trim() && nameTokens.length === 0) throw new SearchTermsError('The name has no letters or digits to search for.');
  const reference = (input.reference ?? '').toLowerCase().replace(/[^a-z0-9]/g, '') || null;
  if (input.reference?.trim() && !reference) throw new SearchTermsError('The reference has no letters or digits to search for.');
  const dateOfBirth = input.dateOfBirth?.trim() ? parseDate(input.dateOfBirth.trim(), today) : null;
  if (nameTokens.length === 0 && !dateOfBirth && !reference) throw new SearchTermsError('Give a name, a date of birth or a reference to search for.');
  if (nameTokens.length === 1 && !dateOfBirth && !reference) throw new SearchTermsError('Give the full name (given and family name), or add a date of birth or a reference.');
  return { nameTokens, dateOfBirth, reference };
}

/** yyyy-mm-dd, or dd/mm/yyyy (also with - or .); a real date, not in the future. */
function parseDate(value: string, today: Date): string {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  const text = y ? `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` : '';
  const date = new Date(`${text}T00:00:00Z`);
  if (!y || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new SearchTermsError(`"${value}" is not a date of birth: write it as dd/mm/yyyy or yyyy-mm-dd.`);
  }
  if (date > today) throw new SearchTermsError('The date of birth is in the future.');
  return text;
}

/** The terms given, by name (for the audit, never their values). */
export function termNames(terms: SearchTerms): TermName[] {
  return [terms.nameTokens.length ? 'name' : null, terms.dateOfBirth ? 'dateOfBirth' : null, terms.reference ? 'reference' : null].filter((t): t is TermName => t !== null);
}

/** Which columns of a dataset hold a person's name, date of birth and record reference. */
export interface IdentifierRoles {
  /** Each entry: the columns that together hold one name (a full name, or given and family names). */
  names: string[][];
  datesOfBirth: string[];
  references: string[];
  /** The table has the pseudonymous subject key (keyed name and date of birth). */
  subjectKey: boolean;
}

const NAME_COLUMN = /(^|_)(name|full_name|fullname|surname|forename|forenames|first_name|last_name|given_name|family_name)$/;
const DOB_COLUMN = /(^|_)(dob|date_of_birth|birth_date|birthdate)$/;
const REFERENCE_COLUMN = /(^|_)(ref|reference|case_ref|case_reference|case_id|case_number|reference_number)$/;

/**
 * Finds a dataset's identifier columns: from its feeds' mappings (the person identifier columns
 * they mark, and their key column as the record reference), else from its personal columns' names.
 * Only declared columns are returned; name and date of birth columns must be personal.
 */
export function identifierRoles(columns: readonly ColumnSpec[], mappings: readonly (FeedMapping | null)[]): IdentifierRoles {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const personal = (n: string | undefined): n is string => !!n && byName.get(n)?.personal === true;
  const names = new Map<string, string[]>();
  const dobs = new Set<string>();
  const refs = new Set<string>();
  for (const m of mappings) {
    const p = m?.identifiers?.person;
    if (p) {
      const parts = p.fullName ? [p.fullName] : [p.givenName, p.familyName];
      if (parts.every(personal)) names.set(parts.join('+'), parts as string[]);
      if (personal(p.dateOfBirth)) dobs.add(p.dateOfBirth);
    }
    if (m?.key && byName.has(m.key)) refs.add(m.key);
  }
  if (names.size === 0) {
    const fallback = columns.filter((c) => c.personal && c.type === 'text' && NAME_COLUMN.test(c.name)).map((c) => c.name);
    if (fallback.length) names.set(fallback.join('+'), fallback);
  }
  if (dobs.size === 0) for (const c of columns) if (c.personal && (c.type === 'date' || c.type === 'text') && DOB_COLUMN.test(c.name)) dobs.add(c.name);
  if (refs.size === 0) for (const c of columns) if (c.type === 'text' && REFERENCE_COLUMN.test(c.name)) refs.add(c.name);
  return { names: [...names.values()], datesOfBirth: [...dobs], references: [...refs], subjectKey: byName.has(SUBJECT_KEY_COLUMN) };
}

/** The terms a dataset can be searched by. */
export function checkableTerms(roles: IdentifierRoles, terms: SearchTerms): TermName[] {
  return termNames(terms).filter((t) => (t === 'name' ? roles.names.length > 0 : t === 'dateOfBirth' ? roles.datesOfBirth.length > 0 : roles.references.length > 0));
}

const SPELLED: readonly [string, string][] = [['ß', 'ss'], ['æ', 'ae'], ['œ', 'oe'], ['ø', 'o'], ['ł', 'l'], ['đ', 'd'], ['ð', 'd'], ['þ', 'th'], ['ı', 'i']];

/** SQL folding text as foldText does (etl/matching/text-fold.ts): accents, case, punctuation, spacing. */
export function foldSql(expr: string): string {
  let e = `strip_accents(lower(CAST(${expr} AS VARCHAR)))`;
  for (const [from, to] of SPELLED) e = `replace(${e}, '${from}', '${to}')`;
  return `trim(regexp_replace(regexp_replace(${e}, '[''’‘\`´.]', '', 'g'), '[^a-z0-9]+', ' ', 'g'))`;
}

export interface SearchSql {
  sql: string;
  params: DuckDBValue[];
  /** The terms this dataset was searched by. */
  checked: TermName[];
}

/** Rows of one dataset a search returns at most (one more is read to tell that there were more). */
export const ROWS_PER_DATASET = 1000;

/**
 * One dataset's rows matching the terms, inside the caller's subject access scope: every term the
 * dataset can be checked by must match (names as sets of words, either way round; dates of birth as
 * dates; references as letters and digits), or, given a name and a date of birth, the row's subject
 * key must be theirs (the name read as written, and family name first) (catching short forms and spellings the partner wrote differently). Each
 * row says which of these matched. Null when the dataset holds none of the terms.
 */
export function subjectSearchSql(table: string, scope: QueryScope, roles: IdentifierRoles, terms: SearchTerms, subjectKeys: readonly string[]): SearchSql | null {
  const checked = checkableTerms(roles, terms);
  if (checked.length === 0) return null;
  const p = new SqlParams();
  const conds: Record<string, string> = {};
  if (checked.includes('name')) {
    const wanted = `[${terms.nameTokens.map((t) => p.bind(t)).join(', ')}]`;
    conds.name = or(
      roles.names.map((cols) => {
        const tokens = `string_split(${foldSql(`concat_ws(' ', ${cols.map(ident).join(', ')})`)}, ' ')`;
        return `(list_has_all(${tokens}, ${wanted}) OR (len(${tokens}) >= 2 AND list_has_all(${wanted}, ${tokens})))`;
      }),
    );
  }
  if (checked.includes('dateOfBirth')) {
    const dob = p.bind(terms.dateOfBirth!);
    conds.dateOfBirth = or(roles.datesOfBirth.map((c) => `TRY_CAST(${ident(c)} AS DATE) = CAST(${dob} AS DATE)`));
  }
  if (checked.includes('reference')) {
    const ref = p.bind(terms.reference!);
    conds.reference = or(roles.references.map((c) => `regexp_replace(lower(CAST(${ident(c)} AS VARCHAR)), '[^a-z0-9]', '', 'g') = ${ref}`));
  }
  let match = `(${Object.values(conds).join(' AND ')})`;
  if (subjectKeys.length && roles.subjectKey && terms.nameTokens.length && terms.dateOfBirth) {
    conds.subjectKey = `${ident(SUBJECT_KEY_COLUMN)} IN (${subjectKeys.map((k) => p.bind(k)).join(', ')})`;
    match = `(${match} OR ${conds.subjectKey})`;
  }
  const area = areaCondition(scope.areas, ident('district_code'), (code) => p.bind(code));
  const flags = Object.entries(conds).map(([k, c]) => `coalesce(${c}, false) AS ${ident(`_m_${k.toLowerCase()}`)}`);
  const lineage = [LINEAGE_COLUMNS.loadId, LINEAGE_COLUMNS.sourceRow].map(ident);
  const sql =
    `SELECT ${[...scope.columns.map(formatted), ...lineage, ...flags].join(', ')} FROM ${ident(table)} ` +
    `WHERE ${[match, area].filter(Boolean).join(' AND ')} ORDER BY ${lineage.join(', ')} LIMIT ${ROWS_PER_DATASET + 1}`;
  return { sql, params: p.values, checked };
}

function or(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

function formatted(c: ColumnSpec): string {
  const col = ident(c.name);
  if (c.type === 'month') return `strftime(${col}, '%Y-%m') AS ${col}`;
  if (c.type === 'date') return `strftime(${col}, '%Y-%m-%d') AS ${col}`;
  if (c.type === 'timestamp') return `strftime(${col}, '%Y-%m-%dT%H:%M:%S') AS ${col}`;
  return col;
}

/** Which parts of the search a returned row matched, from its `_m_*` flags. */
export function matchedBy(row: Record<string, unknown>): string[] {
  return [['_m_name', 'name'], ['_m_dateofbirth', 'dateOfBirth'], ['_m_reference', 'reference'], ['_m_subjectkey', 'subjectKey']].filter(([flag]) => row[flag] === true).map(([, name]) => name);
}

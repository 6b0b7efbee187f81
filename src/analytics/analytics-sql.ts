/**
 * DuckDB SQL for threat, risk and harm analytics. Identifiers come only from the catalogue
 * (table names) and fixed column names declared in the dataset contract; whole numbers from
 * validated configuration are checked and written in; every other value is a bound parameter.
 * The caller's areas are applied to every branch from the policy's scope.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { areaCondition, type AreaScope } from '../access/access-policy.js';
import type { ColumnSpec } from '../../domain/dataset-schema.js';
import { ident } from '../query/query-sql.js';

/** Day-level date columns a partner dataset may declare (see docs/analytics.md). */
export const INCIDENT_DATE_COLUMN = 'incident_date';
export const REPORTED_DATE_COLUMN = 'reported_date';

export type KeyColumn = 'subject_key' | 'place_key';

/** One dataset table an analysis reads, with the rows the caller may use. */
export interface AnalyticsSource {
  table: string;
  slug: string;
  /** Owning organisation id: "partner" in every result. */
  partner: string;
  areas: AreaScope;
  /** Declared column names, to pick the date expressions. */
  columnNames: ReadonlySet<string>;
}

export interface BuiltSql {
  sql: string;
  params: DuckDBValue[];
}

/** Names of a dataset's declared columns. */
export function columnNamesOf(columns: readonly ColumnSpec[]): Set<string> {
  return new Set(columns.map((c) => c.name));
}

class Params {
  readonly values: DuckDBValue[] = [];
  add(value: DuckDBValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  date(iso: string): string {
    return `CAST(${this.add(iso)} AS DATE)`;
  }
}

function table(name: string): string {
  if (!/^ds_[a-z0-9_]{1,64}$/.test(name)) throw new Error(`Refusing to use "${name}" as a table`);
  return `"${name}"`;
}

function whole(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Refusing to use ${n} as a whole number`);
  return String(n);
}

/** The day an event happened: the incident date where declared and filled, else the reported date, else its month. */
function eventDate(s: AnalyticsSource): string {
  const days = [INCIDENT_DATE_COLUMN, REPORTED_DATE_COLUMN].filter((c) => s.columnNames.has(c)).map((c) => `CAST(${ident(c)} AS DATE)`);
  return days.length ? `COALESCE(${[...days, ident('month')].join(', ')})` : ident('month');
}

/** The day it was reported: the reported date where declared and filled, else the event date. */
function reportedDate(s: AnalyticsSource): string {
  return s.columnNames.has(REPORTED_DATE_COLUMN) ? `COALESCE(CAST(${ident(REPORTED_DATE_COLUMN)} AS DATE), ${eventDate(s)})` : eventDate(s);
}

function areaClause(areas: AreaScope, p: Params): string | null {
  return areaCondition(areas, ident('district_code'), (c) => p.add(c));
}

interface EventFilter {
  key?: KeyColumn;
  /** Only rows with this key value. */
  keyValue?: string;
  categoryGroup?: string | null;
  since?: string;
  until?: string;
}

/**
 * The union of every source as one event list: k (key, if asked), d (event day), r (reported
 * day), partner, dataset, district, LSOA, category.
 */
function events(sources: readonly AnalyticsSource[], f: EventFilter, p: Params): string {
  const branches = sources.map((s) => {
    const d = eventDate(s);
    const cols = [
      f.key ? `${ident(f.key)} AS k` : 'NULL::VARCHAR AS k',
      `${d} AS d`,
      `${reportedDate(s)} AS r`,
      `${p.add(s.partner)} AS partner`,
      `${p.add(s.slug)} AS dataset`,
      `${ident('district_code')} AS district_code`,
      `${ident('district_name')} AS district_name`,
      `${ident('lsoa_code')} AS lsoa_code`,
      `${ident('lsoa_name')} AS lsoa_name`,
      `${ident('category')} AS category`,
    ];
    const where = [
      areaClause(s.areas, p),
      f.key ? `${ident(f.key)} IS NOT NULL` : null,
      f.key && f.keyValue !== undefined ? `${ident(f.key)} = ${p.add(f.keyValue)}` : null,
      f.categoryGroup ? `${ident('category_group')} = ${p.add(f.categoryGroup)}` : null,
      f.since ? `${d} >= ${p.date(f.since)}` : null,
      f.until ? `${d} <= ${p.date(f.until)}` : null,
    ].filter((c): c is string => c !== null);
    return `SELECT ${cols.join(', ')} FROM ${table(s.table)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  });
  return branches.length ? branches.join(' UNION ALL ') : 'SELECT NULL::VARCHAR AS k WHERE FALSE';
}

/** Whether a source has any row in the caller's areas (an empty aggregate-level source is left out). */
export function anyRowSql(source: AnalyticsSource): BuiltSql {
  const p = new Params();
  const area = areaClause(source.areas, p);
  return { sql: `SELECT EXISTS (SELECT 1 FROM ${table(source.table)}${area ? ` WHERE ${area}` : ''}) AS found`, params: p.values };
}

/** The latest event day in the sources (the default end of every analysis). */
export function latestDateSql(sources: readonly AnalyticsSource[], categoryGroup: string | null): BuiltSql {
  const p = new Params();
  return { sql: `SELECT strftime(max(d), '%Y-%m-%d') AS latest FROM (${events(sources, { categoryGroup }, p)})`, params: p.values };
}

export interface RepeatRule {
  incidents: number;
  windowDays: number;
  partners: number;
}

/** CTEs: events, per-key peak count within any window, totals, and the keys meeting the rule. */
function repeatCtes(sources: readonly AnalyticsSource[], key: KeyColumn, since: string, until: string, rule: RepeatRule, p: Params): string {
  return `WITH events AS (${events(sources, { key, since, until }, p)}),
    peaks AS (
      SELECT k, max(w) AS peak FROM (
        SELECT k, count(*) OVER (PARTITION BY k ORDER BY d RANGE BETWEEN INTERVAL ${whole(rule.windowDays)} DAYS PRECEDING AND CURRENT ROW) AS w FROM events
      ) GROUP BY k),
    totals AS (
      SELECT k, count(*) AS incidents, count(DISTINCT partner) AS partners, min(d) AS first_day, max(d) AS last_day FROM events GROUP BY k),
    qualified AS (
      SELECT t.*, pk.peak FROM totals t JOIN peaks pk USING (k)
      WHERE pk.peak >= ${whole(rule.incidents)} OR t.partners >= ${whole(rule.partners)})`;
}

/**
 * Keys (subjects or places) meeting the repeat rule, busiest first, with their counts split by
 * partner, dataset and district: one row per key × partner × dataset × district.
 */
export function repeatListSql(sources: readonly AnalyticsSource[], key: KeyColumn, since: string, until: string, rule: RepeatRule, limit: number): BuiltSql {
  const p = new Params();
  const sql = `${repeatCtes(sources, key, since, until, rule, p)},
    chosen AS (
      SELECT *, count(*) OVER () AS total FROM qualified
      ORDER BY partners DESC, peak DESC, incidents DESC, k LIMIT ${whole(limit)})
    SELECT c.k AS key, c.incidents, c.partners, c.peak, c.total,
      strftime(c.first_day, '%Y-%m-%d') AS first_day, strftime(c.last_day, '%Y-%m-%d') AS last_day,
      e.partner, e.dataset, e.district_code, any_value(e.district_name) AS district_name, count(*) AS n,
      strftime(max(e.d), '%Y-%m-%d') AS last_seen
    FROM chosen c JOIN events e USING (k)
    GROUP BY c.k, c.incidents, c.partners, c.peak, c.total, c.first_day, c.last_day, e.partner, e.dataset, e.district_code
    ORDER BY c.partners DESC, c.peak DESC, c.incidents DESC, c.k, e.partner, e.dataset, e.district_code`;
  return { sql, params: p.values };
}

/** How many keys meet the repeat rule per district, and how many of them are known to several partners. */
export function repeatSummarySql(sources: readonly AnalyticsSource[], key: KeyColumn, since: string, until: string, rule: RepeatRule): BuiltSql {
  const p = new Params();
  const sql = `${repeatCtes(sources, key, since, until, rule, p)}
    SELECT e.district_code, any_value(e.district_name) AS district_name,
      count(DISTINCT e.k) AS repeat_count,
      count(DISTINCT CASE WHEN q.partners >= ${whole(rule.partners)} THEN e.k END) AS cross_partner_count
    FROM events e JOIN qualified q USING (k)
    WHERE e.district_code IS NOT NULL
    GROUP BY e.district_code ORDER BY e.district_code`;
  return { sql, params: p.values };
}

/** Events per LSOA in the current period (after `split`, up to `until`) and the one before (after `since`). */
export function lsoaHotspotsSql(sources: readonly AnalyticsSource[], since: string, split: string, until: string, categoryGroup: string | null): BuiltSql {
  const p = new Params();
  const s = p.date(split);
  const sql = `SELECT lsoa_code, any_value(lsoa_name) AS lsoa_name, any_value(district_code) AS district_code, any_value(district_name) AS district_name,
      count(*) FILTER (WHERE d > ${s}) AS current_count, count(*) FILTER (WHERE d <= ${s}) AS previous_count
    FROM (${events(sources, { categoryGroup }, p)}) AS e
    WHERE lsoa_code IS NOT NULL AND d > ${p.date(since)} AND d <= ${p.date(until)}
    GROUP BY lsoa_code ORDER BY lsoa_code`;
  return { sql, params: p.values };
}

/** Events per place key in the current and previous periods, with partners and districts. */
export function placeHotspotsSql(sources: readonly AnalyticsSource[], since: string, split: string, until: string, categoryGroup: string | null, limit: number): BuiltSql {
  const p = new Params();
  const s = p.date(split);
  const sql = `SELECT k AS key, count(*) FILTER (WHERE d > ${s}) AS current_count, count(*) FILTER (WHERE d <= ${s}) AS previous_count,
      count(DISTINCT partner) AS partners, any_value(district_code) AS district_code, any_value(district_name) AS district_name,
      any_value(lsoa_code) AS lsoa_code
    FROM (${events(sources, { key: 'place_key', categoryGroup }, p)}) AS e
    WHERE d > ${p.date(since)} AND d <= ${p.date(until)}
    GROUP BY k ORDER BY current_count DESC, previous_count DESC, k LIMIT ${whole(limit)}`;
  return { sql, params: p.values };
}

/** Monthly counts per district and category from `from` to `to` (month starts). */
export function monthlyCountsSql(sources: readonly AnalyticsSource[], from: string, to: string): BuiltSql {
  const p = new Params();
  const branches = sources.map((s) => {
    const where = [areaClause(s.areas, p), `${ident('month')} BETWEEN ${p.date(from)} AND ${p.date(to)}`, `${ident('district_code')} IS NOT NULL`, `${ident('category')} IS NOT NULL`].filter(
      (c): c is string => c !== null,
    );
    return `SELECT ${ident('district_code')} AS district_code, ${ident('district_name')} AS district_name, ${ident('category')} AS category, ${ident('month')} AS month FROM ${table(s.table)} WHERE ${where.join(' AND ')}`;
  });
  const sql = `SELECT district_code, any_value(district_name) AS district_name, category, strftime(month, '%Y-%m') AS month, count(*) AS n
    FROM (${branches.join(' UNION ALL ')}) GROUP BY district_code, category, month ORDER BY district_code, category, month`;
  return { sql, params: p.values };
}

/** The latest month with data in the sources that began before `before` (the first day of a month). */
export function latestMonthSql(sources: readonly AnalyticsSource[], before: string): BuiltSql {
  const p = new Params();
  const branches = sources.map((s) => {
    const where = [areaClause(s.areas, p), `${ident('month')} < ${p.date(before)}`].filter((c): c is string => c !== null);
    return `SELECT max(${ident('month')}) AS m FROM ${table(s.table)} WHERE ${where.join(' AND ')}`;
  });
  return { sql: `SELECT strftime(max(m), '%Y-%m') AS latest FROM (${branches.join(' UNION ALL ')})`, params: p.values };
}

/** Every event of one key: dates, partner, dataset and district (no personal data). */
export function keyEventsSql(sources: readonly AnalyticsSource[], key: KeyColumn, value: string): BuiltSql {
  const p = new Params();
  const sql = `SELECT strftime(d, '%Y-%m-%d') AS incident_date, strftime(r, '%Y-%m-%d') AS reported_date, partner, dataset, district_code, district_name, category
    FROM (${events(sources, { key, keyValue: value }, p)}) ORDER BY d, r, dataset`;
  return { sql, params: p.values };
}

/** A column as it leaves the server: dates as ISO text. */
function formatted(c: ColumnSpec): string {
  const col = ident(c.name);
  if (c.type === 'month') return `strftime(${col}, '%Y-%m') AS ${col}`;
  if (c.type === 'date') return `strftime(${col}, '%Y-%m-%d') AS ${col}`;
  if (c.type === 'timestamp') return `strftime(${col}, '%Y-%m-%dT%H:%M:%S') AS ${col}`;
  return col;
}

/** One dataset's rows for one subject, through the columns the caller may see there. */
export function subjectRowsSql(source: AnalyticsSource, columns: readonly ColumnSpec[], subjectKey: string, limit: number): BuiltSql {
  const p = new Params();
  const where = [`${ident('subject_key')} = ${p.add(subjectKey)}`, areaClause(source.areas, p)].filter((c): c is string => c !== null);
  const order = source.columnNames.has(INCIDENT_DATE_COLUMN) ? `${ident(INCIDENT_DATE_COLUMN)}, ${ident('month')}` : ident('month');
  const sql = `SELECT ${columns.map(formatted).join(', ')} FROM ${table(source.table)} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${whole(limit)}`;
  return { sql, params: p.values };
}

/** The keys an ASB case review looks for: the applicant's subject key and the location's place key. */
export interface CaseKeys {
  subject: string | null;
  place: string | null;
}

/** `subject_key = $a OR place_key = $b` over the key columns a source declares; null when it declares neither asked key. */
function caseKeyCondition(s: AnalyticsSource, keys: CaseKeys, p: Params): { where: string; matchedBy: string } | null {
  const subject = keys.subject && s.columnNames.has('subject_key') ? `${ident('subject_key')} = ${p.add(keys.subject)}` : null;
  const place = keys.place && s.columnNames.has('place_key') ? `${ident('place_key')} = ${p.add(keys.place)}` : null;
  if (!subject && !place) return null;
  const matchedBy = subject && place ? `CASE WHEN ${subject} AND ${place} THEN 'both' WHEN ${subject} THEN 'subject' ELSE 'place' END` : `'${subject ? 'subject' : 'place'}'`;
  return { where: [subject, place].filter(Boolean).join(' OR '), matchedBy };
}

/**
 * Every report about the applicant or the location in the sources, one row per partner record
 * (a record matching both keys once): dates, partner, dataset, district and category only.
 */
export function caseReportsSql(sources: readonly AnalyticsSource[], keys: CaseKeys): BuiltSql {
  const p = new Params();
  const branches = sources.flatMap((s) => {
    const cond = caseKeyCondition(s, keys, p);
    if (!cond) return [];
    const where = [`(${cond.where})`, areaClause(s.areas, p)].filter((c): c is string => c !== null);
    return [
      `SELECT strftime(${eventDate(s)}, '%Y-%m-%d') AS incident_date, strftime(${reportedDate(s)}, '%Y-%m-%d') AS reported_date, ${p.add(s.partner)} AS partner, ${p.add(s.slug)} AS dataset, ${ident('district_code')} AS district_code, ${ident('category')} AS category, ${cond.matchedBy} AS matched_by FROM ${table(s.table)} WHERE ${where.join(' AND ')}`,
    ];
  });
  if (branches.length === 0) return { sql: `SELECT NULL::VARCHAR AS incident_date WHERE FALSE`, params: [] };
  return { sql: `SELECT * FROM (${branches.join(' UNION ALL ')}) ORDER BY reported_date, incident_date, dataset`, params: p.values };
}

/** One dataset's rows about the applicant or the location (a case pack), through the given columns. */
export function caseRowsSql(source: AnalyticsSource, columns: readonly ColumnSpec[], keys: CaseKeys, limit: number): BuiltSql | null {
  const p = new Params();
  const cond = caseKeyCondition(source, keys, p);
  if (!cond) return null;
  const where = [`(${cond.where})`, areaClause(source.areas, p)].filter((c): c is string => c !== null);
  const order = source.columnNames.has(INCIDENT_DATE_COLUMN) ? `${ident(INCIDENT_DATE_COLUMN)}, ${ident('month')}` : ident('month');
  const sql = `SELECT ${columns.map(formatted).join(', ')}, ${cond.matchedBy} AS _matched_by FROM ${table(source.table)} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${whole(limit)}`;
  return { sql, params: p.values };
}

import { createHmac } from 'node:crypto';
import { COMMON_COLUMNS } from '../../domain/dataset-schema.js';
import { MATCH_KEY_COLUMNS } from '../../etl/matching/index.js';
import { ident } from '../../etl/pipeline/sql-params.js';
import type { FeedMapping } from '../../etl/mapping.js';

const DERIVED = new Set([...COMMON_COLUMNS, ...MATCH_KEY_COLUMNS].map((c) => c.name));

/**
 * The columns that identify a record across reloads of its file: the key column its feeds share
 * (a case reference), or, without one, every column the feeds map (the record's whole content).
 * Never the columns the hub derives (month, area, category, match keys), which may change.
 */
export function naturalKeyColumns(columns: readonly { name: string }[], mappings: readonly (FeedMapping | null)[]): string[] {
  const keys = new Set(mappings.map((m) => m?.key ?? null));
  if (keys.size === 1) {
    const [key] = keys;
    if (key && columns.some((c) => c.name === key)) return [key];
  }
  return columns.map((c) => c.name).filter((n) => !DERIVED.has(n) && !n.startsWith('_')).sort();
}

/** A per-dataset secret for the register's hashes, derived from the hub's matching key. */
export function erasureSalt(matchingKey: string, datasetId: string): string {
  return createHmac('sha256', matchingKey).update(`erasure-register\0${datasetId}`, 'utf8').digest('hex');
}

/**
 * SQL for the hex SHA-256 of a row's natural key behind the dataset's salt (bound as `salt`, a
 * placeholder). The same expression is used when erasing and when loading, so they always agree.
 */
export function naturalKeyHashSql(columns: readonly string[], salt: string, qualifier = ''): string {
  if (columns.length === 0) throw new Error('A natural key needs at least one column');
  const parts = columns.map((c) => `coalesce(CAST(${qualifier}${ident(c)} AS VARCHAR), chr(0))`);
  return `sha256(${salt} || chr(30) || ${parts.length === 1 ? parts[0] : `concat_ws(chr(31), ${parts.join(', ')})`})`;
}

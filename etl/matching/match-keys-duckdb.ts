import type { DuckDBConnection } from '@duckdb/node-api';
import { type IdentifierColumns, PLACE_KEY_COLUMN, SUBJECT_KEY_COLUMN } from './identifier-columns.js';
import type { MatchKeyer } from './match-keys.js';

export interface MatchKeyStats {
  /** Rows given a subject key / place key. */
  subjectRows: number;
  placeRows: number;
  /** Distinct keys made. */
  subjects: number;
  places: number;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function quote(name: string): string {
  if (!NAME.test(name)) throw new Error(`Refusing to use "${name}" as an identifier`);
  return `"${name}"`;
}

/**
 * Adds `subject_key` and/or `place_key` to a DuckDB table (a load's staging table) from its
 * identifier columns. Set-based: the distinct identifier combinations are read once, keyed in
 * JavaScript (the secret stays in this process, never in SQL), written to a temporary lookup
 * table and joined back in one UPDATE. Run it on the load's connection, inside its transaction.
 */
export async function addMatchKeys(connection: DuckDBConnection, table: string, ids: IdentifierColumns, keyer: MatchKeyer): Promise<MatchKeyStats> {
  const stats: MatchKeyStats = { subjectRows: 0, placeRows: 0, subjects: 0, places: 0 };
  if (ids.person) {
    const p = ids.person;
    const cols = [p.fullName, p.givenName, p.familyName, p.dateOfBirth];
    const r = await keyColumn(connection, table, SUBJECT_KEY_COLUMN, cols, ([fullName, givenName, familyName, dateOfBirth]) =>
      keyer.subjectKey({ fullName, givenName, familyName, dateOfBirth }),
    );
    stats.subjectRows = r.rows;
    stats.subjects = r.keys;
  }
  if (ids.place) {
    const p = ids.place;
    const r = await keyColumn(connection, table, PLACE_KEY_COLUMN, [p.address, p.postcode, p.houseNumber], ([address, postcode, houseNumber]) =>
      keyer.placeKey({ address, postcode, houseNumber }),
    );
    stats.placeRows = r.rows;
    stats.places = r.keys;
  }
  return stats;
}

/** Drops the raw identifier columns after keying, for feeds that do not keep them. */
export async function dropColumns(connection: DuckDBConnection, table: string, columns: readonly string[]): Promise<void> {
  for (const c of columns) await connection.run(`ALTER TABLE ${quote(table)} DROP COLUMN IF EXISTS ${quote(c)}`);
}

async function keyColumn(
  connection: DuckDBConnection,
  table: string,
  target: string,
  sources: readonly (string | undefined)[],
  key: (values: (string | null)[]) => string | null,
): Promise<{ rows: number; keys: number }> {
  const t = quote(table);
  const used = sources.map((s) => (s ? `CAST(${quote(s)} AS VARCHAR)` : 'NULL::VARCHAR'));
  await connection.run(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${quote(target)} VARCHAR`);
  const distinct = await connection.runAndReadAll(`SELECT DISTINCT ${used.map((u, i) => `${u} AS c${i}`).join(', ')} FROM ${t}`);
  const lookup = `_match_${target}`;
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${quote(lookup)} (${used.map((_, i) => `c${i} VARCHAR`).join(', ')}, k VARCHAR)`);
  const keys = new Set<string>();
  const appender = await connection.createAppender(lookup, 'main', 'temp');
  try {
    for (const row of distinct.getRows()) {
      const values = row.map((v) => (v === null ? null : String(v)));
      const k = key(values);
      if (k === null) continue;
      keys.add(k);
      for (const v of values) (v === null ? appender.appendNull() : appender.appendVarchar(v));
      appender.appendVarchar(k);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const on = used.map((u, i) => `${u.replace(/"([a-z0-9_]+)"/, `${t}."$1"`)} IS NOT DISTINCT FROM m.c${i}`).join(' AND ');
  await connection.run(`UPDATE ${t} SET ${quote(target)} = m.k FROM ${quote(lookup)} AS m WHERE ${on}`);
  const [[rows]] = (await connection.runAndReadAll(`SELECT count(*) FROM ${t} WHERE ${quote(target)} IS NOT NULL`)).getRows();
  await connection.run(`DROP TABLE IF EXISTS temp.${quote(lookup)}`);
  return { rows: Number(rows), keys: keys.size };
}

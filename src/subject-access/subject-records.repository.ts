import type { DuckDBValue } from '@duckdb/node-api';
import { Injectable } from '@nestjs/common';
import { LINEAGE_COLUMNS } from '../../domain/dataset-schema.js';
import { ident, SqlParams } from '../../etl/pipeline/sql-params.js';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import { archiveOf, type DatasetStats, main, monthsOf, num, refreshRollups, statsOf } from '../ingest/dataset-table.sql.js';

/** A record as the search returns it: which load brought it, and its row in that file. */
export interface RecordRef {
  loadId: string;
  sourceRow: number;
}

export interface EraseOutcome {
  /** Register hashes of the records erased. */
  hashes: string[];
  rowsDeleted: number;
  archivedRowsDeleted: number;
  stats: DatasetStats;
}

/** The DuckDB side of subject access: searching dataset tables for one person, and erasing records. */
@Injectable()
export class SubjectRecordsRepository {
  constructor(private readonly store: AnalyticsStore) {}

  async rows(sql: string, params: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    const rows = await this.store.all(sql, params);
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : v])));
  }

  async tableExists(table: string): Promise<boolean> {
    const [r] = await this.store.all('SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2', ['main', table]);
    return num(r?.n) > 0;
  }

  /**
   * Erases records in one transaction: every row and archived (replaced) row with the same natural
   * key as one of `records` goes, and the roll-ups follow. `keyHash` is the natural-key hash SQL
   * (its salt bound as $1). `beforeCommit` records the erasure in the catalogue; if it throws,
   * nothing is erased. Refuses when a record is not in the table.
   */
  async erase(table: string, keyHash: string, salt: string, records: readonly RecordRef[], beforeCommit: (outcome: EraseOutcome) => Promise<void>): Promise<EraseOutcome> {
    return this.store.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const p = new SqlParams();
        p.bind(salt);
        const pairs = records.map((r) => `(${p.bind(r.loadId)}, CAST(${p.bind(r.sourceRow)} AS BIGINT))`).join(', ');
        const lineage = `(${ident(LINEAGE_COLUMNS.loadId)}, ${ident(LINEAGE_COLUMNS.sourceRow)})`;
        const found = (await c.runAndReadAll(`SELECT DISTINCT ${lineage.slice(1, -1)}, ${keyHash} AS h FROM ${main(table)} WHERE ${lineage} IN (${pairs})`, p.values)).getRowObjectsJS();
        const foundRows = new Set(found.map((r) => `${String(r[LINEAGE_COLUMNS.loadId])}:${num(r[LINEAGE_COLUMNS.sourceRow])}`));
        const missing = records.filter((r) => !foundRows.has(`${r.loadId}:${r.sourceRow}`));
        if (missing.length) throw new RecordNotFoundError(missing);
        const hashes = [...new Set(found.map((r) => String(r.h)))];
        const hp = new SqlParams();
        hp.bind(salt);
        const list = hashes.map((h) => hp.bind(h)).join(', ');
        const where = `${keyHash} IN (${list})`;
        const months = await monthsOf(c, `SELECT month FROM ${main(table)} WHERE ${where}`, hp.values);
        const rowsDeleted = num((await c.runAndReadAll(`DELETE FROM ${main(table)} WHERE ${where}`, hp.values)).getRows()[0]?.[0]);
        const archivedRowsDeleted = num((await c.runAndReadAll(`DELETE FROM ${archiveOf(table)} WHERE ${where}`, hp.values)).getRows()[0]?.[0]);
        await refreshRollups(c, table, months);
        const stats = await statsOf(c, table);
        const outcome = { hashes, rowsDeleted, archivedRowsDeleted, stats };
        await beforeCommit(outcome);
        await c.run('COMMIT');
        return outcome;
      } catch (err) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }
}

export class RecordNotFoundError extends Error {
  constructor(readonly missing: readonly RecordRef[]) {
    super(`${missing.length} of the records are not in the dataset (already erased, rolled back or replaced?)`);
  }
}

import { Injectable } from '@nestjs/common';
import type { DuckDBValue } from '@duckdb/node-api';
import { AnalyticsStore, type AnalyticsTransaction } from '../analytics-store/analytics-store.service.js';
import { literal, SqlParams } from '../../etl/pipeline/sql-params.js';
import type { LsoaProfile } from './lsoa-profile.js';
import type { BestFit } from './lsoa-best-fit.js';
import type { WardFit } from './lsoa-ward.js';

/** One loaded version of the deprivation file. */
export interface ReferenceVersion {
  version: number;
  source: string;
  sha256: string;
  rows: number;
  loadedAt: string;
}

/** Where rows coded to an LSOA lie: its code and the coordinates of its rows. */
export interface CodePoints {
  code: string;
  points: [number, number][];
}

const PROFILE_INSERT = ['lsoa11_code', 'lsoa11_name', 'district_code', 'district_name', 'imd_rank', 'imd_decile', 'population', 'children_0_15', 'aged_16_59', 'aged_60_plus'];

/**
 * The reference tables in DuckDB (schema `ref`): the LSOA profiles (deprivation and population),
 * the versions loaded, the best-fit lookup from the LSOA codes found in the data to 2011
 * LSOAs, and the best-fit ward of each 2011 LSOA. The query SQL joins these by name (src/query/query-sql.ts).
 */
@Injectable()
export class ReferenceRepository {
  constructor(private readonly store: AnalyticsStore) {}

  async ensureSchema(): Promise<void> {
    await this.store.withConnection(async (c) => {
      await c.run('CREATE SCHEMA IF NOT EXISTS ref');
      await c.run(
        'CREATE TABLE IF NOT EXISTS ref.reference_version (version INTEGER PRIMARY KEY, source VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, "rows" INTEGER NOT NULL, loaded_at TIMESTAMP NOT NULL)',
      );
      await c.run(
        'CREATE TABLE IF NOT EXISTS ref.lsoa_profile (lsoa11_code VARCHAR PRIMARY KEY, lsoa11_name VARCHAR NOT NULL, district_code VARCHAR NOT NULL, district_name VARCHAR NOT NULL, ' +
          'imd_rank INTEGER NOT NULL, imd_decile INTEGER NOT NULL, population INTEGER NOT NULL, children_0_15 INTEGER NOT NULL, aged_16_59 INTEGER NOT NULL, aged_60_plus INTEGER NOT NULL)',
      );
      await c.run('CREATE TABLE IF NOT EXISTS ref.lsoa_best_fit (lsoa_code VARCHAR PRIMARY KEY, lsoa11_code VARCHAR, rule VARCHAR NOT NULL, points INTEGER NOT NULL)');
      await c.run('CREATE TABLE IF NOT EXISTS ref.lsoa_ward (lsoa11_code VARCHAR PRIMARY KEY, ward_code VARCHAR NOT NULL, ward_name VARCHAR NOT NULL, share DOUBLE NOT NULL)');
    });
  }

  /** Every cell of a CSV file as text, header first (DuckDB's reader; the file is checked by the caller). */
  async readCsvText(file: string): Promise<(string | null)[][]> {
    const rows = await this.store.withConnection(async (c) =>
      (await c.runAndReadAll(`SELECT * FROM read_csv(${literal(file)}, header = false, all_varchar = true, delim = ',', quote = '"', null_padding = true)`)).getRows(),
    );
    return rows.map((r) => r.map((v) => (v === null ? null : String(v))));
  }

  async currentVersion(): Promise<ReferenceVersion | null> {
    const [row] = await this.store.all('SELECT version, source, sha256, "rows", strftime(loaded_at, \'%Y-%m-%dT%H:%M:%SZ\') AS loaded_at FROM ref.reference_version ORDER BY version DESC LIMIT 1');
    return row ? { version: Number(row.version), source: String(row.source), sha256: String(row.sha256), rows: Number(row.rows), loadedAt: String(row.loaded_at) } : null;
  }

  /**
   * Replaces the profiles in one transaction, records the version, and restarts the best-fit
   * lookup from the new 2011 codes (each maps to itself; other codes are worked out again).
   */
  async replaceProfiles(profiles: readonly LsoaProfile[], source: string, sha256: string): Promise<ReferenceVersion> {
    return this.store.transaction(async (tx) => {
      const [{ next }] = await tx.all<{ next: number }>('SELECT CAST(coalesce(max(version), 0) + 1 AS INTEGER) AS next FROM ref.reference_version');
      await tx.run('DELETE FROM ref.lsoa_profile');
      await tx.run('DELETE FROM ref.lsoa_best_fit');
      await insert(tx, 'ref.lsoa_profile', PROFILE_INSERT, profiles.map((p) => [p.code, p.name, p.districtCode, p.districtName, p.imdRank, p.imdDecile, p.population.all, p.population.children, p.population.aged16to59, p.population.older]));
      await tx.run("INSERT INTO ref.lsoa_best_fit SELECT lsoa11_code, lsoa11_code, 'same code', 0 FROM ref.lsoa_profile");
      await tx.run('INSERT INTO ref.reference_version VALUES ($1, $2, $3, $4, now())', [next, source, sha256, profiles.length]);
      return { version: Number(next), source, sha256, rows: profiles.length, loadedAt: new Date().toISOString().slice(0, 19) + 'Z' };
    });
  }

  async profiles(): Promise<LsoaProfile[]> {
    const rows = await this.store.all('SELECT * FROM ref.lsoa_profile ORDER BY lsoa11_code');
    return rows.map((r) => ({
      code: String(r.lsoa11_code),
      name: String(r.lsoa11_name),
      districtCode: String(r.district_code),
      districtName: String(r.district_name),
      imdRank: Number(r.imd_rank),
      imdDecile: Number(r.imd_decile),
      population: { all: Number(r.population), children: Number(r.children_0_15), aged16to59: Number(r.aged_16_59), older: Number(r.aged_60_plus) },
    }));
  }

  /**
   * LSOA codes in a dataset table that the lookup does not know yet, with the coordinates of
   * their rows when the table has them (`table` comes from the catalogue).
   */
  async unmatchedCodes(table: string, hasCoordinates: boolean): Promise<CodePoints[]> {
    if (!/^ds_[a-z0-9_]{1,64}$/.test(table)) throw new Error(`Refusing to use "${table}" as a table`);
    const points = hasCoordinates ? 'list([longitude, latitude]) FILTER (WHERE longitude IS NOT NULL AND latitude IS NOT NULL)' : 'CAST([] AS DOUBLE[][])';
    const rows = await this.store.all(
      `SELECT lsoa_code, ${points} AS points FROM "${table}" WHERE lsoa_code IS NOT NULL AND lsoa_code NOT IN (SELECT lsoa_code FROM ref.lsoa_best_fit) GROUP BY lsoa_code ORDER BY lsoa_code`,
    );
    return rows.map((r) => ({ code: String(r.lsoa_code), points: ((r.points as unknown[][] | null) ?? []).map((p) => [Number(p[0]), Number(p[1])] as [number, number]) }));
  }

  async addBestFits(fits: readonly BestFit[]): Promise<void> {
    if (fits.length === 0) return;
    await this.store.transaction((tx) => insert(tx, 'ref.lsoa_best_fit', ['lsoa_code', 'lsoa11_code', 'rule', 'points'], fits.map((f) => [f.code, f.lsoa11, f.rule, f.points]), 'ON CONFLICT DO NOTHING'));
  }

  /** Replaces the 2011 LSOA → ward best fit (src/reference/lsoa-ward.ts) in one transaction. */
  async replaceWardFits(fits: readonly WardFit[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run('DELETE FROM ref.lsoa_ward');
      await insert(tx, 'ref.lsoa_ward', ['lsoa11_code', 'ward_code', 'ward_name', 'share'], fits.map((f) => [f.lsoa11, f.wardCode, f.wardName, f.share]));
    });
  }

  async wardFits(): Promise<WardFit[]> {
    const rows = await this.store.all('SELECT * FROM ref.lsoa_ward ORDER BY lsoa11_code');
    return rows.map((r) => ({ lsoa11: String(r.lsoa11_code), wardCode: String(r.ward_code), wardName: String(r.ward_name), share: Number(r.share) }));
  }

  /** The lookup's rows that are not a plain "same code" match. */
  async bestFits(): Promise<BestFit[]> {
    const rows = await this.store.all("SELECT * FROM ref.lsoa_best_fit WHERE rule <> 'same code' ORDER BY lsoa_code");
    return rows.map((r) => ({ code: String(r.lsoa_code), lsoa11: r.lsoa11_code === null ? null : String(r.lsoa11_code), rule: String(r.rule) as BestFit['rule'], points: Number(r.points) }));
  }
}

async function insert(tx: AnalyticsTransaction, table: string, columns: string[], rows: DuckDBValue[][], suffix = ''): Promise<void> {
  const batch = Math.max(1, Math.floor(900 / columns.length));
  for (let i = 0; i < rows.length; i += batch) {
    const p = new SqlParams();
    const values = rows.slice(i, i + batch).map((row) => `(${row.map((v) => p.bind(v)).join(', ')})`);
    await tx.run(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')} ${suffix}`, p.values);
  }
}

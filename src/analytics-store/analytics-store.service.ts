import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * DuckDB's settings for the hub's database, also used by benchmarks that compare against DuckDB
 * alone. A new database file is written in the storage format of DuckDB 1.5 rather than DuckDB's
 * default (1.0, kept so that old DuckDB releases can read new files): that format stores text with
 * DICT_FSST, one compression method where the older format analyses every text column with both
 * dictionary and FSST compression to pick one. Loads spend about a fifth less CPU writing rows, and
 * files are the same size. The catch, which does not apply to a hub that pins its DuckDB release:
 * DuckDB releases before 1.5 cannot open the file. A file created in the older format keeps it.
 */
export const DUCKDB_STORAGE_VERSION = 'v1.5.0';

export function duckdbOptions(config: Pick<AppConfig, 'duckdb'>): Record<string, string> {
  return { threads: String(config.duckdb.threads), memory_limit: config.duckdb.memoryLimit, storage_compatibility_version: DUCKDB_STORAGE_VERSION };
}

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/**
 * Owns the process's one DuckDB database file. Modules reach DuckDB only through their own
 * repositories, which use this small API; nothing here builds SQL from user input.
 */
@Injectable()
export class AnalyticsStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AnalyticsStore.name);
  private instance: DuckDBInstance | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.open();
  }

  async open(): Promise<void> {
    if (this.instance) return;
    const file = this.config.duckdbPath;
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    try {
      this.instance = await DuckDBInstance.create(file, duckdbOptions(this.config));
    } catch (err) {
      throw new Error(`Cannot open DuckDB file ${file}: ${(err as Error).message}. Is another csp-hub process using it?`);
    }
    this.logger.log(`DuckDB open at ${file}`);
  }

  /** Rows as plain JavaScript objects (BIGINT as bigint, dates as Date-like values). */
  async all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.withConnection(async (c) => (await c.runAndReadAll(sql, params)).getRowObjectsJS() as T[]);
  }

  /** Columns by name, for building Arrow vectors without a row-object detour. */
  async columns(sql: string, params?: SqlParams): Promise<{ names: string[]; values: unknown[][] }> {
    return this.withConnection(async (c) => {
      const reader = await c.runAndReadAll(sql, params);
      return { names: reader.columnNames(), values: reader.getColumnsJS() as unknown[][] };
    });
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.withConnection((c) => c.run(sql, params));
  }

  /** Runs `work` inside one DuckDB transaction: all of it is published, or none. */
  async transaction<T>(work: (tx: AnalyticsTransaction) => Promise<T>): Promise<T> {
    return this.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const result = await work(new AnalyticsTransaction(c));
        await c.run('COMMIT');
        return result;
      } catch (err) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** A fresh connection for work that must share session state (temp tables, transactions). */
  async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (!this.instance) throw new Error('DuckDB is not open');
    const connection = await this.instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  async ping(): Promise<boolean> {
    const [row] = await this.all<{ ok: number }>('SELECT 1 AS ok');
    return row?.ok === 1;
  }

  onApplicationShutdown(): void {
    this.instance?.closeSync();
    this.instance = undefined;
  }
}

/** The statements of one transaction, on its own connection. */
export class AnalyticsTransaction {
  constructor(private readonly connection: DuckDBConnection) {}

  async all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS() as T[];
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params);
  }
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

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
      this.instance = await DuckDBInstance.create(file, { threads: String(this.config.duckdb.threads) , memory_limit: this.config.duckdb.memoryLimit });
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

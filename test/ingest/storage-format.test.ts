import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { AnalyticsStore, DUCKDB_STORAGE_VERSION } from '../../src/analytics-store/analytics-store.service.js';
import { loadConfig } from '../../src/config/app-config.js';

/**
 * The hub writes new DuckDB files in DuckDB 1.5's storage format (DICT_FSST for text, which makes
 * loads cheaper), and keeps opening files written in DuckDB's default, older format.
 */
describe('DuckDB storage format', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-storage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const storeAt = (file: string) => new AnalyticsStore(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, DUCKDB_PATH: file } as NodeJS.ProcessEnv));
  const textCompression = async (store: AnalyticsStore, table: string) =>
    (await store.all<{ c: string }>(`SELECT DISTINCT compression AS c FROM pragma_storage_info('${table}') WHERE segment_type = 'VARCHAR'`)).map((r) => r.c);
  // Enough rows to fill several row groups, text with few distinct values as dataset dimensions have.
  const fill = (table: string) => `INSERT INTO ${table} SELECT 'District ' || (i % 14), 'E0' || (i % 1300) FROM range(300000) r(i)`;

  it(`creates new files in the ${DUCKDB_STORAGE_VERSION} format, whose text is stored with DICT_FSST`, async () => {
    const store = storeAt(path.join(dir, 'new.duckdb'));
    await store.open();
    try {
      await store.run('CREATE TABLE t (district VARCHAR, lsoa VARCHAR)');
      await store.run(fill('t'));
      await store.run('CHECKPOINT');
      expect(await textCompression(store, 't')).toEqual(['DICT_FSST']);
    } finally {
      store.onApplicationShutdown();
    }
  });

  it('opens a file written in DuckDB’s default format, reads it, and adds rows to it in that format', async () => {
    const file = path.join(dir, 'old.duckdb');
    const old = await DuckDBInstance.create(file);
    const c = await old.connect();
    await c.run('CREATE TABLE t (district VARCHAR, lsoa VARCHAR)');
    await c.run(fill('t'));
    c.closeSync();
    old.closeSync();

    const store = storeAt(file);
    await store.open();
    try {
      await store.run(fill('t'));
      await store.run('CHECKPOINT');
      const [row] = await store.all<{ n: bigint }>('SELECT count(*) AS n FROM t');
      expect(Number(row.n)).toBe(600000);
      // DICT_FSST is not part of the older format: the file stays readable by the DuckDB that wrote it.
      expect(await textCompression(store, 't')).not.toContain('DICT_FSST');
    } finally {
      store.onApplicationShutdown();
    }
  });
});

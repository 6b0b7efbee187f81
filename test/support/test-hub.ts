import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createHub } from '../../src/bootstrap.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { provisionDatabase } from './test-database.js';

export const TEST_PASSWORD = 'orchard-lantern-kettle';

export interface TestHub {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** supertest against the running app. */
  http: () => ReturnType<typeof request>;
  /** Signs in and returns a bearer token. */
  login(email: string, password?: string): Promise<string>;
  /** A temporary folder removed on close. */
  dir: string;
  close(): Promise<void>;
  /** Stops the hub but keeps its database (to start another hub on it, as a restart would); returns what removes it. */
  stop(): Promise<() => Promise<void>>;
}

/**
 * Boots the real app (same bootstrap as `npm start`) on a throwaway database of its own on a
 * PostgreSQL server (see test-database.ts). DuckDB gets a temporary file.
 */
export async function createTestHub(env: Record<string, string> = {}): Promise<TestHub> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-test-'));
  const database = await provisionDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DUCKDB_PATH: path.join(dir, 'analytics.duckdb'),
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'false',
    SHIPPED_BOUNDARIES: 'false',
    DEMO_PASSWORD: TEST_PASSWORD,
    REFERENCE_DATA_DIR: process.env.REFERENCE_DATA_DIR ?? '',
    ...database.env,
    ...env,
  });
  const hub = await createHub(config, { lockDataDir: false });
  const app = hub.app;
  const http = () => request(app.getHttpServer());
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    http,
    dir,
    async login(email, password = TEST_PASSWORD) {
      const res = await http().post('/api/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`Sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    async close() {
      await hub.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
    async stop() {
      await hub.close();
      return async () => {
        await database.drop();
        rmSync(dir, { recursive: true, force: true });
      };
    },
  };
}

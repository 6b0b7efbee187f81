import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './app-config.js';

const dataDir = path.join(os.tmpdir(), 'csp-hub-config-spec');

describe('loadConfig', () => {
  it('defaults to embedded stores under ./data', () => {
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32) });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.embeddedPostgresDir).toBe(path.join(dataDir, 'postgres'));
    expect(config.duckdbPath).toBe(path.join(dataDir, 'analytics.duckdb'));
    expect(config.port).toBe(3000);
    expect(config.demo.seed).toBe(true);
  });

  it('uses DATABASE_URL and DUCKDB_PATH when given', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      JWT_SECRET: 'x'.repeat(32),
      DATABASE_URL: 'postgres://u@db:5432/hub',
      DUCKDB_PATH: '/srv/hub.duckdb',
    });
    expect(config.databaseUrl).toBe('postgres://u@db:5432/hub');
    expect(config.duckdbPath).toBe('/srv/hub.duckdb');
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DATA_DIR: dataDir })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it('requires JWT_SECRET in production and never seeds demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(/JWT_SECRET: required/);
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40), MATCHING_KEY: 'm'.repeat(40), SECRETS_KEY: 's'.repeat(40), CASE_REVIEW_KEY: 'c'.repeat(64) });
    expect(config.demo.seed).toBe(false);
  });

  it('refuses a short demo password', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32), DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
  });
});

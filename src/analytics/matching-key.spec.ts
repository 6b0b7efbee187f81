import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/app-config.js';

describe('MATCHING_KEY', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-matching-key-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const production = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), SECRETS_KEY: 's'.repeat(40), CASE_REVIEW_KEY: 'c'.repeat(64) };

  it('HMAC key missing in production → a clear start-up error naming the variable', () => {
    expect(() => loadConfig({ ...production, DATA_DIR: dataDir })).toThrow(/MATCHING_KEY: required when NODE_ENV=production/);
  });

  it('refuses a short key, naming the variable', () => {
    expect(() => loadConfig({ ...production, DATA_DIR: dataDir, MATCHING_KEY: 'too-short' })).toThrow(/MATCHING_KEY: must be at least 32 characters/);
  });

  it('uses the key given', () => {
    const config = loadConfig({ ...production, DATA_DIR: dataDir, MATCHING_KEY: 'm'.repeat(40) });
    expect(config.analytics.matchingKey).toBe('m'.repeat(40));
  });

  it('outside production generates a key once, keeps it in the data folder and reuses it', () => {
    const first = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'j'.repeat(40) }).analytics.matchingKey;
    const second = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'j'.repeat(40) }).analytics.matchingKey;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    const file = path.join(dataDir, '.matching-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('has the documented defaults for the rules', () => {
    const { analytics } = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'j'.repeat(40) });
    expect(analytics.repeat).toMatchObject({ incidents: 3, windowDays: 182, partners: 2 });
    expect(analytics.trigger).toEqual({ complaints: 3, windowDays: 182, reportWithinDays: 31 });
    expect(analytics.trends).toEqual({ pValue: 0.01, minCount: 5, baselineMonths: 12 });
  });
});

import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from '../config/app-config.js';

/**
 * The embedded PostgreSQL and DuckDB files must have one hub at a time. The lock names the holder's
 * pid; a lock left by a process that has died is taken over.
 */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'csp-hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }), { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && isAlive(holder.pid)) {
        throw new StartupError(
          `The data folder ${dataDir} is in use by process ${holder.pid} (${holder.purpose}). ` +
            'Stop it first, or point DATA_DIR elsewhere, or use a PostgreSQL server with DATABASE_URL.',
        );
      }
      unlinkSync(file);
    }
  }
  throw new Error(`Cannot lock the data folder ${dataDir}`);
}

function readHolder(file: string): { pid: number; purpose: string } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

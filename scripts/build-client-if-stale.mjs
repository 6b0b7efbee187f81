#!/usr/bin/env node
// Builds the browser client (vite build) when client/dist is missing or older than its sources.
// Used by `npm run test:browser` and the jest browser project's globalSetup.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const client = path.join(root, 'client');

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((m, name) => Math.max(m, newest(path.join(target, name))), 0);
}

export function clientBuildIsStale() {
  const built = path.join(client, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newest(path.join(client, 'src')),
    newest(path.join(client, 'index.html')),
    newest(path.join(client, 'vite.config.ts')),
    newest(path.join(root, 'package-lock.json')),
  );
  return sources > statSync(built).mtimeMs;
}

/**
 * Builds into a fresh folder and then swaps it in, so a hub already serving client/dist (another
 * test run on the same machine) never finds it half-written.
 */
export function buildClientIfStale() {
  if (!clientBuildIsStale()) return false;
  console.log('Building the browser client (client/dist is missing or stale)…');
  const dist = path.join(client, 'dist');
  const fresh = path.join(client, `.dist-build-${process.pid}`);
  const old = path.join(client, `.dist-old-${process.pid}`);
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(client, 'vite.config.ts'), '--outDir', fresh, '--emptyOutDir'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(fresh, dist);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildClientIfStale();

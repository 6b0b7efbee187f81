import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import type { CatalogueSnapshot } from './catalogue-snapshot.repository.js';

export const BACKUP_FORMAT = 'csp-hub-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** The archive's table of contents: what it holds and the SHA-256 of every file. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** Migrations the catalogue was at; a restore needs the same list. */
  migrations: string[];
  catalogue: CatalogueSnapshot;
  files: Record<string, { bytes: number; sha256: string }>;
}

/** A backup archive that failed its checks: the message says what is wrong with it. */
export class BadArchiveError extends Error {}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : e.isFile() ? [path.relative(base, full)] : [];
  });
}

/** Writes manifest.json for the staged folder and packs it as a gzipped tar, renamed into place when whole. */
export async function packArchive(staging: string, target: string, manifest: Omit<BackupManifest, 'files'>): Promise<BackupManifest> {
  const files: BackupManifest['files'] = {};
  for (const rel of listFiles(staging).sort()) files[rel] = { bytes: statSync(path.join(staging, rel)).size, sha256: await sha256(path.join(staging, rel)) };
  const full: BackupManifest = { ...manifest, files };
  writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(full, null, 2));
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  try {
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, ['manifest.json', ...Object.keys(files)]);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return full;
}

/**
 * Unpacks `file` into `into` (which it creates) and checks it against its manifest: every listed
 * file present with its size and SHA-256, nothing unlisted. Throws BadArchiveError otherwise.
 */
export async function unpackAndVerify(file: string, into: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new BadArchiveError(`There is no file ${file}.`);
  mkdirSync(into, { recursive: true });
  try {
    await tar.extract({ file, cwd: into, strict: true, preservePaths: false });
  } catch (err) {
    throw new BadArchiveError(`${file} is damaged or incomplete and cannot be unpacked (${(err as Error).message}).`);
  }
  const manifestFile = path.join(into, 'manifest.json');
  if (!existsSync(manifestFile)) throw new BadArchiveError(`${file} is not a csp-hub backup: it has no manifest.json.`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    throw new BadArchiveError(`${file} has a manifest that is not valid JSON.`);
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BadArchiveError(`${file} is not a csp-hub backup of format ${BACKUP_FORMAT_VERSION}.`);
  }
  const present = new Set(listFiles(into).filter((f) => f !== 'manifest.json'));
  for (const [rel, expected] of Object.entries(manifest.files ?? {})) {
    if (!present.delete(rel)) throw new BadArchiveError(`${file} is incomplete: ${rel} is missing.`);
    const actual = path.join(into, rel);
    if (statSync(actual).size !== expected.bytes || (await sha256(actual)) !== expected.sha256) {
      throw new BadArchiveError(`${file} is damaged: ${rel} does not match its checksum.`);
    }
  }
  if (present.size) throw new BadArchiveError(`${file} holds files its manifest does not list: ${[...present].slice(0, 3).join(', ')}.`);
  return manifest;
}

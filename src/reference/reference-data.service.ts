import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { badRequest } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type LsoaProfile, parseProfiles, ProfileFileError } from './lsoa-profile.js';
import { ReferenceRepository, type ReferenceVersion } from './reference.repository.js';

/** The deprivation file shipped in the repository, loaded when none has been. */
export const SHIPPED_DEPRIVATION_FILE = 'deprivation/imd2019-hampshire-iow.csv';

/** The profiles of one loaded version, indexed for rates. */
export interface ReferenceSnapshot {
  version: ReferenceVersion;
  byCode: ReadonlyMap<string, LsoaProfile>;
  profiles: readonly LsoaProfile[];
}

export interface ReferenceLoadResult {
  version: ReferenceVersion;
  /** False when the file was the one already loaded (same SHA-256): nothing changed. */
  changed: boolean;
}

/**
 * Deprivation and population per 2011 LSOA as versioned reference data: loaded at start from the
 * shipped file when DuckDB has none, replaced by `npm run cli -- reference load <file>` with a
 * newer file of the same shape. Each load is a new version with its source and SHA-256.
 */
@Injectable()
export class ReferenceDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReferenceDataService.name);
  private snapshotPromise: Promise<ReferenceSnapshot | null> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReferenceRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.ensureSchema();
    const shipped = path.join(this.config.shippedReference.dir, SHIPPED_DEPRIVATION_FILE);
    if (!(await this.repository.currentVersion()) && existsSync(shipped)) await this.load(shipped);
  }

  /** Loads a deprivation file (whole or not at all); a file already loaded changes nothing. */
  async load(file: string): Promise<ReferenceLoadResult> {
    if (!existsSync(file)) throw badRequest('reference_file_missing', `There is no file ${file}.`);
    const sha256 = await fileSha256(file);
    const current = await this.repository.currentVersion();
    if (current?.sha256 === sha256) return { version: current, changed: false };
    let profiles: LsoaProfile[];
    try {
      const [header, ...rows] = await this.repository.readCsvText(path.resolve(file)).catch((err: Error) => {
        throw new ProfileFileError(`it cannot be read as CSV (${err.message.split('\n')[0]}).`);
      });
      profiles = parseProfiles((header ?? []).map((h) => h ?? ''), rows);
    } catch (err) {
      if (err instanceof ProfileFileError) throw badRequest('reference_file_invalid', `${path.basename(file)}: ${err.message} Nothing was changed.`);
      throw err;
    }
    const version = await this.repository.replaceProfiles(profiles, path.basename(file), sha256);
    this.snapshotPromise = null;
    this.logger.log(`Deprivation reference data version ${version.version} loaded from ${file}: ${profiles.length} LSOAs`);
    return { version, changed: true };
  }

  /** The loaded profiles, or null when no deprivation file has been loaded. */
  snapshot(): Promise<ReferenceSnapshot | null> {
    if (!this.snapshotPromise) {
      this.snapshotPromise = (async () => {
        const version = await this.repository.currentVersion();
        if (!version) return null;
        const profiles = await this.repository.profiles();
        return { version, profiles, byCode: new Map(profiles.map((p) => [p.code, p])) };
      })();
      this.snapshotPromise.catch(() => (this.snapshotPromise = null));
    }
    return this.snapshotPromise;
  }
}

function fileSha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

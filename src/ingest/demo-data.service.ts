import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { generateDataset, type ManifestFile } from '../../etl/generate/index.js';
import { recognisePoliceHeader } from '../../etl/adapters/police-uk.js';
import { inspectDelimited } from '../../etl/pipeline/inspect-file.js';
import { demoFeeds } from './demo-feeds.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';
import { GeographyService } from './geography.service.js';
import type { Load } from './load.entity.js';
import { LoadStatus } from './load-policy.js';
import { LoadsRepository } from './loads.repository.js';
import { LoadsService } from './loads.service.js';

const FEED_FOR_KIND: Partial<Record<ManifestFile['kind'], string>> = {
  'police-street': 'police-uk-street',
  'police-outcomes': 'police-uk-outcomes',
  'pcc-projects': 'opcc-projects',
};

/**
 * Demo data on an empty database outside production: generated police and partner files (and,
 * with REFERENCE_DATA_DIR, the real police.uk files and boundaries there) loaded through the
 * ordinary feeds, exactly as an operator would.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feeds: FeedsService,
    private readonly feedsRepository: FeedsRepository,
    private readonly loads: LoadsService,
    private readonly loadsRepository: LoadsRepository,
    private readonly geography: GeographyService,
  ) {}

  /** Loads the demo data when there has never been a load; returns the loads made. */
  async loadIfEmpty(): Promise<Load[]> {
    if (!this.config.ingest.demoData || this.config.env === 'production') return [];
    if ((await this.loadsRepository.list({ limit: 1 })).length > 0) return [];
    const started = Date.now();
    const ref = this.config.referenceDataDir;
    const boundaries = ref ? path.join(ref, 'boundaries') : null;
    if (boundaries && existsSync(boundaries)) await this.geography.importFolder(boundaries);
    else await this.geography.importShippedIfNone();
    const geography = await this.geography.geography();

    const out = path.join(this.config.dataDir, 'demo-data');
    const manifest = await generateDataset({
      out,
      months: this.config.ingest.demoMonths,
      rowsPerMonth: this.config.ingest.demoRowsPerMonth,
      seed: 'csp-hub-demo',
      start: startMonth(this.config.ingest.demoMonths),
      geography: geography ?? undefined,
      outcomes: true,
      casesPerMonth: Math.max(20, Math.round(this.config.ingest.demoRowsPerMonth / 4)),
    });

    const partnerFeeds = demoFeeds();
    for (const f of partnerFeeds) {
      if (!(await this.feedsRepository.findBySlug(f.definition.feed.slug))) await this.feeds.createFromDefinition(f.definition, f.mapping);
    }
    const files: { feed: string; file: string }[] = [];
    for (const file of manifest.files) {
      const feed = FEED_FOR_KIND[file.kind] ?? partnerFeeds.find((f) => f.file === file.path)?.definition.feed.slug;
      if (feed) files.push({ feed, file: path.join(out, file.path) });
    }
    if (ref) files.push(...(await this.referencePoliceFiles(path.join(ref, 'police-uk'))));

    const done: Promise<Load>[] = [];
    for (const { feed, file } of files) {
      const copy = file.startsWith(out) ? file : await this.loads.stageCopy(file);
      done.push((await this.loads.submit({ feedSlug: feed, path: copy, fileName: path.basename(file), source: 'demo', user: null })).done);
    }
    const results = await Promise.all(done);
    const failed = results.filter((l) => l.status === LoadStatus.Failed);
    for (const l of failed) this.logger.warn(`Demo load of ${l.fileName} failed: ${l.error}`);
    const rows = results.reduce((n, l) => n + l.rowsLoaded, 0);
    this.logger.log(`Demo data: ${results.length} files, ${rows} rows loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return results;
  }

  /** police.uk files in the reference folder, each with the built-in feed its header belongs to. */
  private async referencePoliceFiles(dir: string): Promise<{ feed: string; file: string }[]> {
    if (!existsSync(dir)) return [];
    const out: { feed: string; file: string }[] = [];
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort()) {
      const file = path.join(dir, name);
      const { header } = await inspectDelimited(file, { delimiter: ',', quote: '"', encoding: 'utf-8', maxBytes: this.config.ingest.maxFileBytes });
      const feed = recognisePoliceHeader(header);
      if (feed) out.push({ feed, file });
    }
    return out;
  }
}

/** The month `months` before this one, so the demo's last month is last month. */
function startMonth(months: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return d.toISOString().slice(0, 7);
}

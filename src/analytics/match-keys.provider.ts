import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { createMatchKeyer, type MatchKeyer } from '../../etl/matching/match-keys.js';

/**
 * The hub's key maker for subject and place keys, built from MATCHING_KEY. Ingest injects this
 * (or calls `createMatchKeyer(config.analytics.matchingKey)`) to key identifier columns at load.
 */
@Injectable()
export class MatchKeysProvider {
  readonly keyer: MatchKeyer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyer = createMatchKeyer(config.analytics.matchingKey);
  }
}

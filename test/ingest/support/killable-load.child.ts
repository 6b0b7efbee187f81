import 'reflect-metadata';
import path from 'node:path';
import { createHub } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { DatasetsRepository } from '../../../src/datasets/datasets.repository.js';
import { StagedLoad } from '../../../src/ingest/staged-load.js';
import { LoadsService } from '../../../src/ingest/loads.service.js';

/**
 * Child process for the killed-load test: starts a load and stops dead at the point named by
 * KILL_AT, printing HOLD, so the parent can SIGKILL it there.
 * - `before-commit`: inside the DuckDB publish transaction, rows written but not committed.
 * - `after-commit`: DuckDB committed, PostgreSQL not yet told.
 */
const hold = () => {
  process.stdout.write('HOLD\n');
  return new Promise<never>(() => {});
};

const at = process.env.KILL_AT;
const publish = StagedLoad.prototype.publish;
StagedLoad.prototype.publish = function (args) {
  return publish.call(this, { ...args, beforeCommit: at === 'before-commit' ? hold : undefined });
};
const recordPublish = DatasetsRepository.prototype.recordPublish;
DatasetsRepository.prototype.recordPublish = function (...args) {
  return at === 'after-commit' ? hold() : recordPublish.apply(this, args);
};

const config = loadConfig(process.env);
const hub = await createHub(config, { seedDemo: false, purpose: 'killable load' });
const file = process.env.LOAD_FILE!;
const { done } = await hub.app.get(LoadsService).submit({ feedSlug: 'police-uk-street', path: file, fileName: path.basename(file), source: 'cli', user: null });
await done;
process.stdout.write('FINISHED\n');

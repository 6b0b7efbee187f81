import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import type { PostgresEndpoint } from './postgres-endpoint.js';

/** TypeORM options shared by the app, the CLI and the tests: migrations always, never synchronize. */
export function dataSourceOptions(endpoint: PostgresEndpoint, quiet = false): DataSourceOptions {
  return {
    type: 'postgres',
    url: endpoint.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: { max: endpoint.poolSize, connectionTimeoutMillis: 10_000 },
    logging: quiet ? false : ['error', 'migration'],
  };
}

import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** Where the hub's PostgreSQL is, and who must close it. */
export interface PostgresEndpoint {
  url: string;
  embedded: boolean;
  /** Pool size for the app's connections. */
  poolSize: number;
  close(): Promise<void>;
}

/**
 * Opens the configured PostgreSQL: the server in DATABASE_URL, or the embedded PostgreSQL the hub
 * runs itself on `DATA_DIR/postgres` (see docs/decisions.md). Both take the same migrations.
 */
export async function openPostgres(config: AppConfig): Promise<PostgresEndpoint> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, poolSize: 10, close: async () => {} };
  }
  const server = await startEmbeddedPostgres(config.embeddedPostgresDir, config.embeddedPostgresUser);
  return { url: server.url, embedded: true, poolSize: 10, close: () => server.stop() };
}

import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { AppConfig } from '../config/app-config.js';

/** Where the hub's PostgreSQL is, and who must close it. */
export interface PostgresEndpoint {
  url: string;
  embedded: boolean;
  /** Pool size the endpoint can take: the embedded server serves one connection. */
  poolSize: number;
  close(): Promise<void>;
}

/**
 * Opens the configured PostgreSQL: the server in DATABASE_URL, or embedded PGlite served over a
 * loopback socket so TypeORM uses its ordinary `pg` driver (see docs/decisions.md).
 */
export async function openPostgres(config: AppConfig): Promise<PostgresEndpoint> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, poolSize: 10, close: async () => {} };
  }
  const dir = config.embeddedPostgresDir;
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    embedded: true,
    poolSize: 1,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** A scratch database on the PostgreSQL server for a benchmark hub's catalogue, as deployed. */
import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** Creates `<prefix>_<pid>` on the server at `serverUrl`; null (and a note) when no server answers. */
export async function scratchDatabase(serverUrl: string, prefix: string, log: (s: string) => void): Promise<ScratchDatabase | null> {
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (err) {
    log(`No PostgreSQL server at ${serverUrl} (${(err as Error).message}); the hub uses the embedded PostgreSQL.`);
    return null;
  }
  const name = `${prefix}_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** One catalogue table in a backup: the columns copied, in order, and the file holding them. */
export interface TableCopy {
  table: string;
  columns: string[];
  file: string;
}

export interface CatalogueSnapshot {
  tables: TableCopy[];
  /** Sequence values to set after the rows are back (`null`: never used). */
  sequences: Record<string, string | null>;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The PostgreSQL side of backups: a REPEATABLE READ snapshot copied table by table with COPY, and
 * those copies loaded back into a database the migrations have just built. Works the same on the
 * embedded server and on DATABASE_URL (no pg_dump needed: the embedded binaries do not ship it).
 */
export class CatalogueSnapshotRepository {
  constructor(private readonly url: string) {}

  /**
   * Opens the snapshot and returns once it is fixed, so the caller can release its gate; `copy`
   * then writes every table to `dir` from that snapshot.
   */
  async openSnapshot(): Promise<{ copy: (dir: string) => Promise<CatalogueSnapshot>; abort: () => Promise<void> }> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows: tables } = await client.query<{ table_name: string; columns: string[] }>(
        `SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) AS columns
           FROM information_schema.columns
          WHERE table_schema = 'public' AND is_generated = 'NEVER'
          GROUP BY table_name ORDER BY table_name`,
      );
      const { rows: seqs } = await client.query<{ name: string; last_value: string | null }>(
        `SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public'`,
      );
      const copy = async (dir: string): Promise<CatalogueSnapshot> => {
        try {
          const out: TableCopy[] = [];
          for (const t of tables) {
            const file = path.join('catalogue', `${t.table_name}.copy`);
            const cols = t.columns.map(ident).join(', ');
            await pipeline(client.query(copyTo(`COPY public.${ident(t.table_name)} (${cols}) TO STDOUT`)), createWriteStream(path.join(dir, file)));
            out.push({ table: t.table_name, columns: t.columns, file });
          }
          await client.query('COMMIT');
          return { tables: out, sequences: Object.fromEntries(seqs.map((s) => [s.name, s.last_value])) };
        } finally {
          await client.end();
        }
      };
      return { copy, abort: () => client.end() };
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  /** Tables in the public schema holding any row other than the migrations' own seed data. */
  async userTables(): Promise<string[]> {
    return this.withClient(async (c) => (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.t));
  }

  /**
   * Replaces every table's rows with the snapshot's, in one transaction. Triggers (including the
   * audit log's append-only guard and foreign keys) are off for this session only, as pg_restore does.
   */
  async load(dir: string, snapshot: CatalogueSnapshot): Promise<void> {
    await this.withClient(async (c) => {
      await c.query('BEGIN');
      try {
        await c.query(`SET LOCAL session_replication_role = replica`);
        await c.query(`TRUNCATE ${snapshot.tables.map((t) => `public.${ident(t.table)}`).join(', ')}`);
        for (const t of snapshot.tables) {
          await pipeline(createReadStream(path.join(dir, t.file)), c.query(copyFrom(`COPY public.${ident(t.table)} (${t.columns.map(ident).join(', ')}) FROM STDIN`)));
        }
        for (const [name, value] of Object.entries(snapshot.sequences)) {
          if (value === null) await c.query(`SELECT setval($1, 1, false)`, [`public.${ident(name)}`]);
          else await c.query(`SELECT setval($1, $2::bigint, true)`, [`public.${ident(name)}`, value]);
        }
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  private async withClient<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}

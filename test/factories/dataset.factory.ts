import { randomBytes, randomUUID } from 'node:crypto';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { type ColumnSpec, COMMON_COLUMNS, datasetTable, DatasetKind, LINEAGE_COLUMNS, Sensitivity } from '../../domain/dataset-schema.js';
import type { Dataset } from '../../src/datasets/dataset.entity.js';
import { DatasetsRepository } from '../../src/datasets/datasets.repository.js';
import { IngestStoreRepository } from '../../src/ingest/ingest-store.repository.js';
import { OrganisationsService } from '../../src/organisations/organisations.service.js';
import type { TestHub } from '../support/test-hub.js';

/** A row as the factory takes it: `month` as YYYY-MM, other columns by name; missing ones are null. */
export type FactoryRow = Record<string, string | number | boolean | null>;

export interface DatasetOptions {
  slug?: string;
  title?: string;
  /** Owning organisation's slug; defaults to the constabulary. */
  owner?: string;
  kind?: DatasetKind;
  sensitivity?: Sensitivity;
  /** Declared columns beyond the common ones. */
  extraColumns?: ColumnSpec[];
  rows?: FactoryRow[];
}

const DUCK_TYPE: Record<ColumnSpec['type'], string> = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  month: 'DATE',
};

/**
 * Creates a catalogued dataset the way ingest would leave it: a `datasets` row, and a DuckDB
 * table with the common columns, the lineage columns and the declared extras, filled with `rows`,
 * with its roll-ups.
 */
export async function createDataset(hub: TestHub, options: DatasetOptions = {}): Promise<Dataset> {
  const slug = options.slug ?? `test-${randomBytes(4).toString('hex')}`;
  const owner = await hub.app.get(OrganisationsService).getBySlug(options.owner ?? 'hiow-constabulary');
  const columns = [...COMMON_COLUMNS, ...(options.extraColumns ?? [])];
  const table = datasetTable(slug);
  await createTable(hub, table, columns);
  const rows = options.rows ?? [];
  await insertRows(hub, table, columns, rows);
  await hub.app.get(IngestStoreRepository).rebuildRollups(table);
  const months = rows.map((r) => r.month).filter((m): m is string => typeof m === 'string').sort();
  return hub.dataSource.transaction((em) =>
    hub.app.get(DatasetsRepository).insert(em, {
      slug,
      title: options.title ?? `Test dataset ${slug}`,
      description: 'Made by the dataset factory',
      ownerOrganisationId: owner.id,
      kind: options.kind ?? DatasetKind.Other,
      sensitivity: options.sensitivity ?? Sensitivity.Official,
      lawfulBasis: 'Crime and Disorder Act 1998 s115',
      columns,
      duckdbTable: table,
      rowCount: rows.length,
      minMonth: months.length ? `${months[0]}-01` : null,
      maxMonth: months.length ? `${months[months.length - 1]}-01` : null,
      lastLoadedAt: new Date(),
      version: 1,
    }),
  );
}

/** Adds rows to a dataset and bumps its version, as a publish would. */
export async function appendRows(hub: TestHub, dataset: Dataset, rows: FactoryRow[]): Promise<void> {
  await insertRows(hub, dataset.duckdbTable, dataset.columns, rows);
  await hub.app.get(IngestStoreRepository).rebuildRollups(dataset.duckdbTable);
  await hub.app.get(DatasetsRepository).recordPublish(dataset.id, { rowCount: dataset.rowCount + rows.length, minMonth: dataset.minMonth, maxMonth: dataset.maxMonth }, new Date());
  dataset.rowCount += rows.length;
  dataset.version += 1;
}

/** `n` copies of a row. */
export function times(n: number, row: FactoryRow): FactoryRow[] {
  return Array.from({ length: n }, () => ({ ...row }));
}

async function createTable(hub: TestHub, table: string, columns: readonly ColumnSpec[]): Promise<void> {
  const defs = [...columns.map((c) => `"${c.name}" ${DUCK_TYPE[c.type]}`), `"${LINEAGE_COLUMNS.loadId}" VARCHAR`, `"${LINEAGE_COLUMNS.sourceRow}" BIGINT`];
  await hub.app.get(AnalyticsStore).run(`CREATE TABLE "${table}" (${defs.join(', ')})`);
}

async function insertRows(hub: TestHub, table: string, columns: readonly ColumnSpec[], rows: readonly FactoryRow[]): Promise<void> {
  const store = hub.app.get(AnalyticsStore);
  const loadId = randomUUID();
  const names = [...columns.map((c) => c.name), LINEAGE_COLUMNS.loadId, LINEAGE_COLUMNS.sourceRow];
  const cast = (c: ColumnSpec | undefined, p: string) => (c && (c.type === 'month' || c.type === 'date') ? `CAST(${p} AS DATE)` : c?.type === 'timestamp' ? `CAST(${p} AS TIMESTAMP)` : p);
  await store.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += 200) {
      const batch = rows.slice(start, start + 200);
      const params: (string | number | boolean | null)[] = [];
      const tuples = batch.map((row, i) => {
        const values = [...columns.map((c) => (c.type === 'month' && typeof row[c.name] === 'string' ? `${row[c.name]}-01` : (row[c.name] ?? null))), loadId, start + i + 1];
        return `(${values.map((v, j) => (params.push(v), cast(columns[j], `$${params.length}`))).join(', ')})`;
      });
      await tx.run(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params as never);
    }
  });
}

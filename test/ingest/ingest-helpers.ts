import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Role } from '../../src/auth/role.js';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { DatasetsRepository } from '../../src/datasets/datasets.repository.js';
import { ROLLUP_GRAINS, rollupTable } from '../../src/datasets/rollups.js';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { FeedsService } from '../../src/ingest/feeds.service.js';
import type { Load } from '../../src/ingest/load.entity.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import type { LoadSource } from '../../src/ingest/load-policy.js';
import { signedInUser } from '../factories/user.factory.js';
import type { TestHub } from '../support/test-hub.js';

/** An ETL operator with a token, and the AuthUser shape services take. */
export async function operator(hub: TestHub): Promise<{ token: string; user: AuthUser }> {
  const { user, token } = await signedInUser(hub, { roles: [Role.EtlOperator], organisation: 'hiow-constabulary' });
  return { token, user: { id: user.id, email: user.email, organisationId: user.organisationId, roles: user.roles } as AuthUser };
}

/** Loads a file through the service (no HTTP) and waits for the outcome. */
export async function loadFile(hub: TestHub, feedSlug: string, file: string, user: AuthUser | null = null, source: LoadSource = 'cli'): Promise<Load> {
  const { done } = await hub.app.get(LoadsService).submit({ feedSlug, path: file, fileName: path.basename(file), source, user });
  return done;
}

export async function datasetRow(hub: TestHub, slug: string) {
  const d = await hub.app.get(DatasetsRepository).findBySlug(slug);
  if (!d) throw new Error(`no dataset ${slug}`);
  return d;
}

/** Rows of a dataset table, straight from DuckDB. */
export async function tableRows(hub: TestHub, slug: string, where = 'true', params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const d = await datasetRow(hub, slug);
  return hub.app.get(AnalyticsStore).all(`SELECT * FROM ${d.duckdbTable} WHERE ${where} ORDER BY _load_id, _source_row`, params as never);
}

export async function countRows(hub: TestHub, slug: string, where = 'true', params: unknown[] = []): Promise<number> {
  const d = await datasetRow(hub, slug);
  const [r] = await hub.app.get(AnalyticsStore).all(`SELECT count(*) AS n FROM ${d.duckdbTable} WHERE ${where}`, params as never);
  return Number(r.n);
}

/** Writes a text file under the hub's temporary folder. */
export function writeFixture(hub: TestHub, name: string, content: string | Buffer): string {
  const file = path.join(hub.dir, 'fixtures', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** Creates a partner feed with a mapping through the service. */
export async function createMappedFeed(hub: TestHub, user: AuthUser, slug: string, mapping: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return hub.app.get(FeedsService).create(
    user,
    {
      slug,
      title: `Test feed ${slug}`,
      adapter: 'delimited',
      policy: 'append',
      mapping,
      dataset: {
        slug: `${slug}-cases`,
        title: `Cases ${slug}`,
        kind: 'partner_asb',
        sensitivity: 'OFFICIAL-SENSITIVE',
        lawfulBasis: 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)',
        ownerOrganisation: 'winchester',
      },
      ...extra,
    } as never,
    null,
  );
}

export const STREET_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** A police.uk street row. */
export function streetRow(o: { id?: string; month: string; lsoa?: string; lsoaName?: string; type?: string; lon?: string; lat?: string }): string {
  const type = o.type ?? 'Anti-social behaviour';
  return [
    type === 'Anti-social behaviour' ? '' : (o.id ?? 'abc'),
    o.month,
    'Hampshire Constabulary',
    'Hampshire Constabulary',
    o.lon ?? '-1.31',
    o.lat ?? '51.06',
    'On or near High Street',
    o.lsoa ?? 'E01023000',
    o.lsoaName ?? 'Winchester 001A',
    type,
    type === 'Anti-social behaviour' ? '' : 'Under investigation',
    '',
  ].join(',');
}

/**
 * Rows by which a dataset's roll-ups differ from its table counted afresh, over every grain
 * (0 when they agree): roll-ups must follow every load, replacement and rollback exactly.
 */
export async function rollupDifferences(hub: TestHub, slug: string): Promise<number> {
  const d = await datasetRow(hub, slug);
  const store = hub.app.get(AnalyticsStore);
  let differences = 0;
  for (const grain of ROLLUP_GRAINS) {
    const cols = grain.columns.map((c) => `"${c}"`).join(', ');
    const fresh = `SELECT ${cols}, count(*) AS _n FROM ${d.duckdbTable} GROUP BY ${cols}`;
    const kept = `SELECT ${cols}, _n FROM ${rollupTable(d.duckdbTable, grain)}`;
    const [r] = await store.all(`SELECT (SELECT count(*) FROM (${fresh} EXCEPT ALL ${kept})) + (SELECT count(*) FROM (${kept} EXCEPT ALL ${fresh})) AS n`);
    differences += Number(r.n);
  }
  return differences;
}

/** Header of the council case exports the mapped-feed tests write. */
export const CASES_HEADER = 'Case Ref,Date,Type,District,Notes';

/** A saved mapping for those exports (dd/MM/yyyy dates, Noise → Nuisance, keyed by Case Ref); `extra` overrides. */
export function caseMapping(extra: Record<string, unknown> = {}) {
  return {
    dateFormat: 'dd/MM/yyyy',
    columns: [
      { source: 'Case Ref', name: 'case_ref' },
      { source: 'Date', name: 'incident_date', type: 'date' },
      { source: 'Type', name: 'source_category', dimension: true },
      { source: 'District', name: 'district', dimension: true },
      { source: 'Notes', name: 'notes' },
    ],
    monthFrom: 'incident_date',
    category: { from: 'source_category', map: { Noise: 'Nuisance' } },
    area: { district: 'district' },
    key: 'case_ref',
    ...extra,
  };
}

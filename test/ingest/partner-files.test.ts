import path from 'node:path';
import { generateDataset, type Manifest } from '../../etl/generate/index.js';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { demoFeeds } from '../../src/ingest/demo-feeds.js';
import { FeedsService } from '../../src/ingest/feeds.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { datasetRow, loadFile, operator, tableRows } from './ingest-helpers.js';

/** Each mapped adapter on generated partner exports: style A (UTF-8 BOM, CRLF, footer), B (Windows-1252, ;), C (XLSX) and the PCC list. */
describe('partner exports through saved mappings', () => {
  let hub: TestHub;
  let manifest: Manifest;
  let dir: string;
  let user: AuthUser;

  beforeAll(async () => {
    hub = await createTestHub();
    dir = path.join(hub.dir, 'generated');
    manifest = await generateDataset({ out: dir, months: 3, rowsPerMonth: 20, casesPerMonth: 300, seed: 'partner-files-test' });
    user = (await operator(hub)).user;
    const feeds = hub.app.get(FeedsService);
    for (const f of demoFeeds()) await feeds.createFromDefinition(f.definition, f.mapping, false, user);
  });
  afterAll(() => hub?.close());

  const cases = [
    ['style A (district council CSV)', 'winchester'],
    ['style B (unitary council, Windows-1252, semicolons)', 'southampton'],
    ['style C (housing XLSX)', 'solent-housing'],
  ] as const;

  it.each(cases)('%s: every row loaded, none rejected, areas placed', async (_label, partner) => {
    const feed = demoFeeds().find((f) => f.definition.dataset.owner === partner)!;
    const file = manifest.files.find((f) => f.path === feed.file)!;
    const load = await loadFile(hub, feed.definition.feed.slug, path.join(dir, file.path), user);
    expect({ status: load.status, error: load.error }).toEqual({ status: LoadStatus.Succeeded, error: null });
    expect(load.rowsRead).toBe(file.rows);
    expect(load.rowsLoaded).toBe(file.rows);
    expect(load.rowsRejected).toBe(0);
    const rows = await tableRows(hub, feed.definition.dataset.slug);
    expect(rows).toHaveLength(file.rows);
    expect(rows.every((r) => ['Personal', 'Nuisance', 'Environmental'].includes(r.category as string))).toBe(true);
    expect(rows.filter((r) => r.placement === 'unplaced')).toEqual([]);
    expect(rows.every((r) => r.source_org === partner)).toBe(true);
    expect(rows.filter((r) => r.victim_dob !== null).every((r) => typeof r.subject_key === 'string' && /^s_[0-9a-f]{32}$/.test(r.subject_key as string))).toBe(true);
    const dataset = await datasetRow(hub, feed.definition.dataset.slug);
    expect(dataset.rowCount).toBe(file.rows);
  });

  it('Windows-1252 and accented names survive exactly (planted people in every style B export)', async () => {
    const styleB = demoFeeds().filter((f) => f.mapping.encoding === 'windows-1252');
    let checked = 0;
    for (const feed of styleB) {
      const appearances = manifest.planted.people.flatMap((p) => p.appearances).filter((a) => a.file === feed.file);
      if (appearances.length === 0) continue;
      let rows = await tableRows(hub, feed.definition.dataset.slug);
      if (rows.length === 0) {
        const load = await loadFile(hub, feed.definition.feed.slug, path.join(dir, feed.file), user);
        expect(load.status).toBe(LoadStatus.Succeeded);
        rows = await tableRows(hub, feed.definition.dataset.slug);
      }
      const byRow = new Map(rows.map((r) => [Number(r._source_row), r]));
      for (const a of appearances) {
        const row = byRow.get(a.row)!;
        expect(row.case_ref).toBe(a.caseRef);
        expect(`${row.victim_given_name} ${row.victim_family_name}`).toBe(a.asWritten);
        checked++;
      }
      for (const r of rows) expect(`${r.victim_given_name}${r.victim_family_name}${r.address}${r.description}`).not.toContain('\ufffd');
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('loads the PCC project list (no months, no areas) and upserts it by key', async () => {
    const feed = demoFeeds().find((f) => f.definition.feed.slug === 'opcc-projects')!;
    const file = manifest.files.find((f) => f.kind === 'pcc-projects')!;
    const load = await loadFile(hub, 'opcc-projects', path.join(dir, file.path), user);
    expect(load.status).toBe(LoadStatus.Succeeded);
    expect(load.rowsLoaded).toBe(file.rows);
    const rows = await tableRows(hub, feed.definition.dataset.slug);
    expect(rows.every((r) => r.month === null && r.placement === 'unplaced')).toBe(true);
  });
});

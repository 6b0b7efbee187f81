import path from 'node:path';
import { AccessLevel } from '../../src/access/access-level.js';
import { demoFeeds } from '../../src/ingest/demo-feeds.js';
import { FeedsService } from '../../src/ingest/feeds.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createMatchKeyer, type MatchKeyer } from '../../etl/matching/index.js';
import { generateDataset, type Manifest } from '../../etl/generate/index.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { datasetRow, loadFile, operator } from '../ingest/ingest-helpers.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { isoFromWritten } from './planted-datasets.js';

const EVERYWHERE = ['E07000084', 'E07000085', 'E07000086', 'E07000087', 'E07000088', 'E07000089', 'E07000090', 'E07000091', 'E07000092', 'E07000093', 'E07000094', 'E06000044', 'E06000045', 'E06000046'];

/**
 * The whole path on generated partner exports: files in three house styles (CSV with BOM,
 * Windows-1252 with given and family names apart, XLSX with date cells) loaded through the
 * ordinary feeds, keyed at load, then found by the repeat-victims analysis.
 */
describe('planted repeat victims through the ETL and the analytics API', () => {
  let hub: TestHub;
  let manifest: Manifest;
  let keyer: MatchKeyer;
  let token: string;

  beforeAll(async () => {
    hub = await createTestHub();
    const dir = path.join(hub.dir, 'generated');
    manifest = await generateDataset({ out: dir, months: 12, rowsPerMonth: 0, casesPerMonth: 60, seed: 'analytics-etl', start: '2025-01' });
    keyer = createMatchKeyer(hub.config.analytics.matchingKey);
    const { user } = await operator(hub);
    const feeds = hub.app.get(FeedsService);
    for (const f of demoFeeds()) await feeds.createFromDefinition(f.definition, f.mapping, false, user);
    const partnerFiles = manifest.files.filter((f) => f.kind === 'council-asb' || f.kind === 'housing-asb');
    for (const file of partnerFiles) {
      const feed = demoFeeds().find((f) => f.file === file.path)!;
      const load = await loadFile(hub, feed.definition.feed.slug, path.join(dir, file.path), user);
      expect({ file: file.path, status: load.status, error: load.error }).toEqual({ file: file.path, status: LoadStatus.Succeeded, error: null });
      await createGrant(hub, await datasetRow(hub, feed.definition.dataset.slug), { organisation: 'opcc', level: AccessLevel.Record, areas: EVERYWHERE });
    }
    token = (await signedInUser(hub, { organisation: 'opcc' })).token;
  });
  afterAll(() => hub?.close());

  it('finds every planted cross-partner repeat victim (recall 100%) and links no two planted people', async () => {
    const res = await hub.http().get('/api/analytics/repeat-victims?since=2024-06-01&until=2026-06-30&limit=500').auth(token, { type: 'bearer' });
    expect(res.status).toBe(200);
    const items = new Map<string, { incidents: number; partners: number }>(res.body.list.items.map((i: { key: string }) => [i.key, i]));
    const organisationOf = (file: string) => manifest.files.find((f) => f.path === file)!.organisation;
    const seen = new Map<string, string>();
    let crossPartner = 0;
    for (const person of manifest.planted.people) {
      const key = keyer.subjectKey({ fullName: person.appearances[0].asWritten, dateOfBirth: isoFromWritten(person.appearances[0].dobAsWritten!) })!;
      expect({ person: person.id, sameKeyAs: seen.get(key) ?? null }).toEqual({ person: person.id, sameKeyAs: null });
      seen.set(key, person.id);
      const partners = new Set(person.appearances.map((a) => organisationOf(a.file))).size;
      if (partners < 2) continue;
      crossPartner++;
      const item = items.get(key);
      expect({ person: person.id, found: item !== undefined }).toEqual({ person: person.id, found: true });
      expect({ person: person.id, incidents: item!.incidents, partners: item!.partners }).toEqual({ person: person.id, incidents: person.appearances.length, partners });
    }
    expect(crossPartner).toBeGreaterThan(0);
  });
});

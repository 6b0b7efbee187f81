import { DatasetsRepository } from '../../src/datasets/datasets.repository.js';
import { DemoDataService } from '../../src/ingest/demo-data.service.js';
import { demoFeeds } from '../../src/ingest/demo-feeds.js';
import { IngestStoreRepository } from '../../src/ingest/ingest-store.repository.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows } from './ingest-helpers.js';

const reference = process.env.REFERENCE_DATA_DIR;

/** What `npm start` does on an empty database: generated police and partner files through the ordinary feeds. */
describe('demo data on an empty database', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await createTestHub({ DEMO_DATA: 'true', DEMO_DATA_MONTHS: '24', DEMO_DATA_ROWS_PER_MONTH: '40' });
  });
  afterAll(() => hub?.close());

  it('loads police and partner feeds over several years, every file accounted for, and only once', async () => {
    const loads = await hub.app.get(DemoDataService).loadIfEmpty();
    expect(loads.filter((l) => l.status !== LoadStatus.Succeeded).map((l) => [l.fileName, l.error])).toEqual([]);
    for (const l of loads) expect(l.rowsRead).toBe(l.rowsLoaded + l.rowsRejected);

    const datasets = hub.app.get(DatasetsRepository);
    const street = (await datasets.findBySlug('police-uk-street'))!;
    const generatedStreet = loads.filter((l) => /^\d{4}-\d{2}-hampshire-street\.csv$/.test(l.fileName) && l.source === 'demo');
    expect(generatedStreet.length).toBeGreaterThanOrEqual(24);
    expect(street.rowCount).toBeGreaterThan(0);
    const months = Number(street.maxMonth!.slice(0, 4)) * 12 + Number(street.maxMonth!.slice(5, 7)) - (Number(street.minMonth!.slice(0, 4)) * 12 + Number(street.minMonth!.slice(5, 7)));
    expect(months).toBeGreaterThanOrEqual(23);
    expect((await datasets.findBySlug('police-uk-outcomes'))!.rowCount).toBeGreaterThan(0);
    for (const feed of demoFeeds()) {
      const dataset = (await datasets.findBySlug(feed.definition.dataset.slug))!;
      expect({ slug: dataset.slug, loaded: dataset.rowCount > 0 }).toEqual({ slug: feed.definition.dataset.slug, loaded: true });
    }
    // Once only: a second start finds loads and leaves the data alone.
    expect(await hub.app.get(DemoDataService).loadIfEmpty()).toEqual([]);
  }, 300_000);

  (reference ? it : it.skip)('also loads the real police.uk files and boundaries from REFERENCE_DATA_DIR', async () => {
    const geography = await hub.app.get(IngestStoreRepository).geographyCounts();
    expect(geography.lsoas).toBeGreaterThan(1000);
    const real = await hub.dataSource.query(`SELECT file_name, status, rows_rejected FROM loads WHERE file_name LIKE '2017-%' OR file_name LIKE '2022-%' ORDER BY file_name`);
    expect(real.length).toBeGreaterThan(0);
    expect(real.every((l: { status: string; rows_rejected: number }) => l.status === 'succeeded' && Number(l.rows_rejected) === 0)).toBe(true);
    expect(await countRows(hub, 'police-uk-street', "month = DATE '2017-02-01'")).toBeGreaterThan(10_000);
  });
});

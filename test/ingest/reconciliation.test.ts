import { StagedLoad } from '../../src/ingest/staged-load.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, datasetRow, loadFile, STREET_HEADER, streetRow, writeFixture } from './ingest-helpers.js';

/**
 * read = loaded + rejected is checked at the end of every load, inside the publish transaction:
 * a load whose rows do not add up fails and publishes nothing. A row going missing cannot be
 * produced from a file, so the test makes the count of rows read one too many.
 */
describe('every row read is loaded or rejected', () => {
  let hub: TestHub;
  const read = StagedLoad.prototype.read;

  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(async () => {
    StagedLoad.prototype.read = read;
    await hub?.close();
  });

  it('fails a load whose rows do not add up, leaving the dataset and the rejects as they were', async () => {
    const good = writeFixture(hub, '2030-09-good.csv', [STREET_HEADER, ...Array.from({ length: 4 }, (_, i) => streetRow({ month: '2030-09', id: `g-${i}`, type: 'Burglary' }))].join('\n'));
    const first = await loadFile(hub, 'police-uk-street', good);
    expect(first.status).toBe(LoadStatus.Succeeded);
    const before = await datasetRow(hub, 'police-uk-street');

    StagedLoad.prototype.read = async function (...args) {
      const result = await read.apply(this, args);
      return { ...result, read: result.read + 1 };
    };
    try {
      // Same month, so replace-month would have removed the first load's rows had it published.
      const rows = [STREET_HEADER, streetRow({ month: '2030-09', id: 'b-1', type: 'Robbery' }), streetRow({ month: 'Sept 2030', id: 'b-2', type: 'Robbery' })];
      const load = await loadFile(hub, 'police-uk-street', writeFixture(hub, '2030-09-miscounted.csv', rows.join('\n')));
      expect(load.status).toBe(LoadStatus.Failed);
      expect(load.errorCode).toBe('rows_do_not_add_up');
      expect(load.error).toBe('Rows do not add up: read 3, loaded 1, rejected 1. Nothing was published.');
      expect(await countRows(hub, 'police-uk-street', '_load_id = $1', [load.id])).toBe(0);
      const [rejects] = await hub.app.get(AnalyticsStore).all('SELECT count(*) AS n FROM ingest.rejects WHERE load_id = $1', [load.id]);
      expect(Number(rejects.n)).toBe(0);
    } finally {
      StagedLoad.prototype.read = read;
    }
    const after = await datasetRow(hub, 'police-uk-street');
    expect([after.rowCount, after.version]).toEqual([before.rowCount, before.version]);
    expect(await countRows(hub, 'police-uk-street', '_load_id = $1', [first.id])).toBe(4);
  });
});

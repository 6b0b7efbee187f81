import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FeedsRepository } from '../../src/ingest/feeds.repository.js';
import { FeedsService } from '../../src/ingest/feeds.service.js';
import { InboxService } from '../../src/ingest/inbox.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, operator, STREET_HEADER, streetRow } from './ingest-helpers.js';

/** Files dropped into a feed's inbox are loaded and moved to done/ or failed/. */
describe('feed inbox', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub?.close());

  it('loads waiting files and moves each to done/ or failed/', async () => {
    const { user } = await operator(hub);
    const inbox = path.join(hub.dir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    await hub.app.get(FeedsService).update(user, 'police-uk-street', { inboxDir: inbox, schedule: '*/5 * * * *' }, null);
    writeFileSync(path.join(inbox, '2031-05-hampshire-street.csv'), [STREET_HEADER, streetRow({ month: '2031-05', id: 'in-1', type: 'Robbery' })].join('\n'));
    writeFileSync(path.join(inbox, 'notes.txt'), 'not a police file\n');
    const feed = (await hub.app.get(FeedsRepository).findBySlug('police-uk-street'))!;
    const results = await hub.app.get(InboxService).check(feed);
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ['2031-05-hampshire-street.csv', LoadStatus.Succeeded],
      ['notes.txt', LoadStatus.Failed],
    ]);
    expect(readdirSync(inbox).sort()).toEqual(['done', 'failed']);
    expect(readdirSync(path.join(inbox, 'done'))[0]).toMatch(/2031-05-hampshire-street\.csv$/);
    expect(readdirSync(path.join(inbox, 'failed'))[0]).toMatch(/notes\.txt$/);
    expect(results.every((r) => existsSync(r.movedTo))).toBe(true);
    expect(await countRows(hub, 'police-uk-street', "month = DATE '2031-05-01'")).toBe(1);
    // Nothing left: a second check does nothing.
    expect(await hub.app.get(InboxService).check(feed)).toEqual([]);
  });

  it('refuses a schedule that is not a cron expression', async () => {
    const { user } = await operator(hub);
    await expect(hub.app.get(FeedsService).update(user, 'police-uk-outcomes', { inboxDir: '/tmp/x', schedule: 'every day' }, null)).rejects.toThrow(/not a cron expression/);
  });
});

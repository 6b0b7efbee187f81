import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FeedsRepository } from '../../src/ingest/feeds.repository.js';
import { FeedsService } from '../../src/ingest/feeds.service.js';
import { INBOX_SETTLE_MS, InboxService } from '../../src/ingest/inbox.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, operator, STREET_HEADER, streetRow } from './ingest-helpers.js';

/** A file as a copy leaves it: written, then untouched for longer than the settle time. */
function drop(file: string, content: string): void {
  writeFileSync(file, content);
  const past = new Date(Date.now() - INBOX_SETTLE_MS - 1000);
  utimesSync(file, past, past);
}

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
    drop(path.join(inbox, '2031-05-hampshire-street.csv'), [STREET_HEADER, streetRow({ month: '2031-05', id: 'in-1', type: 'Robbery' })].join('\n'));
    drop(path.join(inbox, 'notes.txt'), 'not a police file\n');
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

  it('leaves a file that is still arriving, and files under a temporary dot-name, for a later run', async () => {
    const { user } = await operator(hub);
    const inbox = path.join(hub.dir, 'inbox-arriving');
    mkdirSync(inbox, { recursive: true });
    await hub.app.get(FeedsService).update(user, 'police-uk-outcomes', { inboxDir: inbox, schedule: '0 2 * * *' }, null);
    writeFileSync(path.join(inbox, 'half-copied.csv'), 'Crime ID,Month,Rep');
    writeFileSync(path.join(inbox, '.partial.csv'), 'Crime ID,Month');
    const feed = (await hub.app.get(FeedsRepository).findBySlug('police-uk-outcomes'))!;
    expect(await hub.app.get(InboxService).check(feed)).toEqual([]);
    expect(readdirSync(inbox).sort()).toEqual(['.partial.csv', 'half-copied.csv']);
  });

  it('runs on the feed\'s cron schedule once the server watches inboxes', async () => {
    const { user } = await operator(hub);
    const inbox = path.join(hub.dir, 'inbox-scheduled');
    mkdirSync(inbox, { recursive: true });
    drop(path.join(inbox, '2031-07-hampshire-street.csv'), [STREET_HEADER, streetRow({ month: '2031-07', id: 'cron-1', type: 'Robbery' })].join('\n'));
    // Every second (cron with a seconds field), so the test need not wait for a minute boundary.
    await hub.app.get(FeedsService).update(user, 'police-uk-street', { inboxDir: inbox, schedule: '* * * * * *' }, null);
    await hub.app.get(InboxService).refresh();
    const moved = () => existsSync(path.join(inbox, 'done')) && readdirSync(path.join(inbox, 'done')).length > 0;
    for (let i = 0; i < 300 && !moved(); i++) await new Promise((r) => setTimeout(r, 100));
    await hub.app.get(FeedsService).update(user, 'police-uk-street', { schedule: '0 2 * * *' }, null);
    await hub.app.get(InboxService).refresh();
    expect(readdirSync(path.join(inbox, 'done'))[0]).toMatch(/2031-07-hampshire-street\.csv$/);
    expect(await countRows(hub, 'police-uk-street', "month = DATE '2031-07-01'")).toBe(1);
  });

  it('refuses a schedule that is not a cron expression', async () => {
    const { user } = await operator(hub);
    await expect(hub.app.get(FeedsService).update(user, 'police-uk-outcomes', { inboxDir: '/tmp/x', schedule: 'every day' }, null)).rejects.toThrow(/not a cron expression/);
  });
});

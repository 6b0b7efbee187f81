import { readFile, rm } from 'node:fs/promises';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { IngestStoreRepository } from '../../src/ingest/ingest-store.repository.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { CASES_HEADER, caseMapping, createMappedFeed, loadFile, operator, tableRows, writeFixture } from './ingest-helpers.js';

const mapping = caseMapping;

const csv = (...rows: string[]) => [CASES_HEADER, ...rows].join('\n');
const row = (ref: string, notes: string, date = '01/05/2024') => `${ref},${date},Noise,Winchester,${notes}`;

describe('upsert-by-key: a key on several rows of one file', () => {
  let hub: TestHub;
  let user: AuthUser;

  beforeAll(async () => {
    hub = await createTestHub();
    ({ user } = await operator(hub));
  });
  afterAll(() => hub?.close());

  const load = (feed: string, name: string, content: string) => loadFile(hub, feed, writeFixture(hub, name, content), user);
  const rejects = (loadId: string) => hub.app.get(IngestStoreRepository).rejects(loadId, 100);
  const records = async (dataset: string) =>
    (await tableRows(hub, dataset)).map((r) => ({ ref: r.case_ref, notes: r.notes, row: Number(r._source_row) })).sort((a, b) => String(a.ref).localeCompare(String(b.ref)));

  it('loads the last row of each key and rejects the earlier ones naming it; an empty key is rejected', async () => {
    await createMappedFeed(hub, user, 'repeats', mapping(), { policy: 'upsert-by-key' });
    const result = await load(
      'repeats',
      'repeats.csv',
      csv(
        row('ASB-1', 'first'), // 1: superseded by 5
        row('ASB-2', 'only'), // 2: loaded
        row('ASB-1', 'second'), // 3: superseded by 5
        row('', 'no reference'), // 4: empty key
        row('ASB-1', 'third'), // 5: loaded
        row(' ASB-3 ', 'spaces around'), // 6: the same key as row 7 once trimmed
        row('ASB-3', 'last'), // 7: loaded
      ),
    );
    expect(result.status).toBe(LoadStatus.Succeeded);
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([7, 3, 4]);
    expect(await records('repeats-cases')).toEqual([
      { ref: 'ASB-1', notes: 'third', row: 5 },
      { ref: 'ASB-2', notes: 'only', row: 2 },
      { ref: 'ASB-3', notes: 'last', row: 7 },
    ]);
    const later = ', the last row with this key, which was loaded instead';
    expect((await rejects(result.id)).map((r) => [r.sourceRow, r.reasons])).toEqual([
      [1, [`Case Ref "ASB-1" appears again at row 5${later}`]],
      [3, [`Case Ref "ASB-1" appears again at row 5${later}`]],
      [4, ['Case Ref is empty']],
      [6, [`Case Ref "ASB-3" appears again at row 7${later}`]],
    ]);
    const report = await hub.app.get(LoadsService).rejectsFile(result.id);
    expect(await readFile(report.file, 'utf8')).toContain(`1,,"Case Ref ""ASB-1"" appears again at row 5${later}",`);
    await rm(report.file);
  });

  it('replaces a published record with the last version only, and never with an older version when the last is rejected', async () => {
    await createMappedFeed(hub, user, 'versions', mapping(), { policy: 'upsert-by-key' });
    const first = await load('versions', 'v1.csv', csv(row('C-1', 'v1'), row('C-2', 'v1'), row('C-3', 'v1')));
    expect([first.rowsLoaded, first.rowsRejected]).toEqual([3, 0]);

    const second = await load(
      'versions',
      'v2.csv',
      csv(
        row('C-1', 'v2'), // 1: superseded by 3
        row('C-2', 'v2 readable'), // 2: superseded by 4, which is rejected
        row('C-1', 'v3'), // 3: loaded, replaces C-1 v1
        row('C-2', 'v3 bad date', '31/02/2024'), // 4: rejected: C-2 keeps v1
        row('C-4', 'v2'), // 5: new record
      ),
    );
    expect([second.status, second.rowsRead, second.rowsLoaded, second.rowsRejected, second.rowsReplaced]).toEqual([LoadStatus.Succeeded, 5, 2, 3, 1]);
    expect(await records('versions-cases')).toEqual([
      { ref: 'C-1', notes: 'v3', row: 3 },
      { ref: 'C-2', notes: 'v1', row: 2 },
      { ref: 'C-3', notes: 'v1', row: 3 },
      { ref: 'C-4', notes: 'v2', row: 5 },
    ]);
    expect((await rejects(second.id)).map((r) => [r.sourceRow, r.reasons])).toEqual([
      [1, ['Case Ref "C-1" appears again at row 3, the last row with this key, which was loaded instead']],
      [2, ['Case Ref "C-2" appears again at row 4, the last row with this key, which was rejected too, so no row with this key was loaded']],
      [4, ['Date "31/02/2024" is not a date written dd/MM/yyyy']],
    ]);

    const rolled = await hub.app.get(LoadsService).rollback(user, second.id, '127.0.0.1');
    expect(rolled.status).toBe(LoadStatus.RolledBack);
    expect(await records('versions-cases')).toEqual(['C-1', 'C-2', 'C-3'].map((ref, i) => ({ ref, notes: 'v1', row: i + 1 })));
  });

  it('withholds a personal key from the reason', async () => {
    const base = mapping();
    const personal = { ...base, columns: base.columns.map((c, i) => (i === 0 ? { ...c, personal: true } : c)) };
    await createMappedFeed(hub, user, 'personal-key', personal, { policy: 'upsert-by-key' });
    const result = await load('personal-key', 'p.csv', csv(row('Jo Bloggs', 'a'), row('Jo Bloggs', 'b')));
    expect([result.rowsLoaded, result.rowsRejected]).toEqual([1, 1]);
    const [reject] = await rejects(result.id);
    expect(reject.reasons).toEqual(['Case Ref "(withheld)" appears again at row 2, the last row with this key, which was loaded instead']);
    expect(reject.raw).not.toContain('Jo Bloggs');
  });

  it('leaves repeated keys alone under append (a key identifies a record only for upsert-by-key)', async () => {
    await createMappedFeed(hub, user, 'appended', mapping());
    const result = await load('appended', 'a.csv', csv(row('A-1', 'one'), row('A-1', 'two')));
    expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([2, 2, 0]);
  });
});

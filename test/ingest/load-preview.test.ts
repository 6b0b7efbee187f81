import { createHash } from 'node:crypto';
import { Role } from '../../src/auth/role.js';
import { LoadQueue } from '../../src/ingest/load-queue.service.js';
import { signedInUser } from '../factories/user.factory.js';
import { badStreetLines, streetCsv, streetRows } from '../browser/support/police-csv.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, datasetRow, operator, writeFixture } from './ingest-helpers.js';

const FEED = 'police-uk-street';

/** Preview before publishing, coverage, the duplicate flag and the load history, through HTTP. */
describe('load preview, coverage and history', () => {
  let hub: TestHub;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const january = streetCsv(streetRows('2024-01', { winchester: { 'Anti-social behaviour': 3 }, portsmouth: { 'Public order': 2 } }));

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    token = (await operator(hub)).token;
  });
  afterAll(() => hub?.close());

  async function upload(name: string, content: string, preview?: string) {
    const req = hub.http().post(`/api/feeds/${FEED}/loads`).set(auth());
    if (preview !== undefined) req.field('preview', preview);
    const res = await req.attach('file', writeFixture(hub, `${Math.random().toString(16).slice(2)}/${name}`, content));
    expect(res.status).toBe(202);
    await hub.app.get(LoadQueue).whenIdle();
    return (await hub.http().get(`/api/loads/${res.body.id}`).set(auth()).expect(200)).body;
  }

  it('records what a load covered: months with rows added and replaced, areas, the file name’s month', async () => {
    const load = await upload('2024-01-hampshire-street.csv', january);
    expect(load.status).toBe('succeeded');
    expect(load.coverage).toEqual({
      months: [{ month: '2024-01', rows: 5, replaced: 0 }],
      areas: [
        { code: 'E07000094', name: 'Winchester', rows: 3 },
        { code: 'E06000044', name: 'Portsmouth', rows: 2 },
      ],
      fileMonth: '2024-01',
      monthMismatch: false,
    });
  });

  it('previews a republished month without publishing, flags the misnamed file, and publishes exactly the preview on confirmation', async () => {
    const before = await datasetRow(hub, FEED);
    const rows = [...streetRows('2024-01', { winchester: { 'Anti-social behaviour': 4 } }), ...streetRows('2024-02', { gosport: { Drugs: 1 } })];
    const preview = await upload('2024-01-hampshire-street.csv', streetCsv(rows, badStreetLines('2024-01').slice(1, 2)), 'true');
    expect(preview).toMatchObject({ status: 'awaiting_confirmation', preview: true, rowsRead: 6, rowsLoaded: 0, rowsRejected: 1, rowsReplaced: 5 });
    expect(preview.coverage.months).toEqual([
      { month: '2024-01', rows: 4, replaced: 5 },
      { month: '2024-02', rows: 1, replaced: 0 },
    ]);
    expect(preview.coverage.areas.map((a: { name: string; rows: number }) => [a.name, a.rows])).toEqual([
      ['Winchester', 4],
      ['Gosport', 1],
    ]);
    expect(preview.coverage).toMatchObject({ fileMonth: '2024-01', monthMismatch: true });
    expect(preview.coverage.rejectReasons).toHaveLength(1);
    // Nothing changed yet.
    expect(await countRows(hub, FEED)).toBe(5);
    expect((await datasetRow(hub, FEED)).version).toBe(before.version);

    const published = await hub.http().post(`/api/loads/${preview.id}/publish`).set(auth()).expect(200);
    expect(published.body.status).toBe('queued');
    await hub.app.get(LoadQueue).whenIdle();
    const done = (await hub.http().get(`/api/loads/${preview.id}`).set(auth())).body;
    expect(done).toMatchObject({ status: 'succeeded', rowsLoaded: 5, rowsRejected: 1, rowsReplaced: 5 });
    // The figures published are the figures previewed.
    expect(done.coverage.months).toEqual(preview.coverage.months);
    expect(done.coverage.areas).toEqual(preview.coverage.areas);
    expect(await countRows(hub, FEED)).toBe(5);
    const imb = (await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' })).token;
    const audit = await hub.http().get('/api/audit/entries?action=load.*').set({ Authorization: `Bearer ${imb}` }).expect(200);
    const mine = audit.body.entries.filter((e: { targetId: string }) => e.targetId === preview.id).map((e: { action: string }) => e.action);
    expect(mine).toEqual(['load.succeeded', 'load.confirmed', 'load.previewed', 'load.queued']);
  });

  it('flags a file already loaded before it publishes anything, and finds it by its SHA-256', async () => {
    const again = await upload('copy-of-january.csv', january, 'true');
    expect(again.status).toBe('duplicate');
    const sha = createHash('sha256').update(january).digest('hex');
    const found = await hub.http().get(`/api/loads/history?sha256=${sha}&status=succeeded`).set(auth()).expect(200);
    expect(found.body.total).toBe(1);
    expect(found.body.loads[0].id).toBe(again.duplicateOf);
  });

  it('previews again when the dataset changed after the preview; a discarded preview publishes nothing', async () => {
    const march = await upload('2024-03-hampshire-street.csv', streetCsv(streetRows('2024-03', { winchester: { Robbery: 2 } })), 'true');
    expect(march.status).toBe('awaiting_confirmation');
    // Another load publishes meanwhile.
    expect((await upload('2024-04-hampshire-street.csv', streetCsv(streetRows('2024-04', { portsmouth: { Drugs: 1 } })), 'false')).status).toBe('succeeded');
    const stale = await hub.http().post(`/api/loads/${march.id}/publish`).set(auth());
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('preview_stale');
    await hub.app.get(LoadQueue).whenIdle();
    const fresh = (await hub.http().get(`/api/loads/${march.id}`).set(auth())).body;
    expect(fresh.status).toBe('awaiting_confirmation');
    const rows = await countRows(hub, FEED);
    const discarded = await hub.http().post(`/api/loads/${march.id}/discard`).set(auth()).expect(200);
    expect(discarded.body.status).toBe('discarded');
    expect(await countRows(hub, FEED)).toBe(rows);
    expect((await hub.http().post(`/api/loads/${march.id}/publish`).set(auth())).body.error.code).toBe('load_not_awaiting');
  });

  it('previews every load of a feed that asks for it; refuses a preview field that is not true or false', async () => {
    await hub.http().patch(`/api/feeds/${FEED}`).set(auth()).send({ previewBeforePublish: true }).expect(200);
    const waiting = await upload('2024-05-hampshire-street.csv', streetCsv(streetRows('2024-05', { gosport: { Drugs: 1 } })));
    expect(waiting.status).toBe('awaiting_confirmation');
    await hub.http().patch(`/api/feeds/${FEED}`).set(auth()).send({ previewBeforePublish: false }).expect(200);
    const bad = await hub.http().post(`/api/feeds/${FEED}/loads`).set(auth()).field('preview', 'maybe').attach('file', writeFixture(hub, 'x/2024-06.csv', january));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_preview');
  });

  it('pages the load history and filters it by feed, status and the days queued', async () => {
    const all = await hub.http().get('/api/loads/history').set(auth()).expect(200);
    expect(all.body).toMatchObject({ total: 6, page: 1, pageSize: 25 });
    const second = await hub.http().get('/api/loads/history?pageSize=3&page=2').set(auth()).expect(200);
    expect(second.body.loads.map((l: { id: string }) => l.id)).toEqual(all.body.loads.slice(3, 6).map((l: { id: string }) => l.id));
    const today = new Date().toISOString().slice(0, 10);
    const succeeded = await hub.http().get(`/api/loads/history?feed=${FEED}&status=succeeded&from=${today}&to=${today}`).set(auth()).expect(200);
    expect(succeeded.body.total).toBe(3);
    expect((await hub.http().get('/api/loads/history?from=2000-01-01&to=2000-01-31').set(auth()).expect(200)).body.total).toBe(0);
    expect((await hub.http().get(`/api/loads/history?from=${today}&to=2000-01-01`).set(auth())).body.error.code).toBe('invalid_range');
    expect((await hub.http().get('/api/loads/history?from=31/01/2024').set(auth())).status).toBe(400);
    expect((await hub.http().get('/api/loads/history?status=lost').set(auth())).status).toBe(400);
    expect((await hub.http().get('/api/loads/history?pageSize=500').set(auth())).status).toBe(400);
  });
});

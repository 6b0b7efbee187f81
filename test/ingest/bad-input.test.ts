import { randomBytes } from 'node:crypto';
import { LoadQueue } from '../../src/ingest/load-queue.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { countRows, datasetRow, loadFile, operator, STREET_HEADER, streetRow, writeFixture } from './ingest-helpers.js';

/** Each bad file gives one clear sentence and loads nothing; uploads go through HTTP as operators send them. */
describe('bad input', () => {
  let hub: TestHub;
  let token: string;

  beforeAll(async () => {
    hub = await createTestHub({ INGEST_MAX_FILE_MB: '1' });
    token = (await operator(hub)).token;
  });
  afterAll(() => hub?.close());

  async function upload(name: string, content: string | Buffer) {
    const file = writeFixture(hub, name, content);
    const res = await hub.http().post('/api/feeds/police-uk-street/loads').set('Authorization', `Bearer ${token}`).attach('file', file);
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('queued');
    await hub.app.get(LoadQueue).whenIdle();
    const done = await hub.http().get(`/api/loads/${res.body.id}`).set('Authorization', `Bearer ${token}`);
    expect(done.status).toBe(200);
    return done.body;
  }

  const cases: [string, string | Buffer, string, RegExp][] = [
    ['empty', '', 'file_empty', /empty/],
    ['blank lines only', '\n\r\n  \n', 'file_empty', /no content/],
    ['header only', `${STREET_HEADER}\r\n`, 'file_no_rows', /header row but no data rows/],
    ['binary', Buffer.concat([Buffer.from([0x00, 0x01, 0x02, 0xff]), randomBytes(2048)]), 'file_binary', /binary/],
    ['a zip or spreadsheet', Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(512)]), 'file_binary', /spreadsheet or zip/],
    ['wrong delimiter', [STREET_HEADER, streetRow({ month: '2031-01' })].map((l) => l.replace(/,/g, ';')).join('\n'), 'columns_mismatch', /delimited by ";"/],
    ['unknown columns', [`${STREET_HEADER},Officer`, `${streetRow({ month: '2031-01' })},PC 123`].join('\n'), 'columns_mismatch', /Unknown columns: Officer/],
    ['another police.uk format', 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\nabc,2031-01,H,H,,,,,,Unable to prosecute suspect\n', 'columns_mismatch', /outcomes format/],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`${STREET_HEADER}\n`), Buffer.from([0x41, 0xe9, 0x42, 0x0a])]), 'file_encoding', /not valid UTF-8/],
    ['every row bad', [STREET_HEADER, streetRow({ month: 'January 2031' }), streetRow({ month: '31/01/2031' })].join('\n'), 'no_rows_accepted', /None of the 2 rows could be loaded.*Month/],
  ];

  it.each(cases)('%s: a clear message and nothing loaded', async (name, content, code, message) => {
    const before = await datasetRow(hub, 'police-uk-street');
    const load = await upload(`${name.replace(/\W+/g, '-')}.csv`, content);
    expect(load.status).toBe(LoadStatus.Failed);
    expect(load.errorCode).toBe(code);
    expect(load.error).toMatch(message);
    expect(load.rowsLoaded).toBe(0);
    const after = await datasetRow(hub, 'police-uk-street');
    expect(after.rowCount).toBe(before.rowCount);
    expect(after.version).toBe(before.version);
    expect(await countRows(hub, 'police-uk-street', '_load_id = $1', [load.id])).toBe(0);
  });

  it('refuses an upload over the size limit before it is stored', async () => {
    const big = writeFixture(hub, 'big.csv', `${STREET_HEADER}\n${'x'.repeat(1024 * 1024 + 10)}\n`);
    const res = await hub.http().post('/api/feeds/police-uk-street/loads').set('Authorization', `Bearer ${token}`).attach('file', big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('file_too_large');
    expect(res.body.error.message).toMatch(/over the 1\.0 MB limit/);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(hub.config.ingest.uploadDir)).toEqual([]);
  });

  it('refuses a file over the size limit given to the CLI path too', async () => {
    const big = writeFixture(hub, 'big2.csv', `${STREET_HEADER}\n${'x'.repeat(1024 * 1024 + 10)}\n`);
    const load = await loadFile(hub, 'police-uk-street', big);
    expect(load.status).toBe(LoadStatus.Failed);
    expect(load.errorCode).toBe('file_too_large');
  });

  it('asks for the file when the upload has none, and refuses callers without the permission', async () => {
    const none = await hub.http().post('/api/feeds/police-uk-street/loads').set('Authorization', `Bearer ${token}`).field('note', 'x');
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('file_required');
    const analyst = await hub.login((await import('../factories/user.factory.js').then((m) => m.createUser(hub))).email);
    // Refused on its headers, before any file is read (a body still being sent when the server
    // answers and closes would only make the client's write fail with EPIPE).
    const res = await hub.http().post('/api/feeds/police-uk-street/loads').set('Authorization', `Bearer ${analyst}`);
    expect(res.status).toBe(403);
  });
});

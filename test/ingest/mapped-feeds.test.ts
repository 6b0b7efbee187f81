import iconv from 'iconv-lite';
import { LoadQueue } from '../../src/ingest/load-queue.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { loadFile, operator, tableRows, writeFixture } from './ingest-helpers.js';
import type { AuthUser } from '../../src/auth/auth-user.js';

const baseMapping = (dateFormat: string, extra: Record<string, unknown> = {}) => ({
  dateFormat,
  columns: [
    { source: 'Ref', name: 'case_ref', required: true },
    { source: 'Date', name: 'incident_date', type: 'date' },
    { source: 'Type', name: 'source_category', dimension: true },
    { source: 'District', name: 'district', dimension: true },
    { source: 'Name', name: 'victim_name', personal: true },
    { source: 'Notes', name: 'notes', personal: true },
  ],
  monthFrom: 'incident_date',
  category: { from: 'source_category', map: { Noise: 'Nuisance', 'Fly-tipping': 'Environmental', Harassment: 'Personal' } },
  area: { district: 'district' },
  key: 'case_ref',
  ...extra,
});

const HEADER = 'Ref,Date,Type,District,Name,Notes';

describe('mapped delimited feeds over HTTP', () => {
  let hub: TestHub;
  let token: string;
  let user: AuthUser;

  beforeAll(async () => {
    hub = await createTestHub();
    ({ token, user } = await operator(hub));
  });
  afterAll(() => hub?.close());

  const auth = () => ({ Authorization: `Bearer ${token}` });

  async function createFeed(slug: string, mapping: Record<string, unknown>, policy = 'append') {
    const res = await hub
      .http()
      .post('/api/feeds')
      .set(auth())
      .send({
        slug,
        title: `Feed ${slug}`,
        adapter: 'delimited',
        policy,
        mapping,
        dataset: { slug: `${slug}-cases`, title: 'Cases', kind: 'partner_asb', sensitivity: 'OFFICIAL-SENSITIVE', lawfulBasis: 'CDA 1998 s115', ownerOrganisation: 'winchester' },
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function upload(slug: string, name: string, content: string | Buffer) {
    const res = await hub.http().post(`/api/feeds/${slug}/loads`).set(auth()).attach('file', writeFixture(hub, name, content));
    expect(res.status).toBe(202);
    await hub.app.get(LoadQueue).whenIdle();
    return (await hub.http().get(`/api/loads/${res.body.id}`).set(auth())).body;
  }

  it('creates a feed with its dataset, declares personal columns, and lists it', async () => {
    const feed = await createFeed('uk-dates', baseMapping('dd/MM/yyyy'));
    expect(feed.dataset.slug).toBe('uk-dates-cases');
    const list = await hub.http().get('/api/feeds').set(auth());
    expect(list.body.map((f: { slug: string }) => f.slug)).toEqual(expect.arrayContaining(['uk-dates', 'police-uk-street', 'police-uk-outcomes', 'police-uk-stop-search']));
    const { body: datasets } = await hub.http().get('/api/feeds/uk-dates').set(auth());
    expect(datasets.mapping.dateFormat).toBe('dd/MM/yyyy');
  });

  it('refuses a mapping that does not make sense, naming the problem', async () => {
    const res = await hub.http().post('/api/feeds').set(auth()).send({
      slug: 'broken',
      title: 'Broken',
      adapter: 'delimited',
      policy: 'append',
      mapping: { ...baseMapping('dd/MM/yyyy'), monthFrom: 'source_category', dateFormat: 'dd/mm/YYYY' },
      datasetSlug: 'uk-dates-cases',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('mapping_invalid');
    expect(res.body.error.message).toMatch(/dateFormat/);
    expect(res.body.error.message).toMatch(/monthFrom/);
  });

  it('never confuses dd/MM with MM/dd: the mapped format decides, impossible dates are rejected', async () => {
    await createFeed('us-dates', baseMapping('MM/dd/yyyy'));
    const rows = [HEADER, 'A1,03/04/2024,Noise,Winchester,,', 'A2,13/02/2024,Noise,Winchester,,', 'A3,02/13/2024,Noise,Winchester,,'].join('\n');
    const uk = await upload('uk-dates', 'uk.csv', rows);
    const us = await upload('us-dates', 'us.csv', rows);
    expect([uk.rowsLoaded, uk.rowsRejected]).toEqual([2, 1]);
    expect([us.rowsLoaded, us.rowsRejected]).toEqual([2, 1]);
    const date = (r: Record<string, unknown>) => (r.incident_date as Date).toISOString().slice(0, 10);
    const ukRows = Object.fromEntries((await tableRows(hub, 'uk-dates-cases')).map((r) => [r.case_ref, date(r)]));
    const usRows = Object.fromEntries((await tableRows(hub, 'us-dates-cases')).map((r) => [r.case_ref, date(r)]));
    expect(ukRows).toEqual({ A1: '2024-04-03', A2: '2024-02-13' });
    expect(usRows).toEqual({ A1: '2024-03-04', A3: '2024-02-13' });
    const rejects = await hub.http().get(`/api/loads/${uk.id}/rejects`).set(auth());
    expect(rejects.status).toBe(200);
    expect(rejects.headers['content-type']).toMatch(/text\/csv/);
    expect(rejects.text).toMatch(/^row,line,reasons,values/);
    expect(rejects.text).toContain('3,,"Date ""02/13/2024"" is not a date written dd/MM/yyyy"');
  });

  it('reads a messy export: CRLF, quoted newlines, blank lines, a footer, and accounts for every row', async () => {
    await createFeed('messy', baseMapping('dd/MM/yyyy'));
    const lines = [
      HEADER,
      'M1,01/03/2024,Noise,Winchester,Ann Smith,"two\r\nlines, with a comma"',
      '',
      'M2,02/03/2024,Harassment,E07000094,Bob Jones,"said ""hello"""',
      'M3,31/02/2024,Noise,Winchester,Cat Lee,bad date',
      'M4,03/03/2024,Juggling,Winchester,Dan Poe,unknown category',
      ',04/03/2024,Noise,Winchester,Eve Ray,no reference',
      'M6,05/03/2024,Noise,Winchester,Fay Orr,too,many,columns',
      'M7,06/03/2024,Fly-tipping,Atlantis,,unknown district',
      '   ',
      'Exported 01/04/2024: 7 records',
      '',
    ];
    const load = await upload('messy', 'messy.csv', lines.join('\r\n'));
    expect(load.status).toBe(LoadStatus.Succeeded);
    expect(load.rowsRead).toBe(load.rowsLoaded + load.rowsRejected);
    expect([load.rowsRead, load.rowsLoaded, load.rowsRejected]).toEqual([7, 3, 4]);
    const rows = await tableRows(hub, 'messy-cases');
    const byRef = Object.fromEntries(rows.map((r) => [r.case_ref, r]));
    expect(byRef.M1.notes).toBe('two\r\nlines, with a comma');
    expect(byRef.M2.notes).toBe('said "hello"');
    expect(byRef.M2.district_name).toBe('Winchester');
    expect(byRef.M2.category).toBe('Personal');
    expect(byRef.M7.placement).toBe('unplaced');
    expect(byRef.M1.placement).toBe('mapped');
    const report = (await hub.http().get(`/api/loads/${load.id}/rejects`).set(auth())).text;
    expect(report).toMatch(/31\/02\/2024.*is not a date written dd\/MM\/yyyy/);
    expect(report).toMatch(/Category ""Juggling"" has no Home Office ASB category/);
    expect(report).toMatch(/Ref is empty/);
    expect(report).toMatch(/Expected Number of Columns: 6 Found: 8/);
    expect(report).not.toContain('Cat Lee');
    expect(report).not.toContain('Exported');
  });

  it('upsert-by-key replaces records by key and keeps the rest', async () => {
    await createFeed('upsert', baseMapping('dd/MM/yyyy'), 'upsert-by-key');
    await upload('upsert', 'u1.csv', [HEADER, 'U1,01/05/2024,Noise,Winchester,,first', 'U2,02/05/2024,Noise,Winchester,,first'].join('\n'));
    const second = await upload('upsert', 'u2.csv', [HEADER, 'U2,02/05/2024,Noise,Winchester,,second', 'U3,03/05/2024,Noise,Winchester,,second'].join('\n'));
    expect(second.rowsReplaced).toBe(1);
    const rows = Object.fromEntries((await tableRows(hub, 'upsert-cases')).map((r) => [r.case_ref, r.notes]));
    expect(rows).toEqual({ U1: 'first', U2: 'second', U3: 'second' });
    const rolled = await hub.http().delete(`/api/loads/${second.id}`).set(auth());
    expect(rolled.status).toBe(200);
    expect(rolled.body.status).toBe('rolled_back');
    const after = Object.fromEntries((await tableRows(hub, 'upsert-cases')).map((r) => [r.case_ref, r.notes]));
    expect(after).toEqual({ U1: 'first', U2: 'first' });
    const again = await hub.http().delete(`/api/loads/${second.id}`).set(auth());
    expect(again.status).toBe(409);
  });

  it('Windows-1252 files keep their names exactly', async () => {
    await createFeed('cp1252', baseMapping('dd/MM/yyyy', { encoding: 'windows-1252', delimiter: ';' }));
    const names = ['Zoë Brontë', 'Siân O’Neill', 'Renée “Bunny” Façade', 'Ørjan Ståle'];
    const text = ['Ref;Date;Type;District;Name;Notes', ...names.map((n, i) => `W${i};01/06/2024;Noise;Winchester;${n};€5 fine`)].join('\r\n');
    const load = await upload('cp1252', 'cp1252.csv', iconv.encode(text, 'win1252'));
    expect(load.status).toBe(LoadStatus.Succeeded);
    const rows = await tableRows(hub, 'cp1252-cases');
    expect(rows.map((r) => r.victim_name)).toEqual(names);
    expect(rows.every((r) => r.notes === '€5 fine')).toBe(true);
    // The same names saved as UTF-8 (with a byte-order mark) under this Windows-1252 feed: refused, not mangled.
    const utf8 = await upload('cp1252', 'utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/W(\d)/g, 'U$1'))]));
    expect([utf8.status, utf8.errorCode]).toEqual([LoadStatus.Failed, 'file_encoding']);
    expect(utf8.error).toMatch(/UTF-8, not Windows-1252: set the feed encoding to utf-8-bom/);
    expect(await tableRows(hub, 'cp1252-cases')).toHaveLength(names.length);
  });

  it('saving a mapping is audited with before and after, and new columns are declared', async () => {
    const mapping = baseMapping('dd/MM/yyyy', { ignore: ['Extra'] });
    const res = await hub.http().put('/api/feeds/uk-dates/mapping').set(auth()).send({ mapping });
    expect(res.status).toBe(200);
    expect(res.body.mapping.ignore).toEqual(['Extra']);
    const audit = await hub.dataSource.query(`SELECT action, details FROM audit_log WHERE action LIKE 'feed.%' OR action LIKE 'load.%' ORDER BY id`);
    const actions = audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['feed.created', 'feed.mapping_changed', 'load.queued', 'load.succeeded', 'load.rolled_back']));
    const change = audit.find((a: { action: string }) => a.action === 'feed.mapping_changed');
    expect(change.details.before.ignore).toEqual([]);
    expect(change.details.after.ignore).toEqual(['Extra']);
    void user;
  });

  it('lets only operators change feeds', async () => {
    const { createUser } = await import('../factories/user.factory.js');
    const analyst = await hub.login((await createUser(hub)).email);
    expect((await hub.http().get('/api/feeds').set({ Authorization: `Bearer ${analyst}` })).status).toBe(403);
    expect((await hub.http().put('/api/feeds/uk-dates/mapping').set({ Authorization: `Bearer ${analyst}` }).send({ mapping: {} })).status).toBe(403);
  });

  it('loads a file with the service path as the CLI does', async () => {
    const file = writeFixture(hub, 'cli.csv', [HEADER, 'C1,01/07/2024,Noise,Winchester,,'].join('\n'));
    const load = await loadFile(hub, 'uk-dates', file, user);
    expect(load.status).toBe(LoadStatus.Succeeded);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { AccessLevel } from '../../src/access/access-level.js';
import { Role } from '../../src/auth/role.js';
import { BoardPackService } from '../../src/board-pack/board-pack.service.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const DAY = 86_400_000;
const month = (back: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
};
const asb = (district: string, name: string, m: string, n: number): FactoryRow[] =>
  times(n, { month: m, district_code: district, district_name: name, category: 'Anti-social behaviour', category_group: 'Anti-social behaviour', source_org: 'hiow-constabulary', placement: 'lsoa' });
const thisQuarter = () => {
  const now = new Date();
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
};

/** Reads a binary PGM (P5) that pdftoppm wrote: width, height and the grey level of each pixel. */
function readPgm(file: string): { width: number; height: number; pixels: Buffer } {
  const data = readFileSync(file);
  const header = data.subarray(0, 64).toString('latin1').split(/\s+/);
  const [, width, height, max] = header;
  const offset = data.indexOf(`${max}\n`, data.indexOf(`${width} ${height}`)) + `${max}\n`.length;
  return { width: Number(width), height: Number(height), pixels: data.subarray(offset) };
}

describe('the IMB board pack', () => {
  let hub: TestHub;
  let imb: { token: string; id: string };
  let imb2: string;
  let analyst: string;
  let admin: string;
  let dir: string;

  const as = (token: string) => ({
    get: (url: string) => hub.http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object = {}) => hub.http().post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  const download = async (token: string, id: string) => {
    const res = await as(token).get(`/api/board-packs/${id}/pdf`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    return res;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'board-pack-'));
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    const rows = [1, 2, 3, 4, 5, 6, 7].flatMap((back) => [...asb(W, 'Winchester', month(back), back === 1 ? 60 : 20), ...asb(G, 'Gosport', month(back), 25)]);
    const police = await createDataset(hub, { slug: 'bp-police', title: 'Police ASB', rows });
    const member = await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' });
    imb = { token: member.token, id: member.user.id };
    imb2 = (await signedInUser(hub, { roles: [Role.Imb], organisation: 'opcc' })).token;
    analyst = (await signedInUser(hub, { roles: [Role.Analyst], organisation: 'winchester' })).token;
    admin = (await signedInUser(hub, { roles: [Role.Admin], organisation: 'opcc' })).token;
    await createGrant(hub, police, { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [W, G], endsAt: new Date(Date.now() + 10 * DAY) });
    await createGrant(hub, police, { organisation: 'opcc', level: AccessLevel.Aggregate, areas: [W, G], endsAt: new Date(Date.now() + 90 * DAY) });
    await createGrant(hub, police, { organisation: 'gosport', level: AccessLevel.Record, areas: [G], endsAt: new Date(Date.now() + 90 * DAY) });
    // An answer under disclosure control, and two loads of the constabulary's feed, this quarter.
    await as(analyst).post('/api/query', { dataset: 'bp-police', measures: ['count'], groupBy: ['district'] }).expect(200);
    const [feed] = await hub.dataSource.query(`INSERT INTO feeds (slug, title, dataset_id, adapter, policy) VALUES ('bp-feed', 'Police feed', $1, 'police-uk-street', 'append') RETURNING id`, [police.id]);
    for (const [status, loaded, rejected] of [['succeeded', 1200, 3], ['failed', 0, 0]] as const) {
      await hub.dataSource.query(`INSERT INTO loads (feed_id, dataset_id, file_name, source, status, rows_loaded, rows_rejected, progress, finished_at) VALUES ($1, $2, 'x.csv', 'upload', $3, $4, $5, '{}', now())`, [feed.id, police.id, status, loaded, rejected]);
    }
    await as(imb.token).post('/api/governance/agreements', {
      title: 'Pan-Hampshire ASB agreement', purpose: 'Repeat ASB', lawfulBasis: 'Crime and Disorder Act 1998 s115',
      parties: ['hiow-constabulary', 'winchester', 'opcc'], datasets: ['bp-police'], startsAt: new Date(Date.now() - DAY).toISOString(), reviewAt: new Date(Date.now() + 180 * DAY).toISOString(), endsAt: new Date(Date.now() + 365 * DAY).toISOString(),
    }).expect(201);
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is for the IMB and administrators only, and refuses a malformed quarter', async () => {
    expect((await as(analyst).post('/api/board-packs', {})).status).toBe(403);
    expect((await as(analyst).get('/api/board-packs')).status).toBe(403);
    expect((await as(imb.token).post('/api/board-packs', { quarter: '2026-Q5' })).status).toBe(400);
    expect((await as(imb.token).post('/api/board-packs', { quarter: '2999-Q1' })).body.error.code).toBe('quarter_in_future');
    expect((await as(admin).get('/api/board-packs')).status).toBe(200);
  });

  it('renders a PDF whose text holds each section, with figures, and whose pages are drawn', async () => {
    const made = await as(imb.token).post('/api/board-packs', { quarter: thisQuarter() }).expect(201);
    expect(made.body).toMatchObject({ quarter: thisQuarter(), trigger: 'on_demand' });
    const res = await download(imb.token, made.body.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const { text, total } = await parser.getText();
    await parser.destroy();
    expect(total).toBe(made.body.pages);
    expect(text).toMatch(/Information Management\s+Board pack/);
    for (const words of ['1. Access review', 'Live grants by organisation and level', 'Winchester City Council', '2. Disclosure control', '3. Loads per partner', '4. ASB trends by district', 'Pan-Hampshire ASB agreement', 'OFFICIAL', `Page 1 of ${total}`]) {
      expect(text).toContain(words);
    }
    // Three live grants, one ending within 30 days; figures in each section.
    expect(text).toMatch(/Live grants: 3\. Unused for 90 days: 0\. Ending within 30 days: 1\./);
    expect(text).toMatch(/Winchester City Council Police ASB aggregate \d+ \w+/);
    expect(text).toMatch(/Winchester City Council 1 \d+ 0/);
    expect(text).toMatch(/Hampshire and Isle of Wight\s+Constabulary\s+1 1 0 1,200 3/);
    expect(text).toMatch(/Winchester \d+ \d+\.\d yes/);
    expect(text).not.toContain('@test.csp-hub.test');

    // pdftoppm (poppler) draws page 2, the access review with its chart: it must not be blank.
    const file = path.join(dir, 'pack.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '40', '-gray', '-singlefile', file, path.join(dir, 'page2')]);
    const page = readPgm(path.join(dir, 'page2.pgm'));
    expect(page.width).toBeGreaterThan(300);
    const dark = page.pixels.filter((p) => p < 128).length / page.pixels.length;
    const ink = page.pixels.filter((p) => p < 250).length / page.pixels.length;
    expect(dark).toBeGreaterThan(0.005);
    expect(ink).toBeLessThan(0.6);

    const audit = await hub.dataSource.query(`SELECT action FROM audit_log WHERE action LIKE 'board_pack.%' ORDER BY id`);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['board_pack.generated', 'board_pack.downloaded']);
    expect((await download(imb2, made.body.id)).status).toBe(404);
  });

  it('is made once a quarter for each IMB member, however often the job runs, with a notice', async () => {
    const packs = hub.app.get(BoardPackService);
    expect(await packs.scheduled(new Date())).toBe(2);
    expect(await packs.scheduled(new Date())).toBe(0);
    const notices = await hub.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'board_pack_ready'`);
    expect(notices[0].n).toBe(2);
    const mine = await as(imb.token).get('/api/board-packs').expect(200);
    expect(mine.body.map((p: { trigger: string }) => p.trigger).sort()).toEqual(['on_demand', 'schedule']);
  });
});

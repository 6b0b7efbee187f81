import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { square } from '../../etl/geography/geography.fixtures.js';
import { GeographyService } from '../../src/ingest/geography.service.js';
import { signedInUser } from '../factories/user.factory.js';
import { Role } from '../../src/auth/role.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

/** Parses a boundary answer (supertest already undoes the gzip; the wire size is Content-Length). */
function topologyOf(res: { body: unknown }): Topology {
  const raw = res.body as Buffer;
  const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return JSON.parse(text) as Topology;
}

const binary = (res: NodeJS.ReadableStream & { setEncoding(e: string): void; on: (e: string, f: (c?: unknown) => void) => void }, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Writes a small boundary folder laid out like ../shared/data/boundaries: two districts, three LSOAs. */
function writeBoundaries(dir: string): string {
  const folder = path.join(dir, 'boundaries-fixture');
  mkdirSync(path.join(folder, 'lsoa'), { recursive: true });
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(
    path.join(folder, 'lad-test.geojson'),
    fc([square(-1.4, 51.0, 0.2, { LAD13CD: 'E07000094', LAD13NM: 'Winchester' }), square(-1.2, 51.0, 0.2, { LAD13CD: 'E07000085', LAD13NM: 'East Hampshire' })]),
  );
  writeFileSync(
    path.join(folder, 'lsoa', 'E07000094.geojson'),
    fc([square(-1.4, 51.0, 0.1, { LSOA11CD: 'E01000001', LSOA11NM: 'Winchester 001A' }), square(-1.3, 51.0, 0.1, { LSOA11CD: 'E01000002', LSOA11NM: 'Winchester 002A' })]),
  );
  writeFileSync(path.join(folder, 'lsoa', 'E07000085.geojson'), fc([square(-1.2, 51.0, 0.1, { LSOA11CD: 'E01000003', LSOA11NM: 'East Hampshire 001A' })]));
  return folder;
}

describe('geography API', () => {
  let hub: TestHub;
  let token: string;
  const get = (url: string, extra: Record<string, string> = {}) => {
    let req = hub.http().get(url).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary as never);
    for (const [k, v] of Object.entries(extra)) req = req.set(k, v);
    return req;
  };

  beforeAll(async () => {
    hub = await createTestHub({ REFERENCE_DATA_DIR: '' });
    token = (await signedInUser(hub, { roles: [Role.Analyst] })).token;
  });
  afterAll(() => hub?.close());

  it('is closed to anyone not signed in', async () => {
    for (const url of ['/api/geography', '/api/geography/districts', '/api/geography/lsoas']) {
      expect((await hub.http().get(url)).status).toBe(401);
    }
  });

  it('says clearly when no boundaries are loaded', async () => {
    const status = await hub.http().get('/api/geography').set('Authorization', `Bearer ${token}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ loaded: false, version: null, districts: 0 });
    expect(status.body.message).toMatch(/No boundaries have been loaded/);
    const districts = await hub.http().get('/api/geography/districts').set('Authorization', `Bearer ${token}`);
    expect(districts.status).toBe(404);
    expect(districts.body.error.code).toBe('geography_not_loaded');
    expect(districts.body.error.message).toMatch(/tiles/);
  });

  describe('with boundaries loaded', () => {
    let version: string;
    beforeAll(async () => {
      await hub.app.get(GeographyService).importFolder(writeBoundaries(hub.dir));
      const status = await hub.http().get('/api/geography').set('Authorization', `Bearer ${token}`);
      expect(status.body).toMatchObject({ loaded: true, districts: 2, lsoas: 3, message: null });
      version = status.body.version;
    });

    it('serves the districts as TopoJSON, gzipped, with an ETag of the geography version', async () => {
      const res = await get('/api/geography/districts', { 'Accept-Encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(Number(res.headers['content-length'])).toBeLessThan((res.body as Buffer).length);
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.headers.etag).toBe(`"geo-${version}-districts"`);
      const topo = topologyOf(res);
      const features = feature(topo, topo.objects.districts as GeometryCollection).features;
      expect(features.map((f) => [f.id, (f.properties as { name?: string }).name]).sort()).toEqual([
        ['E07000085', 'East Hampshire'],
        ['E07000094', 'Winchester'],
      ]);
      const plain = await get('/api/geography/districts', { 'Accept-Encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(topologyOf(plain)).toEqual(topo);
    });

    it('answers 304 when the client has the current version', async () => {
      const first = await get('/api/geography/districts');
      const again = await get('/api/geography/districts', { 'If-None-Match': first.headers.etag });
      expect(again.status).toBe(304);
      expect((again.body as Buffer).length).toBe(0);
      const stale = await get('/api/geography/districts', { 'If-None-Match': '"geo-0000000000000000-districts"' });
      expect(stale.status).toBe(200);
    });

    it('serves LSOAs of the districts asked for, or all', async () => {
      const codes = async (url: string) => {
        const res = await get(url);
        expect(res.status).toBe(200);
        const topo = topologyOf(res);
        return feature(topo, topo.objects.lsoas as GeometryCollection).features.map((f) => `${f.id} ${(f.properties as { district?: string }).district}`).sort();
      };
      expect(await codes('/api/geography/lsoas?district=E07000094')).toEqual(['E01000001 E07000094', 'E01000002 E07000094']);
      expect(await codes('/api/geography/lsoas')).toHaveLength(3);
      expect(await codes('/api/geography/lsoas?district=E07000094,E07000085')).toHaveLength(3);
      expect(await codes('/api/geography/lsoas?district=E07000085&district=E07000094')).toHaveLength(3);
      expect(await codes('/api/geography/lsoas?district=E06000046')).toEqual([]);
    });

    it('refuses malformed districts with a sentence', async () => {
      const bad = await hub.http().get("/api/geography/lsoas?district=E07000094'--").set('Authorization', `Bearer ${token}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_district' });
      const unknown = await hub.http().get('/api/geography/lsoas?district=E07000001').set('Authorization', `Bearer ${token}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('district_not_found');
    });

    it('changes version when the boundaries are loaded again with a change', async () => {
      const folder = writeBoundaries(hub.dir);
      writeFileSync(path.join(folder, 'lsoa', 'E07000085.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [square(-1.2, 51.0, 0.05, { LSOA11CD: 'E01000003', LSOA11NM: 'East Hampshire 001A' })] }));
      const before = (await get('/api/geography/districts')).headers.etag;
      await hub.app.get(GeographyService).importFolder(folder);
      const after = await get('/api/geography/districts', { 'If-None-Match': before });
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(before);
    });
  });
});

const reference = process.env.REFERENCE_DATA_DIR;
if (!reference) console.log('Skipping the geography API on the real boundaries: set REFERENCE_DATA_DIR (e.g. ../shared/data) to run it.');
(reference ? describe : describe.skip)('geography API on the real boundaries (REFERENCE_DATA_DIR)', () => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await createTestHub();
    await hub.app.get(GeographyService).importFolder(path.join(reference!, 'boundaries'));
    token = (await signedInUser(hub)).token;
  });
  afterAll(() => hub?.close());

  it('serves the 14 districts and every LSOA in small payloads', async () => {
    const fetch = (url: string) => hub.http().get(url).set('Authorization', `Bearer ${token}`).set('Accept-Encoding', 'gzip').buffer(true).parse(binary as never);
    const districts = await fetch('/api/geography/districts');
    const topo = topologyOf(districts);
    expect(feature(topo, topo.objects.districts as GeometryCollection).features).toHaveLength(14);
    const lsoas = await fetch('/api/geography/lsoas');
    const all = topologyOf(lsoas);
    expect((all.objects.lsoas as GeometryCollection).geometries.length).toBeGreaterThan(1000);
    expect(lsoas.headers['content-encoding']).toBe('gzip');
    const sizes = { districts: Number(districts.headers['content-length']), lsoas: Number(lsoas.headers['content-length']) };
    console.log(`Gzipped boundary answers on the real data: districts ${sizes.districts} B, all LSOAs ${sizes.lsoas} B`);
    expect(sizes.districts).toBeLessThan(40_000);
    expect(sizes.lsoas).toBeLessThan(250_000);
  });
});

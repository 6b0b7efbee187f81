import { geoContains } from 'd3-geo';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { areaFeatures } from './boundary-reader.js';
import { buildGeography, randomPointIn } from './geography.js';
import { square } from './geography.fixtures.js';
import { loadGeography } from './load-geography.js';
import { districtFromLsoaName } from './lsoa-name.js';

describe('districtFromLsoaName', () => {
  it.each([
    ['Winchester 001A', 'E07000094'],
    ['Basingstoke and Deane 021C', 'E07000084'],
    ['Isle of Wight 012E', 'E06000046'],
    ['  southampton 034b ', 'E06000045'],
    ['New  Forest 001A', 'E07000091'],
  ])('maps %s to %s', (name, code) => {
    expect(districtFromLsoaName(name)).toBe(code);
  });

  it.each(['Chichester 005B', 'Wiltshire 001A', 'Winchester', 'Winchester 1A', '', null, undefined])(
    'gives null for %p',
    (name) => {
      expect(districtFromLsoaName(name)).toBeNull();
    },
  );
});

/** Two districts side by side; the western one split into two LSOAs, the eastern one has none. */
function tinyGeography(containment: 'planar' | 'spherical' = 'planar') {
  return buildGeography(
    {
      districts: [
        { code: 'E07000094', name: 'Winchester', feature: square(0, 50, 1) },
        { code: 'E07000085', name: 'East Hampshire', feature: square(1, 50, 1) },
      ],
      lsoas: [
        { code: 'E01000001', name: 'Winchester 001A', feature: rect(0, 50, 1, 0.5) },
        { code: 'E01000002', name: 'Some Name', feature: rect(0, 50.5, 1, 0.5) },
      ],
      wards: [{ code: 'E05000001', name: 'Central', feature: square(0, 50, 1) }],
    },
    containment,
  );
}

function rect(west: number, south: number, width: number, height: number) {
  const f = square(west, south, 1);
  f.geometry = {
    type: 'Polygon',
    coordinates: [[[west, south], [west, south + height], [west + width, south + height], [west + width, south], [west, south]]],
  };
  return f;
}

describe('Geography', () => {
  it.each(['planar', 'spherical'] as const)('places points in the right district and LSOA (%s)', (mode) => {
    const geo = tinyGeography(mode);
    expect(geo.placePoint(0.5, 50.25)).toEqual({ districtCode: 'E07000094', lsoaCode: 'E01000001' });
    expect(geo.placePoint(0.5, 50.75)).toEqual({ districtCode: 'E07000094', lsoaCode: 'E01000002' });
    expect(geo.placePoint(1.5, 50.5)).toEqual({ districtCode: 'E07000085', lsoaCode: null });
    expect(geo.placePoint(2.5, 50.5)).toBeNull();
    expect(geo.placePoint(0.5, 49.9)).toBeNull();
    expect(geo.placePoint(Number.NaN, 50.5)).toBeNull();
  });

  it('infers an LSOA district from its name, else from where its shape lies', () => {
    const geo = tinyGeography();
    expect(geo.lsoaByCode('E01000001')?.districtCode).toBe('E07000094');
    expect(geo.lsoaByCode('E01000002')?.districtCode).toBe('E07000094');
    expect(geo.lsoasIn('E07000094').map((l) => l.code)).toEqual(['E01000001', 'E01000002']);
    expect(geo.wards[0].districtCode).toBe('E07000094');
    expect(geo.wardAt(0.2, 50.2)?.code).toBe('E05000001');
    expect(geo.wardAt(1.2, 50.2)).toBeNull();
  });

  it('draws random points that place back into the same LSOA', () => {
    const geo = tinyGeography();
    let s = 1;
    const rng = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    for (const lsoa of geo.lsoas) {
      for (let i = 0; i < 200; i++) {
        const [lon, lat] = randomPointIn(lsoa.feature, rng);
        expect(geo.placePoint(lon, lat)?.lsoaCode).toBe(lsoa.code);
      }
    }
  });

  it('handles holes and multipolygons', () => {
    const ring = (w: number, s: number, size: number) => [[w, s], [w, s + size], [w + size, s + size], [w + size, s], [w, s]];
    const donut = square(0, 50, 3);
    donut.geometry = {
      type: 'MultiPolygon',
      coordinates: [[ring(0, 50, 3), ring(1, 51, 1).reverse()], [ring(5, 50, 1)]],
    };
    const geo = buildGeography({ districts: [{ code: 'E07000094', name: 'Winchester', feature: donut }] });
    expect(geo.placePoint(0.5, 50.5)?.districtCode).toBe('E07000094');
    expect(geo.placePoint(1.5, 51.5)).toBeNull();
    expect(geo.placePoint(5.5, 50.5)?.districtCode).toBe('E07000094');
    expect(geo.placePoint(4.5, 50.5)).toBeNull();
  });
});

describe('areaFeatures', () => {
  it('rewinds RFC 7946 counter-clockwise polygons so d3-geo reads them as small shapes', () => {
    const ccw = square(0, 50, 1, { LAD13CD: 'X' }, true);
    expect(geoContains(ccw, [10, 10])).toBe(true); // the misread: everything but the square
    const [fixed] = areaFeatures({ type: 'FeatureCollection', features: [ccw] });
    expect(geoContains(fixed, [0.5, 50.5])).toBe(true);
    expect(geoContains(fixed, [10, 10])).toBe(false);
  });

  it('skips non-polygon geometry and rejects non-geographic JSON', () => {
    const point = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } };
    expect(areaFeatures({ type: 'FeatureCollection', features: [point, square(0, 0, 1)] })).toHaveLength(1);
    expect(() => areaFeatures({ hello: 1 })).toThrow(/neither TopoJSON nor GeoJSON/);
  });
});

describe('loadGeography', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'geography-'));
    // Districts as TopoJSON (one arc per square, no quantisation), LSOAs as GeoJSON, wards as TopoJSON.
    const topology = {
      type: 'Topology',
      arcs: [
        [[0, 50], [0, 51], [1, 51], [1, 50], [0, 50]],
        [[1, 50], [1, 51], [2, 51], [2, 50], [1, 50]],
      ],
      objects: {
        lad: {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Polygon', arcs: [[0]], properties: { LAD21CD: 'E07000094', LAD21NM: 'Winchester' } },
            { type: 'Polygon', arcs: [[1]], properties: { LAD21CD: 'E07000085', LAD21NM: 'East Hampshire' } },
          ],
        },
      },
    };
    await writeFile(path.join(dir, 'lad-test.topo.json'), JSON.stringify(topology));
    await mkdir(path.join(dir, 'lsoa'));
    const lsoas = {
      type: 'FeatureCollection',
      features: [square(0, 50, 0.5, { LSOA21CD: 'E01000010', LSOA21NM: 'Winchester 001A' }, true)],
    };
    await writeFile(path.join(dir, 'lsoa', 'E07000094.geojson'), JSON.stringify(lsoas));
    await mkdir(path.join(dir, 'wards'));
    const wards = { ...topology, objects: { w: { ...topology.objects.lad, geometries: [
      { type: 'Polygon', arcs: [[1]], properties: { WD13CD: 'E05000020', WD13NM: 'Alton' } },
    ] } } };
    await writeFile(path.join(dir, 'wards', 'E07000085.topo.json'), JSON.stringify(wards));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads TopoJSON and GeoJSON files laid out like the ONS boundaries folder', async () => {
    const geo = await loadGeography(dir);
    expect(geo.districts.map((d) => [d.code, d.name])).toEqual([
      ['E07000094', 'Winchester'],
      ['E07000085', 'East Hampshire'],
    ]);
    expect(geo.lsoaByCode('E01000010')).toMatchObject({ name: 'Winchester 001A', districtCode: 'E07000094' });
    expect(geo.wards[0]).toMatchObject({ code: 'E05000020', name: 'Alton', districtCode: 'E07000085' });
    expect(geo.placePoint(0.25, 50.25)).toEqual({ districtCode: 'E07000094', lsoaCode: 'E01000010' });
    expect(geo.placePoint(0.75, 50.75)).toEqual({ districtCode: 'E07000094', lsoaCode: null });
    expect(geo.placePoint(1.5, 50.5)).toEqual({ districtCode: 'E07000085', lsoaCode: null });
    expect(geoContains(geo.lsoaByCode('E01000010')!.feature, [0.25, 50.25])).toBe(true);
  });

  it('says which file is missing', async () => {
    await expect(loadGeography(path.join(dir, 'lsoa'))).rejects.toThrow(/No district boundary file/);
  });
});

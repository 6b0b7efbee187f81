import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import { square } from '../../etl/geography/geography.fixtures.js';
import { loadGeography } from '../../etl/geography/index.js';
import { boundaryTopology, geographyVersion, type ServedArea } from './boundary-topology.js';

/** Two squares side by side, the western one with a wiggly shared edge of many vertices. */
function neighbours(): ServedArea[] {
  const west = square(-1.2, 50.9, 0.1);
  const ring = west.geometry.coordinates[0] as number[][];
  // Insert 200 points on the eastern edge (lon -1.1), jittered by a millionth of a degree.
  const edge = Array.from({ length: 200 }, (_, i) => [-1.1 + (i % 2 ? 1e-6 : 0), 51.0 - (i + 1) * (0.1 / 201)]);
  west.geometry.coordinates[0] = [...ring.slice(0, 3), ...edge, ...ring.slice(3)];
  const east = square(-1.1, 50.9, 0.1);
  const eastRing = east.geometry.coordinates[0] as number[][];
  east.geometry.coordinates[0] = [eastRing[0], ...[...edge].reverse(), ...eastRing.slice(1)];
  return [
    { code: 'E07000001', name: 'West', feature: west },
    { code: 'E07000002', name: 'East', feature: east },
  ];
}

describe('boundaryTopology', () => {
  it('keeps codes and names, drops vertices smaller than a pixel, and keeps neighbours joined', () => {
    const topo = boundaryTopology('districts', neighbours());
    const object = topo.objects.districts as GeometryCollection;
    const features = feature(topo, object).features;
    expect(features.map((f) => [f.id, f.properties])).toEqual([
      ['E07000001', { name: 'West' }],
      ['E07000002', { name: 'East' }],
    ]);
    // The shared edge is one arc used by both areas, simplified to (nearly) a straight line.
    const inner = mesh(topo, object, (a, b) => a !== b);
    expect(inner.coordinates).toHaveLength(1);
    expect(inner.coordinates[0].length).toBeLessThan(10);
    expect(topo.transform).toBeDefined();
  });

  it('carries the district of an LSOA', () => {
    const [area] = neighbours();
    const topo = boundaryTopology('lsoas', [{ ...area, code: 'E01000001', name: 'West 001A', districtCode: 'E07000001' }]);
    const [f] = feature(topo, topo.objects.lsoas as GeometryCollection).features;
    expect(f.properties).toEqual({ name: 'West 001A', district: 'E07000001' });
  });

  it('versions a geography by its content', () => {
    const areas = neighbours();
    expect(geographyVersion(areas)).toBe(geographyVersion(neighbours()));
    expect(geographyVersion(areas)).not.toBe(geographyVersion([areas[0], { ...areas[1], name: 'Renamed' }]));
    expect(geographyVersion(areas)).toMatch(/^[0-9a-f]{16}$/);
  });
});

const referenceDir = process.env.REFERENCE_DATA_DIR;
if (!referenceDir) console.warn('Skipping boundary payload sizes on the real boundaries: set REFERENCE_DATA_DIR (e.g. ../shared/data) to run them.');
(referenceDir ? describe : describe.skip)('boundaryTopology on the real boundaries', () => {
  it('serves the districts and LSOAs small enough for a page', async () => {
    const geo = await loadGeography(path.join(referenceDir!, 'boundaries'));
    const size = (o: unknown) => {
      const text = JSON.stringify(o);
      return { bytes: text.length, gzipped: gzipSync(text).length };
    };
    const districts = size(boundaryTopology('districts', geo.districts));
    const lsoas = size(boundaryTopology('lsoas', geo.lsoas));
    const winchester = size(boundaryTopology('lsoas', geo.lsoasIn('E07000094')));
    console.log(`Boundary payloads (bytes / gzipped): districts ${districts.bytes} / ${districts.gzipped}; all LSOAs ${lsoas.bytes} / ${lsoas.gzipped}; Winchester LSOAs ${winchester.bytes} / ${winchester.gzipped}`);
    expect(districts.gzipped).toBeLessThan(40_000);
    expect(lsoas.gzipped).toBeLessThan(250_000);
    expect(winchester.gzipped).toBeLessThan(40_000);
  });
});

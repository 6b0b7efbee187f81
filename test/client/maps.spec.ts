import { describe, expect, it } from '@jest/globals';
import { choroplethMap } from '../../client/src/charts/choropleth-map.js';
import { pointMap } from '../../client/src/charts/point-map.js';
import type { AreaShapes } from '../../client/src/data/boundaries.js';
import type { Row } from '../../client/src/data/rows.js';
import { chartDocument, expectSvgSnapshot } from './svg-snapshot.js';

/** A square in d3-geo's winding (clockwise with north up). */
function square(id: string, west: number, south: number, size: number, properties: Record<string, string>) {
  const e = west + size;
  const n = south + size;
  return { type: 'Feature' as const, id, properties, geometry: { type: 'Polygon' as const, coordinates: [[[west, south], [west, n], [e, n], [e, south], [west, south]]] } };
}

/** Three districts in a row, and two LSOAs in each of the first two. */
const DISTRICTS: AreaShapes = {
  type: 'FeatureCollection',
  features: [square('E07000093', -1.6, 51.0, 0.2, { name: 'Test Valley' }), square('E07000094', -1.4, 51.0, 0.2, { name: 'Winchester' }), square('E07000085', -1.2, 51.0, 0.2, { name: 'East Hampshire' })],
};
const LSOAS: AreaShapes = {
  type: 'FeatureCollection',
  features: [
    square('E01000001', -1.6, 51.0, 0.1, { name: 'Test Valley 001A', district: 'E07000093' }),
    square('E01000002', -1.5, 51.0, 0.1, { name: 'Test Valley 002A', district: 'E07000093' }),
    square('E01000003', -1.4, 51.0, 0.1, { name: 'Winchester 001A', district: 'E07000094' }),
    square('E01000004', -1.3, 51.0, 0.1, { name: 'Winchester 002A', district: 'E07000094' }),
  ],
};

const titles = (el: Element) => [...el.querySelectorAll('title')].map((t) => t.textContent);

describe('maps render to stable SVG', () => {
  const document = chartDocument();

  it('choropleth of districts: shaded, suppressed hatched, missing blank, each with a title', () => {
    const rows: Row[] = [
      { district_code: 'E07000093', district_name: 'Test Valley', count: 120, suppressed: false },
      { district_code: 'E07000094', district_name: 'Winchester', count: null, suppressed: true },
    ];
    const map = choroplethMap(rows, { area: 'district_code', name: 'district_name', value: 'count', shapes: DISTRICTS, areaLabel: 'district', ariaLabel: 'Count by district', document });
    const svg = map.querySelector('svg[role="img"]')!;
    expect(svg.getAttribute('aria-label')).toBe('Count by district');
    expect(svg.querySelectorAll('path').length).toBe(3);
    expect(titles(svg)).toEqual(['Test Valley: 120', 'Winchester: suppressed (a count from 1 to 4, or hidden to protect one)', 'East Hampshire: no records']);
    const hatch = svg.querySelector('pattern')!.getAttribute('id');
    expect(svg.querySelector('g.app-map-suppressed path')!.getAttribute('fill')).toBe(`url(#${hatch})`);
    expect(map.textContent).toContain('Suppressed (a count from 1 to 4, or hidden to protect one)');
    expect(map.textContent).toContain('No records in this district');
    expectSvgSnapshot(map, 'choropleth-districts');
  });

  it('choropleth of LSOAs: only the districts holding the answer, outlined, and answers without a shape counted', () => {
    const rows: Row[] = [
      { lsoa_code: 'E01000003', lsoa_name: 'Winchester 001A', count: 15, suppressed: false },
      { lsoa_code: 'E01000004', lsoa_name: 'Winchester 002A', count: 40, suppressed: false },
      { lsoa_code: 'E01999999', lsoa_name: 'Winchester 099Z', count: 10, suppressed: false },
    ];
    const map = choroplethMap(rows, { area: 'lsoa_code', name: 'lsoa_name', value: 'count', shapes: LSOAS, outlines: DISTRICTS, areaLabel: 'LSOA', ariaLabel: 'Count by LSOA', document });
    const svg = map.querySelector('svg[role="img"]')!;
    expect(titles(svg)).toEqual(['Winchester 001A: 15', 'Winchester 002A: 40']);
    expect(svg.querySelectorAll('path').length).toBe(3); // two LSOAs and Winchester's outline
    expect(map.textContent).toContain('1 LSOA in the answer has no shape in the loaded boundaries');
    expectSvgSnapshot(map, 'choropleth-lsoas');
  });

  it('hexbin of snapped points over the districts: counts summed per hexagon, withheld locations as grey hexagons', () => {
    const rows: Row[] = [
      { longitude: -1.31, latitude: 51.06, count: 30, suppressed: false },
      { longitude: -1.3102, latitude: 51.0601, count: 10, suppressed: false },
      { longitude: -1.5, latitude: 51.1, count: 5, suppressed: false },
      { longitude: -1.15, latitude: 51.15, count: null, suppressed: true },
      { longitude: null, latitude: null, count: 55, suppressed: false },
    ];
    const map = pointMap(rows, { x: 'longitude', y: 'latitude', value: 'count', outlines: DISTRICTS, ariaLabel: 'Snapped locations', document });
    const svg = map.querySelector('svg[role="img"]')!;
    const t = titles(svg);
    expect(t).toContain('40 at 2 locations');
    expect(t).toContain('5 at 1 location');
    expect(t).toContain('1 location with suppressed counts');
    expect(map.textContent).toContain('Only locations whose counts are suppressed');
    expect(t.filter((x) => / at \d+ location/.test(x ?? ''))).toHaveLength(2);
    expect(map.textContent).toContain('Records without a location are not on the map');
    expectSvgSnapshot(map, 'hexbin');
  });
});

describe('maps with nothing to draw', () => {
  const document = chartDocument();
  it('do not throw on an empty answer or without outlines', () => {
    expect(() => pointMap([], { x: 'longitude', y: 'latitude', value: 'count', outlines: null, ariaLabel: 'Empty', document })).not.toThrow();
    expect(() => pointMap([{ longitude: null, latitude: null, count: 10, suppressed: false }], { x: 'longitude', y: 'latitude', value: 'count', ariaLabel: 'No location', document })).not.toThrow();
    expect(() => choroplethMap([], { area: 'district_code', value: 'count', shapes: DISTRICTS, areaLabel: 'district', ariaLabel: 'Empty', document })).not.toThrow();
    expect(() => choroplethMap([], { area: 'lsoa_code', value: 'count', shapes: { type: 'FeatureCollection', features: [] }, areaLabel: 'LSOA', ariaLabel: 'No shapes', document })).not.toThrow();
  });
});

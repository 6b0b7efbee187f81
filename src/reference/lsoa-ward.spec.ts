import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGeography, loadGeography } from '../../etl/geography/index.js';
import { square } from '../../etl/geography/geography.fixtures.js';
import { wardBestFits } from './lsoa-ward.js';

const D = 'E07000094';
const OTHER = 'E07000085';

/** Two wards side by side (x 0–1 and 1–2), a district around both, and LSOAs placed across them. */
function geography() {
  return buildGeography({
    districts: [
      { code: D, name: 'Winchester', feature: square(0, 0, 2) },
      { code: OTHER, name: 'East Hampshire', feature: square(2, 0, 2) },
    ],
    lsoas: [
      // Wholly in ward A.
      { code: 'E01000001', name: 'Winchester 001A', districtCode: D, feature: square(0.1, 0.1, 0.5) },
      // Three quarters in ward B, a quarter in A.
      { code: 'E01000002', name: 'Winchester 001B', districtCode: D, feature: square(0.8, 0.1, 0.8) },
      // Half in each: the lower code wins.
      { code: 'E01000003', name: 'Winchester 001C', districtCode: D, feature: square(0.6, 1.1, 0.8) },
      // Mostly over a ward of another district: only its own district's wards count.
      { code: 'E01000004', name: 'Winchester 001D', districtCode: D, feature: square(1.7, 0.1, 0.5) },
    ],
    wards: [
      { code: 'E05000002', name: 'Ward A', districtCode: D, feature: square(0, 0, 1) },
      { code: 'E05000001', name: 'Ward B', districtCode: D, feature: square(1, 0, 1) },
      { code: 'E05000003', name: 'Ward A north', districtCode: D, feature: square(0, 1, 1) },
      { code: 'E05000004', name: 'Ward B north', districtCode: D, feature: square(1, 1, 1) },
      { code: 'E05000009', name: 'Over the border', districtCode: OTHER, feature: square(2, 0, 2) },
    ],
  });
}

describe('wardBestFits', () => {
  const fits = new Map(wardBestFits(geography().lsoas, (lon, lat) => geography().wardAt(lon, lat)).map((f) => [f.lsoa11, f]));

  it('puts an LSOA wholly inside a ward in that ward, with a share of 1', () => {
    expect(fits.get('E01000001')).toEqual({ lsoa11: 'E01000001', wardCode: 'E05000002', wardName: 'Ward A', share: 1 });
  });

  it('puts a straddling LSOA in the ward holding most of its area', () => {
    expect(fits.get('E01000002')).toMatchObject({ wardCode: 'E05000001', wardName: 'Ward B' });
    expect(fits.get('E01000002')!.share).toBeCloseTo(0.75, 1);
  });

  it('breaks an even split to the lower ward code', () => {
    expect(fits.get('E01000003')).toMatchObject({ wardCode: 'E05000003', share: 0.5 });
  });

  it("counts only wards of the LSOA's own district", () => {
    expect(fits.get('E01000004')).toMatchObject({ wardCode: 'E05000001' });
    expect(fits.get('E01000004')!.share).toBeCloseTo(0.6, 1);
  });

  it('leaves out an LSOA no ward of its district covers', () => {
    const g = buildGeography({
      districts: [{ code: D, name: 'Winchester', feature: square(0, 0, 2) }],
      lsoas: [{ code: 'E01000009', name: 'Winchester 009A', districtCode: D, feature: square(0.1, 0.1, 0.5) }],
      wards: [{ code: 'E05000001', name: 'Ward B', districtCode: D, feature: square(1, 0, 1) }],
    });
    expect(wardBestFits(g.lsoas, (lon, lat) => g.wardAt(lon, lat))).toEqual([]);
  });
});

describe('wardBestFits on the shipped boundaries', () => {
  it('gives every 2011 LSOA of the area a ward of its own district, most of them wholly', async () => {
    const shipped = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference/boundaries');
    const g = await loadGeography(shipped);
    const fits = wardBestFits(g.lsoas, (lon, lat) => g.wardAt(lon, lat));
    expect(fits).toHaveLength(g.lsoas.length);
    const wards = new Map(g.wards.map((w) => [w.code, w]));
    const lsoas = new Map(g.lsoas.map((l) => [l.code, l]));
    expect(fits.every((f) => wards.get(f.wardCode)?.districtCode === lsoas.get(f.lsoa11)?.districtCode)).toBe(true);
    // Generalised boundaries overlap a little at their edges: "wholly" is 90 % of the grid here.
    const whole = fits.filter((f) => f.share >= 0.9).length;
    expect(whole / fits.length).toBeGreaterThan(0.8);
    // Every ward has at least one LSOA (a ward without one would never get a count or a rate).
    const used = new Set(fits.map((f) => f.wardCode));
    expect(g.wards.filter((w) => !used.has(w.code)).length / g.wards.length).toBeLessThan(0.05);
  });
});

import { geoContains } from 'd3-geo';
import path from 'node:path';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import { randomPointIn, type Geography } from './geography.js';
import { loadGeography } from './load-geography.js';

/** Tests on the real ONS boundaries; they need REFERENCE_DATA_DIR (e.g. ../shared/data). */
const referenceDir = process.env.REFERENCE_DATA_DIR;
const describeReal = referenceDir ? describe : describe.skip;
if (!referenceDir) {
  console.warn('Skipping geography tests on the real boundaries: set REFERENCE_DATA_DIR (e.g. ../shared/data) to run them.');
}

describeReal('Geography on the real Hampshire and Isle of Wight boundaries', () => {
  let geo: Geography;
  beforeAll(async () => {
    geo = await loadGeography(path.join(referenceDir!, 'boundaries'));
  });

  it('reads the fourteen districts, their LSOAs and wards', () => {
    expect(geo.districts.map((d) => d.code).sort()).toEqual([...ALL_AREA_CODES].sort());
    expect(geo.districtByCode('E07000094')?.name).toBe('Winchester');
    expect(geo.lsoas.length).toBeGreaterThan(1000);
    expect(geo.lsoas.every((l) => l.districtCode && ALL_AREA_CODES.includes(l.districtCode))).toBe(true);
    expect(geo.lsoaByCode('E01023220')).toMatchObject({ name: 'Winchester 012A', districtCode: 'E07000094' });
    expect(geo.wards.length).toBeGreaterThan(200);
  });

  it('places Winchester city centre in Winchester, and the sea nowhere', () => {
    const centre = geo.placePoint(-1.3137, 51.0632);
    expect(centre?.districtCode).toBe('E07000094');
    expect(geo.lsoaByCode(centre!.lsoaCode!)?.name).toMatch(/^Winchester \d{3}[A-Z]$/);
    expect(geo.placePoint(-1.0, 50.5)).toBeNull(); // English Channel, south of the Isle of Wight
    expect(geo.placePoint(-1.29, 50.79)).toBeNull(); // the Solent
    expect(geo.placePoint(-1.2955, 50.6995)?.districtCode).toBe('E06000046'); // Newport, Isle of Wight
    const winchester = geo.districtByCode('E07000094')!.feature;
    expect(geoContains(winchester, [-1.3137, 51.0632])).toBe(true);
    expect(geoContains(winchester, [-1.0, 50.5])).toBe(false);
  });

  it('agrees with d3-geo geoContains on random points', async () => {
    const spherical = await loadGeography(path.join(referenceDir!, 'boundaries'), { containment: 'spherical' });
    let s = 7;
    const rng = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    let differ = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const lon = -1.96 + rng() * 1.23;
      const lat = 50.57 + rng() * 0.81;
      if (JSON.stringify(geo.placePoint(lon, lat)) !== JSON.stringify(spherical.placePoint(lon, lat))) differ++;
    }
    expect(differ / n).toBeLessThan(0.002);
  });

  it('draws points inside an LSOA that place back into it', () => {
    let s = 11;
    const rng = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const sample = geo.lsoas.filter((_, i) => i % 10 === 0);
    for (const lsoa of sample) {
      const [lon, lat] = randomPointIn(lsoa.feature, rng);
      expect(geo.placePoint(lon, lat)?.lsoaCode).toBe(lsoa.code);
    }
  });
});

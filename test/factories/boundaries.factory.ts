import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { square } from '../../etl/geography/geography.fixtures.js';
import { AREAS } from '../../domain/areas.reference.js';

/**
 * Writes a made-up boundary folder laid out like ../shared/data/boundaries: the 14 areas as
 * 0.12° squares in a 4-wide grid, each with a 2 × 2 grid of LSOAs named "<area> 00nA". For
 * tests that must not depend on the real boundaries.
 */
export function writeBoundaryFolder(dir: string): string {
  const folder = path.join(dir, 'boundaries-made-up');
  mkdirSync(path.join(folder, 'lsoa'), { recursive: true });
  const size = 0.12;
  const tiles = AREAS.map((a, i) => ({ ...a, index: i, col: i % 4, row: Math.floor(i / 4) }));
  const corner = (t: { col: number; row: number }) => [-1.7 + t.col * size, 51.2 - t.row * size] as const;
  const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(path.join(folder, 'lad-made-up.geojson'), collection(tiles.map((t) => square(...corner(t), size, { LAD13CD: t.code, LAD13NM: t.name }))));
  for (const t of tiles) {
    const [west, south] = corner(t);
    const lsoas = [0, 1, 2, 3].map((i) =>
      square(west + (i % 2) * (size / 2), south + Math.floor(i / 2) * (size / 2), size / 2, { LSOA11CD: `E01${String(t.index * 10 + i).padStart(6, '0')}`, LSOA11NM: `${t.name} 00${i + 1}A` }),
    );
    writeFileSync(path.join(folder, 'lsoa', `${t.code}.geojson`), collection(lsoas));
  }
  return folder;
}

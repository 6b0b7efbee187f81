/**
 * Times placePoint on the real boundaries: `npm run build` then
 * `REFERENCE_DATA_DIR=../shared/data node dist/etl/geography/placement.bench.js [points]`.
 */
import path from 'node:path';
import { loadGeography } from './load-geography.js';

async function main(): Promise<void> {
  const dir = process.env.REFERENCE_DATA_DIR;
  if (!dir) throw new Error('Set REFERENCE_DATA_DIR to a folder holding boundaries/.');
  const n = Number(process.argv[2] ?? 1_000_000);
  for (const containment of ['planar', 'spherical'] as const) {
    const t0 = performance.now();
    const geo = await loadGeography(path.join(dir, 'boundaries'), { containment });
    const loadMs = performance.now() - t0;
    const count = containment === 'planar' ? n : Math.min(n, 100_000);
    let seed = 42;
    const rng = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const t1 = performance.now();
    let placed = 0;
    let withLsoa = 0;
    for (let i = 0; i < count; i++) {
      const p = geo.placePoint(-1.96 + rng() * 1.23, 50.57 + rng() * 0.81);
      if (p) placed++;
      if (p?.lsoaCode) withLsoa++;
    }
    const ms = performance.now() - t1;
    console.log(
      `${containment}: load ${loadMs.toFixed(0)} ms; ${count} points in ${ms.toFixed(0)} ms ` +
        `(${Math.round((count / ms) * 1000)} points/s); ${placed} placed, ${withLsoa} with an LSOA`,
    );
  }
}

void main();

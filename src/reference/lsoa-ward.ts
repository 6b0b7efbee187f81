/**
 * The best-fit lookup from 2011 LSOAs to electoral wards, so that counts can be grouped, mapped
 * and given rates by ward (docs/reference-data.md). Dataset rows carry an LSOA code, not a ward,
 * and no ONS LSOA → ward file is available, so the rule is derived from the shipped boundaries:
 *
 *   an LSOA belongs to the ward of its own district that covers most of its area, measured on a
 *   regular grid of points inside the LSOA (ties go to the lower ward code).
 *
 * LSOAs were built from the 2011 wards and most still lie inside one 2013 ward; where a ward
 * boundary moved, the LSOA goes wholly to the ward holding most of it, and `share` says how much
 * that was. An LSOA with no grid point inside any ward of its district has no ward ("not known"):
 * its rows keep their counts everywhere else.
 */
import type { Lsoa, Ward } from '../../etl/geography/index.js';
import { planarShapeOf } from '../../etl/geography/index.js';
import { shapeContains } from '../../etl/geography/planar-polygon.js';

/** Grid points per side of an LSOA's bounding box; finer grids are tried for slivers. */
const GRIDS = [16, 64] as const;

export interface WardFit {
  lsoa11: string;
  wardCode: string;
  wardName: string;
  /** Share of the LSOA's grid points that fell in that ward (1 = wholly inside). */
  share: number;
}

/** The ward containing a point, or null (Geography.wardAt). */
export type WardAt = (lon: number, lat: number) => Ward | null;

/** Best-fit wards of the given LSOAs (those with no ward in their district are left out). */
export function wardBestFits(lsoas: readonly Lsoa[], wardAt: WardAt): WardFit[] {
  const fits: WardFit[] = [];
  for (const lsoa of lsoas) {
    const fit = wardOf(lsoa, wardAt);
    if (fit) fits.push(fit);
  }
  return fits;
}

function wardOf(lsoa: Lsoa, wardAt: WardAt): WardFit | null {
  const shape = planarShapeOf(lsoa.feature);
  const [west, south, east, north] = shape.bbox;
  for (const n of GRIDS) {
    const votes = new Map<string, { ward: Ward; n: number }>();
    let inside = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        // Cell centres, so a grid never sits on the box's (and often the shape's) edge.
        const lon = west + ((i + 0.5) / n) * (east - west);
        const lat = south + ((j + 0.5) / n) * (north - south);
        if (!shapeContains(shape, lon, lat)) continue;
        inside++;
        const ward = wardAt(lon, lat);
        if (!ward || (lsoa.districtCode && ward.districtCode && ward.districtCode !== lsoa.districtCode)) continue;
        const vote = votes.get(ward.code);
        if (vote) vote.n++;
        else votes.set(ward.code, { ward, n: 1 });
      }
    }
    if (inside === 0) continue;
    let best: { ward: Ward; n: number } | null = null;
    for (const v of votes.values()) if (!best || v.n > best.n || (v.n === best.n && v.ward.code < best.ward.code)) best = v;
    if (!best) return null;
    return { lsoa11: lsoa.code, wardCode: best.ward.code, wardName: best.ward.name, share: Math.round((best.n / inside) * 1000) / 1000 };
  }
  return null;
}

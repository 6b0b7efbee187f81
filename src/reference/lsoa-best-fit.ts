/**
 * The best-fit lookup from the LSOA codes rows carry (police.uk codes to 2021 LSOAs) to the 2011
 * LSOAs the deprivation file and the shipped boundaries use. The rule, in order (docs/reference-data.md):
 *
 * 1. `same code`: a code that is a 2011 LSOA of the file maps to itself (most 2021 LSOAs are
 *    unchanged and kept their 2011 code);
 * 2. `outside the area`: a 2011 code (E01000001 to E01033768, the 2011 series) that is not in the
 *    file is an LSOA of a neighbouring district (police.uk snaps some rows across the border);
 * 3. `by location`: a code from the 2021 series (after E01033768) maps to the 2011 LSOA holding
 *    most of its rows' coordinates (a 2021 LSOA split from a 2011 one lies inside it; a merged one
 *    goes to the part holding most of its rows); ties go to the lower code;
 * 4. `not known`: a 2021 code whose rows have no coordinates inside a 2011 LSOA of the area.
 *
 * Rows under rules 2 and 4 keep their count everywhere; their decile and population are "not known".
 */
import type { CodePoints } from './reference.repository.js';

export type BestFitRule = 'same code' | 'outside the area' | 'by location' | 'not known';

/** The last code of the 2011 LSOA series; 2021 LSOAs that changed were given codes after it. */
export const LAST_2011_LSOA_CODE = 'E01033768';

export interface BestFit {
  /** The code as rows carry it. */
  code: string;
  /** The 2011 LSOA it stands for, or null when not known. */
  lsoa11: string | null;
  rule: BestFitRule;
  /** Rows whose coordinates fell in `lsoa11` (0 for same-code matches). */
  points: number;
}

/**
 * Best fits for codes that are not 2011 LSOAs of the file. `lsoa11At` gives the 2011 LSOA at a
 * point, or null; only codes in `known` count as answers.
 */
export function bestFitsByLocation(codes: readonly CodePoints[], lsoa11At: (lon: number, lat: number) => string | null, known: ReadonlySet<string>): BestFit[] {
  return codes.map(({ code, points }) => {
    if (known.has(code)) return { code, lsoa11: code, rule: 'same code', points: 0 };
    if (code <= LAST_2011_LSOA_CODE) return { code, lsoa11: null, rule: 'outside the area', points: 0 };
    const votes = new Map<string, number>();
    for (const [lon, lat] of points) {
      const at = lsoa11At(lon, lat);
      if (at && known.has(at)) votes.set(at, (votes.get(at) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [candidate, n] of votes) {
      const lead = best === null ? -1 : votes.get(best)!;
      if (n > lead || (n === lead && candidate < best!)) best = candidate;
    }
    return best ? { code, lsoa11: best, rule: 'by location', points: votes.get(best)! } : { code, lsoa11: null, rule: 'not known', points: 0 };
  });
}

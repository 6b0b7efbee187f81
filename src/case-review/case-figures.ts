import { ALL_AREA_CODES, areaByCode } from '../../domain/areas.reference.js';
import type { CaseReviewItem } from './case-review-item.entity.js';
import type { CaseReview } from './case-review.entity.js';

/** The four figures each partnership must publish yearly. */
export const MEASURES = ['applications', 'thresholdNotMet', 'reviewsCarriedOut', 'reviewsWithRecommendations'] as const;
export type Measure = (typeof MEASURES)[number];

/** A calendar year (`2026`) or a financial year (`2026-27`, 1 April to 31 March). */
export function periodOf(period: string): { label: string; from: string; to: string } | null {
  const cal = /^(\d{4})$/.exec(period);
  if (cal) return { label: cal[1], from: `${cal[1]}-01-01`, to: `${cal[1]}-12-31` };
  const fin = /^(\d{4})-(\d{2})$/.exec(period);
  if (!fin) return null;
  const start = Number(fin[1]);
  if ((start + 1) % 100 !== Number(fin[2])) return null;
  return { label: period, from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/**
 * Counts per district of the cases received in the period: applications, decided as threshold
 * not met, reviews carried out (held), and reviews that made at least one recommendation.
 * Every district appears, with zeros, so the table's shape reveals nothing.
 */
export function countFigures(cases: readonly Pick<CaseReview, 'id' | 'districtCode' | 'decision' | 'reviewHeldOn'>[], items: readonly Pick<CaseReviewItem, 'caseReviewId' | 'kind'>[]) {
  const recommended = new Set(items.filter((i) => i.kind === 'recommendation').map((i) => i.caseReviewId));
  return ALL_AREA_CODES.map((code) => {
    const mine = cases.filter((c) => c.districtCode === code);
    const held = mine.filter((c) => c.reviewHeldOn !== null);
    const counts: Record<Measure, number> = {
      applications: mine.length,
      thresholdNotMet: mine.filter((c) => c.decision === 'not_met').length,
      reviewsCarriedOut: held.length,
      reviewsWithRecommendations: held.filter((c) => recommended.has(c.id)).length,
    };
    return { districtCode: code, districtName: areaByCode(code)?.name ?? code, counts };
  });
}

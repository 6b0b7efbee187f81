/**
 * Search, filter and sort of the access review's grants (pure): the IMB narrows a long review to
 * a grantee, a dataset, a level, a flag or an expiry window, and sorts by any of those.
 */
import { type AccessLevel, levelRank } from '../access/access-level.js';
import type { ReviewRow } from './access-review.js';

export type ReviewSort = 'grantee' | 'dataset' | 'level' | 'expires' | 'lastUsed';
export type ReviewFlag = 'unused' | 'expiringSoon' | 'granteeInactive';

export interface ReviewFilter {
  /** Words every one of which must appear (any case) in the grantee, organisation, dataset, purpose or agreement. */
  q?: string;
  dataset?: string;
  level?: AccessLevel;
  flag?: ReviewFlag;
  /** Only grants ending before this moment. */
  expiresBefore?: Date;
  sort?: ReviewSort;
  descending?: boolean;
}

/** The words a row is found by. */
function haystack(r: ReviewRow, organisationName: (slug: string | null) => string): string {
  return [r.granteeUser, r.granteeOrganisation, organisationName(r.granteeOrganisation), r.dataset, r.datasetTitle, r.purpose, r.agreement].filter(Boolean).join(' ').toLowerCase();
}

const SORTS: Record<ReviewSort, (a: ReviewRow, b: ReviewRow) => number> = {
  grantee: (a, b) => (a.granteeUser ?? a.granteeOrganisation ?? '').localeCompare(b.granteeUser ?? b.granteeOrganisation ?? ''),
  dataset: (a, b) => a.datasetTitle.localeCompare(b.datasetTitle) || a.dataset.localeCompare(b.dataset),
  level: (a, b) => levelRank(a.level) - levelRank(b.level),
  expires: (a, b) => a.expiresAt.getTime() - b.expiresAt.getTime(),
  lastUsed: (a, b) => (a.lastUsedAt?.getTime() ?? 0) - (b.lastUsedAt?.getTime() ?? 0),
};

/** The rows that match, in the order asked (ties keep the review's own order). */
export function filterReview(rows: readonly ReviewRow[], f: ReviewFilter, organisationName: (slug: string | null) => string = () => ''): ReviewRow[] {
  const words = (f.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const kept = rows.filter(
    (r) =>
      (!f.dataset || r.dataset === f.dataset) &&
      (!f.level || r.level === f.level) &&
      (!f.flag || r[f.flag]) &&
      (!f.expiresBefore || r.expiresAt < f.expiresBefore) &&
      (!words.length || words.every((w) => haystack(r, organisationName).includes(w))),
  );
  if (!f.sort) return kept;
  const by = SORTS[f.sort];
  const sign = f.descending ? -1 : 1;
  return kept.map((r, i) => ({ r, i })).sort((a, b) => sign * by(a.r, b.r) || a.i - b.i).map((x) => x.r);
}

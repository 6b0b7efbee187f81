/**
 * THE access policy: the one place that decides what of a dataset may leave DuckDB for a caller.
 *
 * Rules (see docs/access-policy.md):
 * - A caller without the `data.query` permission sees no data at all.
 * - The owning organisation's users see everything: every area, every column, no suppression.
 * - Anyone else sees only what live grants give them. A grant applies to its grantee
 *   organisation, its grantee user, or that user while in that organisation; it is live from
 *   `startsAt` until `endsAt` unless revoked. Roles never widen data access (an IMB member or an
 *   administrator needs a grant like anyone else).
 * - Grants add up per area: the areas where a level holds are the union of the areas of live
 *   grants at that level or above.
 * - A question is answered over one set of areas at the lowest level that holds across all of
 *   them: grouped questions over every area with any access, row questions over every area with
 *   record access or above. Personal columns appear only where identifiable access holds across
 *   the whole set; aggregate-level answers are suppressed and rounded.
 * - Case pack grants (an ASB case review's, src/case-review) never answer ordinary questions; they
 *   give a review's members one person's and one place's rows through the case pack only
 *   ({@link casePackAccess}). The review's threshold check counts a person's and a place's reports
 *   in every partner's keyed dataset for a holder of `case_reviews.manage` ({@link mayCheckThreshold}):
 *   dates, partner, district and category leave DuckDB, never rows or personal columns.
 * - Subject access (src/subject-access) searches for one person only where the caller holds
 *   identifiable access: the owner's whole dataset, or the areas of live identifiable grants
 *   ({@link subjectAccessScope}); a dataset without personal columns holds nobody to find.
 * - A caller may narrow the areas of a question (e.g. to reach identifiable access held in one
 *   district only); narrowing never widens.
 * - A query API token acts as its creator under an optional ceiling (counts only, or rows without
 *   personal data): never more than the creator holds at that moment, and never above the ceiling.
 */
import { hasPermission, Permission } from '../auth/permission.js';
import type { Role } from '../auth/role.js';
import type { ColumnSpec } from '../../domain/dataset-schema.js';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import { AccessLevel, ACCESS_LEVELS, atLeast, levelRank } from './access-level.js';

/**
 * Rows whose district is in `codes`, plus rows with no known district when `unplaced` (a grant
 * over the whole partnership area covers records that belong to no one district, such as the
 * PCC's project list); `all` is every row (the owner's view).
 */
export type AreaScope = { all: true } | { all: false; codes: readonly string[]; unplaced: boolean };

export interface PolicyCaller {
  id: string;
  organisationId: string;
  roles: readonly Role[];
}

export interface PolicyDataset {
  id: string;
  ownerOrganisationId: string;
  columns: readonly ColumnSpec[];
}

export interface PolicyGrant {
  id: string;
  datasetId: string;
  granteeOrganisationId: string | null;
  granteeUserId: string | null;
  level: AccessLevel;
  areas: readonly string[];
  startsAt: Date;
  endsAt: Date;
  revokedAt: Date | null;
  /** Case pack grants serve one ASB case review's members through the pack only (see {@link casePackAccess}). */
  caseReviewId?: string | null;
}

/** What one kind of question may touch: rows in `areas`, through `columns`, under `level`'s rules. */
export interface QueryScope {
  level: AccessLevel;
  areas: AreaScope;
  /** Declared columns the caller may see, group by and filter on. */
  columns: readonly ColumnSpec[];
  /** Aggregate-level rules apply: counts only, small cells suppressed, counts rounded. */
  suppress: boolean;
}

/** The caller's effective access to one dataset. */
export interface DatasetAccess {
  datasetId: string;
  basis: 'owner' | 'grant' | 'none';
  /** The highest level held in any area (for the catalogue); null for no access. */
  level: AccessLevel | null;
  /** Live grants that gave the access (for `lastUsedAt`). */
  grantIds: string[];
  /** Scope for grouped (count) questions, or null when none may be asked. */
  aggregate: QueryScope | null;
  /** Scope for row questions, or null when rows may not be seen. */
  records: QueryScope | null;
  /** Changes whenever anything above changes; part of the result-cache key. */
  fingerprint: string;
}

export interface AccessInput {
  caller: PolicyCaller;
  dataset: PolicyDataset;
  /** Grants on any datasets; the policy picks the ones that apply. */
  grants: readonly PolicyGrant[];
  now: Date;
  /** Optional narrowing of the areas a question covers (ONS codes). */
  narrowTo?: readonly string[];
  /** A query API token's ceiling (src/api-tokens): never above this level, whatever the caller holds. */
  ceiling?: AccessLevel | null;
}

/** Decides the caller's access to a dataset. Pure: same input, same answer. */
export function decideAccess(input: AccessInput): DatasetAccess {
  const access = decideUncapped(input);
  return input.ceiling ? underCeiling(access, input.ceiling, input.dataset.columns) : access;
}

/**
 * Access no higher than `ceiling`: a lower ceiling takes rows away (aggregate) or personal columns
 * (record); the areas and the disclosure regime stay the caller's own.
 */
function underCeiling(access: DatasetAccess, ceiling: AccessLevel, columns: readonly ColumnSpec[]): DatasetAccess {
  if (access.level === null || levelRank(access.level) <= levelRank(ceiling)) return access;
  const cap = (s: QueryScope | null): QueryScope | null => (s && levelRank(s.level) > levelRank(ceiling) ? { ...s, level: ceiling, columns: visibleColumns(columns, ceiling) } : s);
  const { fingerprint: _, ...rest } = access;
  return finish({ ...rest, level: ceiling, aggregate: cap(access.aggregate), records: ceiling === AccessLevel.Aggregate ? null : cap(access.records) });
}

function decideUncapped(input: AccessInput): DatasetAccess {
  const { caller, dataset } = input;
  if (!hasPermission(caller.roles, Permission.DataQuery)) return noAccess(dataset.id);
  if (caller.organisationId === dataset.ownerOrganisationId) return ownerAccess(dataset, input.narrowTo);

  const live = input.grants.filter((g) => appliesTo(g, caller, dataset.id, input.now));
  const reach = areasPerLevel(live, input.narrowTo);
  const aggregateAreas = reach.get(AccessLevel.Aggregate)!;
  if (aggregateAreas.size === 0) return noAccess(dataset.id);

  const recordAreas = reach.get(AccessLevel.Record)!;
  const aggregate = scopeOver(aggregateAreas, reach, dataset.columns);
  const records = recordAreas.size > 0 ? { ...scopeOver(recordAreas, reach, dataset.columns), suppress: false } : null;
  const level = [...ACCESS_LEVELS].reverse().find((l) => reach.get(l)!.size > 0) ?? null;
  return finish({
    datasetId: dataset.id,
    basis: 'grant',
    level,
    grantIds: live.map((g) => g.id).sort(),
    aggregate,
    records,
  });
}

/** Whether a grant is live for this caller and dataset at `now`. */
export function appliesTo(grant: PolicyGrant, caller: PolicyCaller, datasetId: string, now: Date): boolean {
  if (grant.datasetId !== datasetId || !isLive(grant, now)) return false;
  if (grant.caseReviewId) return false;
  if (grant.granteeUserId === null && grant.granteeOrganisationId === null) return false;
  if (grant.granteeUserId !== null && grant.granteeUserId !== caller.id) return false;
  if (grant.granteeOrganisationId !== null && grant.granteeOrganisationId !== caller.organisationId) return false;
  return true;
}

function isLive(grant: Pick<PolicyGrant, 'revokedAt' | 'startsAt' | 'endsAt'>, now: Date): boolean {
  return grant.revokedAt === null && now >= grant.startsAt && now < grant.endsAt;
}

/**
 * Where a caller may search a dataset for one person's records (subject access): the owner's users
 * everywhere, a grantee in the areas of its live identifiable grants; null when neither holds, or
 * the caller lacks the subject access permission, or the dataset has no personal columns.
 */
export function subjectAccessScope(input: Omit<AccessInput, 'narrowTo'>): QueryScope | null {
  const { caller, dataset, now } = input;
  if (!hasPermission(caller.roles, Permission.SubjectAccessSearch) || !dataset.columns.some((c) => c.personal)) return null;
  if (caller.organisationId === dataset.ownerOrganisationId) return ownerAccess(dataset, undefined).records;
  const identifiable = input.grants.filter((g) => appliesTo(g, caller, dataset.id, now) && g.level === AccessLevel.Identifiable);
  const codes = new Set(identifiable.flatMap((g) => g.areas));
  if (codes.size === 0) return null;
  return { level: AccessLevel.Identifiable, areas: placedIn(codes), columns: [...dataset.columns], suppress: false };
}

/** What the case pack rule needs to know about the caller's part in a review. */
export interface CasePackInput {
  caller: PolicyCaller;
  /** The review's status and its members (user and organisation, as they joined). */
  review: { id: string; open: boolean; members: readonly { userId: string; organisationId: string }[] };
  grant: PolicyGrant;
  now: Date;
}

/**
 * The ASB case pack rule: a case pack grant gives identifiable rows of one person and one place
 * (never the rest of the dataset) to the review's members only — a member still in the agency
 * they joined for, holding the case review permission — while the grant is live and the review
 * open. Everyone else, including other users of a member's agency, is refused.
 */
export function casePackAccess(input: CasePackInput): { allowed: true } | { allowed: false; reason: 'not_a_member' | 'review_closed' | 'grant_not_live' | 'not_this_review' } {
  const { caller, review, grant, now } = input;
  if (grant.caseReviewId !== review.id) return { allowed: false, reason: 'not_this_review' };
  const member = review.members.some((m) => m.userId === caller.id && m.organisationId === caller.organisationId);
  if (!member || !hasPermission(caller.roles, Permission.CaseReviewsTakePart)) return { allowed: false, reason: 'not_a_member' };
  if (!review.open) return { allowed: false, reason: 'review_closed' };
  if (!isLive(grant, now)) return { allowed: false, reason: 'grant_not_live' };
  return { allowed: true };
}

/**
 * The statutory threshold check reads every partner's keyed dataset whatever the officer's grants:
 * the partnership must find every agency's reports about the applicant and the location
 * (Anti-social Behaviour, Crime and Policing Act 2014 s104). Only report dates, partner, district
 * and category are read.
 */
export function mayCheckThreshold(caller: PolicyCaller): boolean {
  return hasPermission(caller.roles, Permission.CaseReviewsManage);
}

/** Columns visible at a level: personal-data columns only at identifiable. */
export function visibleColumns(columns: readonly ColumnSpec[], level: AccessLevel): ColumnSpec[] {
  return columns.filter((c) => !c.personal || level === AccessLevel.Identifiable);
}

/** Whether a row in `districtCode` falls inside a scope (used by tests and the catalogue). */
export function inScope(areas: AreaScope, districtCode: string | null): boolean {
  if (areas.all) return true;
  return districtCode === null ? areas.unplaced : areas.codes.includes(districtCode);
}

function ownerAccess(dataset: PolicyDataset, narrowTo: readonly string[] | undefined): DatasetAccess {
  const areas: AreaScope = narrowTo ? placedIn(new Set(narrowTo)) : { all: true };
  const scope: QueryScope = { level: AccessLevel.Identifiable, areas, columns: [...dataset.columns], suppress: false };
  return finish({
    datasetId: dataset.id,
    basis: 'owner',
    level: AccessLevel.Identifiable,
    grantIds: [],
    aggregate: scope,
    records: scope,
  });
}

function noAccess(datasetId: string): DatasetAccess {
  return finish({ datasetId, basis: 'none', level: null, grantIds: [], aggregate: null, records: null });
}

/** For each level, the areas where at least that level is granted (narrowed when asked). */
function areasPerLevel(grants: readonly PolicyGrant[], narrowTo: readonly string[] | undefined): Map<AccessLevel, Set<string>> {
  const allowed = narrowTo ? new Set(narrowTo) : null;
  const reach = new Map<AccessLevel, Set<string>>(ACCESS_LEVELS.map((l) => [l, new Set<string>()]));
  for (const grant of grants) {
    for (const level of ACCESS_LEVELS) {
      if (!atLeast(grant.level, level)) continue;
      for (const code of grant.areas) if (!allowed || allowed.has(code)) reach.get(level)!.add(code);
    }
  }
  return reach;
}

/** The scope over `areas` at the lowest level that holds in every one of them. */
function scopeOver(areas: Set<string>, reach: Map<AccessLevel, Set<string>>, columns: readonly ColumnSpec[]): QueryScope {
  const covers = (level: AccessLevel) => [...areas].every((a) => reach.get(level)!.has(a));
  const level = [...ACCESS_LEVELS].reverse().find(covers) ?? AccessLevel.Aggregate;
  return {
    level,
    areas: placedIn(areas),
    columns: visibleColumns(columns, level),
    suppress: level === AccessLevel.Aggregate,
  };
}

/** A scope over `codes`; covering every partnership area, it also covers unplaced rows. */
function placedIn(codes: Set<string>): AreaScope {
  return { all: false, codes: [...codes].sort(), unplaced: ALL_AREA_CODES.every((c) => codes.has(c)) };
}

/** The scope's rows as SQL over `column`, values bound through `bind`; null for every row. */
export function areaCondition(areas: AreaScope, column: string, bind: (code: string) => string): string | null {
  if (areas.all) return null;
  const placed = areas.codes.length ? `${column} IN (${areas.codes.map(bind).join(', ')})` : null;
  const unplaced = areas.unplaced ? `${column} IS NULL` : null;
  if (placed && unplaced) return `(${placed} OR ${unplaced})`;
  return placed ?? unplaced ?? 'FALSE';
}

function areaKey(areas: AreaScope) {
  return areas.all ? '*' : [...areas.codes, ...(areas.unplaced ? ['(unplaced)'] : [])];
}

function finish(access: Omit<DatasetAccess, 'fingerprint'>): DatasetAccess {
  const scope = (s: QueryScope | null) =>
    s && { l: s.level, a: areaKey(s.areas), c: s.columns.map((c) => c.name), s: s.suppress };
  return { ...access, fingerprint: JSON.stringify([access.basis, scope(access.aggregate), scope(access.records)]) };
}

/** The fingerprint of one scope, for cache keys of questions that use only that scope. */
export function scopeFingerprint(scope: QueryScope): string {
  return JSON.stringify([scope.level, areaKey(scope.areas), scope.columns.map((c) => c.name), scope.suppress]);
}

/**
 * The access review as a pure function: every grant with who, what, level, areas, agreement,
 * approver, dates and last use, and the highlights the IMB looks for.
 */
import type { AccessLevel } from '../access/access-level.js';
import type { Grant } from '../access/grant.entity.js';

export interface ReviewThresholds {
  unusedDays: number;
  expiringDays: number;
  inactiveDays: number;
}

export interface ReviewUser {
  id: string;
  email: string;
  displayName: string;
  organisationId: string;
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export type ReviewGrant = Pick<
  Grant,
  'id' | 'datasetId' | 'granteeOrganisationId' | 'granteeUserId' | 'level' | 'areas' | 'purpose' | 'startsAt' | 'endsAt' | 'revokedAt' | 'createdBy' | 'approvals' | 'agreementId' | 'lastUsedAt' | 'createdAt'
>;

export interface ReviewInput {
  grants: readonly ReviewGrant[];
  users: readonly ReviewUser[];
  organisations: ReadonlyMap<string, { slug: string; name: string }>;
  datasets: ReadonlyMap<string, { slug: string; title: string }>;
  agreements: ReadonlyMap<string, { title: string; endsAt: Date }>;
  now: Date;
  thresholds: ReviewThresholds;
}

export type GrantState = 'live' | 'scheduled' | 'expired' | 'revoked';

export interface ReviewRow {
  grantId: string;
  status: GrantState;
  granteeUser: string | null;
  granteeOrganisation: string | null;
  dataset: string;
  datasetTitle: string;
  level: AccessLevel;
  areas: string[];
  purpose: string;
  agreementId: string | null;
  agreement: string | null;
  approvers: string[];
  grantedAt: Date;
  startsAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  /** Live, and not used (or, never used, not started) within the unused window. */
  unused: boolean;
  /** Live, and ending within the expiring window. */
  expiringSoon: boolean;
  /** The named grantee has not signed in within the inactivity window. */
  granteeInactive: boolean;
}

export interface InactiveAccount {
  userId: string;
  email: string;
  organisation: string;
  lastSignInAt: Date | null;
  liveGrants: number;
}

export interface AccessReview {
  generatedAt: Date;
  thresholds: ReviewThresholds;
  summary: { grants: number; live: number; unused: number; expiringSoon: number; granteeInactive: number; inactiveAccounts: number };
  grants: ReviewRow[];
  inactiveAccounts: InactiveAccount[];
}

const DAY_MS = 86_400_000;

export function grantState(g: Pick<Grant, 'revokedAt' | 'startsAt' | 'endsAt'>, now: Date): GrantState {
  if (g.revokedAt) return 'revoked';
  if (now < g.startsAt) return 'scheduled';
  if (now >= g.endsAt) return 'expired';
  return 'live';
}

/** Enabled accounts that have not signed in (counting from creation when never) within `days`. */
export function isInactive(u: ReviewUser, now: Date, days: number): boolean {
  return !u.disabled && (u.lastSignInAt ?? u.createdAt).getTime() <= now.getTime() - days * DAY_MS;
}

export function buildReview(input: ReviewInput): AccessReview {
  const { now, thresholds: t } = input;
  const users = new Map(input.users.map((u) => [u.id, u]));
  const inactive = new Set(input.users.filter((u) => isInactive(u, now, t.inactiveDays)).map((u) => u.id));
  const rows = input.grants.map((g): ReviewRow => {
    const status = grantState(g, now);
    const live = status === 'live';
    const user = g.granteeUserId ? users.get(g.granteeUserId) : undefined;
    const approvers = g.approvals?.length ? g.approvals.map((a) => a.email) : g.createdBy ? [users.get(g.createdBy)?.email ?? g.createdBy] : [];
    return {
      grantId: g.id,
      status,
      granteeUser: user?.email ?? g.granteeUserId,
      granteeOrganisation: g.granteeOrganisationId ? (input.organisations.get(g.granteeOrganisationId)?.slug ?? g.granteeOrganisationId) : null,
      dataset: input.datasets.get(g.datasetId)?.slug ?? g.datasetId,
      datasetTitle: input.datasets.get(g.datasetId)?.title ?? '',
      level: g.level,
      areas: [...g.areas],
      purpose: g.purpose,
      agreementId: g.agreementId,
      agreement: g.agreementId ? (input.agreements.get(g.agreementId)?.title ?? null) : null,
      approvers,
      grantedAt: g.createdAt,
      startsAt: g.startsAt,
      expiresAt: g.endsAt,
      lastUsedAt: g.lastUsedAt,
      unused: live && (g.lastUsedAt ?? g.startsAt).getTime() <= now.getTime() - t.unusedDays * DAY_MS,
      expiringSoon: live && g.endsAt.getTime() <= now.getTime() + t.expiringDays * DAY_MS,
      granteeInactive: g.granteeUserId !== null && inactive.has(g.granteeUserId),
    };
  });
  const liveByUser = new Map<string, number>();
  for (const r of rows) {
    const g = input.grants.find((x) => x.id === r.grantId)!;
    if (r.status === 'live' && g.granteeUserId) liveByUser.set(g.granteeUserId, (liveByUser.get(g.granteeUserId) ?? 0) + 1);
  }
  const inactiveAccounts = input.users
    .filter((u) => inactive.has(u.id))
    .map((u) => ({ userId: u.id, email: u.email, organisation: input.organisations.get(u.organisationId)?.slug ?? u.organisationId, lastSignInAt: u.lastSignInAt, liveGrants: liveByUser.get(u.id) ?? 0 }))
    .sort((a, b) => a.email.localeCompare(b.email));
  const live = rows.filter((r) => r.status === 'live');
  return {
    generatedAt: now,
    thresholds: t,
    summary: {
      grants: rows.length,
      live: live.length,
      unused: rows.filter((r) => r.unused).length,
      expiringSoon: rows.filter((r) => r.expiringSoon).length,
      granteeInactive: live.filter((r) => r.granteeInactive).length,
      inactiveAccounts: inactiveAccounts.length,
    },
    grants: rows,
    inactiveAccounts,
  };
}

export const REVIEW_CSV_HEADER = [
  'grant_id', 'status', 'grantee_user', 'grantee_organisation', 'dataset', 'level', 'areas', 'purpose', 'agreement', 'approvers',
  'granted_at', 'starts_at', 'expires_at', 'last_used_at', 'unused', 'expiring_soon', 'grantee_inactive',
] as const;

export function reviewCsvRow(r: ReviewRow): unknown[] {
  return [
    r.grantId, r.status, r.granteeUser, r.granteeOrganisation, r.dataset, r.level, r.areas, r.purpose, r.agreement, r.approvers,
    r.grantedAt, r.startsAt, r.expiresAt, r.lastUsedAt, r.unused ? 'yes' : 'no', r.expiringSoon ? 'yes' : 'no', r.granteeInactive ? 'yes' : 'no',
  ];
}

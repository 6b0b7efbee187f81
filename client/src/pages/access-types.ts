import { ownedLabel } from '../format.js';

/** Shapes of the governance and audit APIs the Access screens read (see src/governance/*.dto.ts). */
export type Level = 'aggregate' | 'record' | 'identifiable';
export type RequestStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

export interface Decision {
  deciderId: string;
  deciderEmail: string;
  capacity: 'data_owner' | 'imb';
  outcome: 'approved' | 'refused';
  note: string;
  decidedAt: string;
  /** A partial approval's narrower terms; null: as before it. */
  grantedLevel: Level | null;
  grantedAreas: string[] | null;
  grantedUntil: string | null;
}

/** What the approvals so far give; `partial` when narrower than asked. */
export interface GrantedTerms {
  level: Level;
  areas: string[];
  until: string;
  partial: boolean;
}

export interface AccessRequest {
  id: string;
  requesterEmail: string;
  requesterName: string;
  /** Organisation slug; `requesterOrganisationName` is for people. */
  requesterOrganisation: string;
  requesterOrganisationName: string;
  dataset: string;
  datasetTitle: string;
  /** Name of the organisation that owns the dataset. */
  datasetOwnerName: string;
  sensitivity: string;
  level: Level;
  areas: string[];
  purpose: string;
  agreementId: string;
  agreementTitle: string;
  until: string;
  approvalRule: 'either' | 'both' | 'data_owner' | 'imb';
  awaiting: string[];
  status: RequestStatus;
  decisions: Decision[];
  grantId: string | null;
  canDecide: boolean;
  createdAt: string;
  decidedAt: string | null;
  granted: GrantedTerms | null;
}

/** One request with what its approvers weigh (GET /api/governance/access-requests/:id). */
export interface AccessRequestDetail extends AccessRequest {
  columns: { name: string; label: string; personal: boolean; included: boolean }[];
  dataPeriod: { from: string | null; to: string | null; limitedByMonth: boolean };
  datasetLawfulBasis: string;
  agreement: { id: string; title: string; purpose: string; lawfulBasis: string; status: string; startsAt: string; endsAt: string } | null;
  /** Possible deciders who have opened the request, first time. */
  seenBy: { email: string; capacity: 'data_owner' | 'imb'; firstSeenAt: string }[];
  holdings: { grantId: string; dataset: string; datasetTitle: string; datasetOwnerName: string; level: Level; areas: string[]; byOrganisation: boolean; endsAt: string }[];
}

export interface Ref {
  id: string;
  slug: string;
  name: string;
}

export interface Agreement {
  id: string;
  title: string;
  purpose: string;
  lawfulBasis: string;
  parties: Ref[];
  datasets: Ref[];
  startsAt: string;
  reviewAt: string;
  endsAt: string;
  status: 'draft' | 'active' | 'suspended' | 'ended';
  reviewDue: boolean;
  inForce: boolean;
}

export type GrantStatus = 'live' | 'scheduled' | 'expired' | 'revoked';

export interface Grant {
  id: string;
  datasetSlug: string;
  granteeOrganisationSlug: string | null;
  granteeUserId: string | null;
  level: Level;
  areas: string[];
  purpose: string;
  status: GrantStatus;
  startsAt: string;
  endsAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  agreementId: string | null;
  lastUsedAt: string | null;
}

export interface ReviewRow {
  grantId: string;
  status: GrantStatus;
  granteeUser: string | null;
  granteeOrganisation: string | null;
  dataset: string;
  datasetTitle: string;
  level: Level;
  areas: string[];
  purpose: string;
  agreement: string | null;
  approvers: string[];
  grantedAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  unused: boolean;
  expiringSoon: boolean;
  granteeInactive: boolean;
}

export interface AccessReview {
  generatedAt: string;
  thresholds: { unusedDays: number; expiringDays: number; inactiveDays: number };
  summary: { grants: number; live: number; unused: number; expiringSoon: number; granteeInactive: number; inactiveAccounts: number };
  grants: ReviewRow[];
  /** Grants matching the search and filters. */
  matched: number;
  inactiveAccounts: { userId: string; email: string; organisation: string; lastSignInAt: string | null; liveGrants: number }[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  address: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  notifications: Notification[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

/** The 14 districts and unitaries of Hampshire and the Isle of Wight, by name. */
export const AREAS: readonly { code: string; name: string }[] = [
  { code: 'E07000084', name: 'Basingstoke and Deane' },
  { code: 'E07000085', name: 'East Hampshire' },
  { code: 'E07000086', name: 'Eastleigh' },
  { code: 'E07000087', name: 'Fareham' },
  { code: 'E07000088', name: 'Gosport' },
  { code: 'E07000089', name: 'Hart' },
  { code: 'E07000090', name: 'Havant' },
  { code: 'E06000046', name: 'Isle of Wight' },
  { code: 'E07000091', name: 'New Forest' },
  { code: 'E06000044', name: 'Portsmouth' },
  { code: 'E07000092', name: 'Rushmoor' },
  { code: 'E06000045', name: 'Southampton' },
  { code: 'E07000093', name: 'Test Valley' },
  { code: 'E07000094', name: 'Winchester' },
];

const AREA_NAMES = new Map(AREAS.map((a) => [a.code, a.name]));

/** "All areas" when a list covers all 14 (or says `all`), otherwise the names. */
export function areaNames(codes: readonly string[] | 'all' | null | undefined): string {
  if (!codes) return 'None';
  if (codes === 'all' || codes.includes('all') || AREAS.every((a) => codes.includes(a.code))) return 'All areas';
  return codes.map((c) => AREA_NAMES.get(c) ?? c).join(', ');
}

/** Short names of the levels, for tables and summaries. */
export const LEVEL_NAMES: Record<Level, string> = { aggregate: 'Aggregate', record: 'Record', identifiable: 'Identifiable' };

export const LEVEL_LABELS: Record<Level, string> = {
  aggregate: 'Aggregate (counts, small numbers suppressed)',
  record: 'Record (rows, no personal data)',
  identifiable: 'Identifiable (rows with personal data)',
};

export { formatDate, formatDateTime } from '../format.js';

/** "ASB case records — Winchester City Council" */
export const requestDataset = (r: Pick<AccessRequest, 'datasetTitle' | 'datasetOwnerName'>) => ownedLabel({ title: r.datasetTitle, ownerName: r.datasetOwnerName });

/** A GOV.UK tag colour for each state a request, grant or agreement can be in. */
export const STATUS_TAG: Record<string, string> = {
  pending: 'govuk-tag--yellow',
  approved: 'govuk-tag--green',
  refused: 'govuk-tag--red',
  withdrawn: 'govuk-tag--grey',
  live: 'govuk-tag--green',
  scheduled: 'govuk-tag--blue',
  expired: 'govuk-tag--grey',
  revoked: 'govuk-tag--red',
  draft: 'govuk-tag--grey',
  active: 'govuk-tag--green',
  suspended: 'govuk-tag--orange',
  ended: 'govuk-tag--grey',
};

export const hasPermission = (permissions: readonly string[], p: string) => permissions.includes(p);

import { Role } from './role.js';

/**
 * Everything a route can require. Roles grant permissions through {@link ROLE_PERMISSIONS};
 * this file and `access/` are where "who may do what" is decided.
 */
export enum Permission {
  UsersRead = 'users.read',
  UsersManage = 'users.manage',
  AuditRead = 'audit.read',
  AuditVerify = 'audit.verify',
  /** See the dataset catalogue (titles, owners, the caller's own access level). */
  DatasetsRead = 'datasets.read',
  /** Ask questions of datasets through POST /api/query, always under the access policy. */
  DataQuery = 'data.query',
  /** See access grants (data owners: grants on their own organisation's datasets). */
  GrantsRead = 'grants.read',
  /** Create and revoke access grants on any dataset. */
  GrantsManage = 'grants.manage',
  /** See information sharing agreements (non-IMB users: those their organisation is party to). */
  AgreementsRead = 'agreements.read',
  /** Create and change information sharing agreements. */
  AgreementsManage = 'agreements.manage',
  /** Ask for access to another partner's dataset, and see one's own requests. */
  AccessRequest = 'access.request',
  /** Approve or refuse access requests and revoke grants (data owners: their organisation's datasets). */
  AccessApprove = 'access.approve',
  /** Run the access review: every grant, highlights, CSV export and bulk recertification. */
  AccessReview = 'access.review',
  /** See who used one's own organisation's datasets, when and how. */
  DatasetUsageRead = 'datasets.usage',
  /** See feeds (sources, adapters, mappings) and their loads' status; never the data itself. */
  FeedsRead = 'feeds.read',
  /** Create feeds and change their mappings, policies and inboxes. */
  FeedsManage = 'feeds.manage',
  /** Read and set a feed's expected delivery (data owners: feeds of their organisation's datasets). */
  FeedScheduleManage = 'feeds.schedule',
  /** Upload files to a feed, read load reports and rejected rows. */
  LoadsRun = 'loads.run',
  /** Roll back a load: remove exactly its rows. */
  LoadsRollback = 'loads.rollback',
  /** Configure an organisation's own sign-in (its OpenID Connect provider). */
  OrganisationsManage = 'organisations.manage',
  /** Create, list and revoke scoped API tokens (feed upload: admins and the feed's data owner; query: at one's own level). */
  ApiTokensManage = 'api_tokens.manage',
  /** Save, share and open saved views and dashboards (running them is still data.query, under the policy). */
  ViewsUse = 'views.use',
  /** Record ASB case review applications, check and decide the threshold, open, chair and close reviews. */
  CaseReviewsManage = 'case_reviews.manage',
  /** Take part in an ASB case review as one's agency's member: the review, its personal details and case pack. */
  CaseReviewsTakePart = 'case_reviews.take_part',
  /** See the yearly ASB case review figures (no personal data, small numbers suppressed). */
  CaseReviewsFigures = 'case_reviews.figures',
  /** Make and download the IMB board pack (its figures as the reader may see them). */
  BoardPackRead = 'board_pack.read',
  /** Search datasets the caller holds identifiable access to for one person's records, and export them (subject access). */
  SubjectAccessSearch = 'subject_access.search',
  /** Erase records from one's own organisation's datasets, with a reason; erased records stay out of reloads. */
  SubjectErasure = 'subject_access.erase',
  /** Set a dataset's retention period (data owners: their organisation's datasets). */
  RetentionManage = 'retention.manage',
}

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.Admin]: [Permission.UsersRead, Permission.UsersManage, Permission.OrganisationsManage, Permission.ApiTokensManage, Permission.AuditRead, Permission.AuditVerify, Permission.DatasetsRead, Permission.DataQuery, Permission.GrantsRead, Permission.GrantsManage, Permission.AgreementsRead, Permission.FeedsRead, Permission.ViewsUse, Permission.CaseReviewsFigures, Permission.BoardPackRead, Permission.RetentionManage, Permission.FeedScheduleManage],
  [Role.Imb]: [Permission.UsersRead, Permission.AuditRead, Permission.AuditVerify, Permission.DatasetsRead, Permission.DataQuery, Permission.GrantsRead, Permission.GrantsManage, Permission.AgreementsRead, Permission.AgreementsManage, Permission.AccessApprove, Permission.AccessReview, Permission.DatasetUsageRead, Permission.ViewsUse, Permission.CaseReviewsFigures, Permission.BoardPackRead],
  [Role.DataOwner]: [Permission.ApiTokensManage, Permission.DatasetsRead, Permission.DataQuery, Permission.GrantsRead, Permission.AgreementsRead, Permission.AccessRequest, Permission.AccessApprove, Permission.DatasetUsageRead, Permission.ViewsUse, Permission.CaseReviewsTakePart, Permission.CaseReviewsFigures, Permission.SubjectAccessSearch, Permission.SubjectErasure, Permission.RetentionManage, Permission.FeedScheduleManage],
  [Role.Analyst]: [Permission.DatasetsRead, Permission.DataQuery, Permission.AgreementsRead, Permission.AccessRequest, Permission.ViewsUse, Permission.CaseReviewsTakePart, Permission.CaseReviewsFigures],
  [Role.EtlOperator]: [Permission.DatasetsRead, Permission.FeedsRead, Permission.FeedsManage, Permission.LoadsRun, Permission.LoadsRollback, Permission.FeedScheduleManage],
  [Role.CspOfficer]: [Permission.DatasetsRead, Permission.AgreementsRead, Permission.AccessRequest, Permission.CaseReviewsManage, Permission.CaseReviewsTakePart, Permission.CaseReviewsFigures],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
}

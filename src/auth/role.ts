/** The roles a user may hold; a user may hold several. */
export enum Role {
  Admin = 'admin',
  Imb = 'imb',
  DataOwner = 'data_owner',
  Analyst = 'analyst',
  EtlOperator = 'etl_operator',
  /** A community safety partnership officer: runs ASB case reviews (Community Trigger). */
  CspOfficer = 'csp_officer',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

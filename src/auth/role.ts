/** The roles a user may hold; a user may hold several. */
export enum Role {
  Admin = 'admin',
  Imb = 'imb',
  DataOwner = 'data_owner',
  Analyst = 'analyst',
  EtlOperator = 'etl_operator',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** Shapes of the hub's API responses that the client reads (see the server's *.dto.ts). */
export type Role = 'admin' | 'imb' | 'data_owner' | 'analyst' | 'etl_operator' | 'csp_officer';

export interface OrganisationRef {
  id: string;
  slug: string;
  name: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  organisation: OrganisationRef;
  roles: Role[];
  disabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface Area {
  code: string;
  name: string;
}

export interface Me {
  user: User;
  roles: Role[];
  permissions: string[];
  areas: Area[];
}

export interface Organisation extends OrganisationRef {
  type: string;
  onsCode: string | null;
  areas: Area[];
}

export interface SignInResult {
  accessToken: string;
  expiresIn: number;
  user: User;
}

export interface Token {
  accessToken: string;
  expiresIn: number;
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  imb: 'IMB member',
  data_owner: 'Data owner',
  analyst: 'Analyst',
  etl_operator: 'ETL operator',
  csp_officer: 'CSP officer',
};

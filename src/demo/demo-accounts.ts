import { Role } from '../auth/role.js';

/** One demo account per role (and a few analysts), seeded on an empty database outside production. */
export interface DemoAccount {
  email: string;
  displayName: string;
  organisationSlug: string;
  roles: Role[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@demo.csp-hub.test', displayName: 'Alex Admin', organisationSlug: 'opcc', roles: [Role.Admin] },
  { email: 'imb@demo.csp-hub.test', displayName: 'Imogen Board', organisationSlug: 'opcc', roles: [Role.Imb] },
  { email: 'operator@demo.csp-hub.test', displayName: 'Owen Operator', organisationSlug: 'hiow-constabulary', roles: [Role.EtlOperator] },
  { email: 'owner.police@demo.csp-hub.test', displayName: 'Priya Owner', organisationSlug: 'hiow-constabulary', roles: [Role.DataOwner] },
  { email: 'owner.winchester@demo.csp-hub.test', displayName: 'Will Owner', organisationSlug: 'winchester', roles: [Role.DataOwner] },
  { email: 'analyst.police@demo.csp-hub.test', displayName: 'Pat Analyst', organisationSlug: 'hiow-constabulary', roles: [Role.Analyst] },
  { email: 'analyst.winchester@demo.csp-hub.test', displayName: 'Wendy Analyst', organisationSlug: 'winchester', roles: [Role.Analyst] },
  { email: 'analyst.portsmouth@demo.csp-hub.test', displayName: 'Paul Analyst', organisationSlug: 'portsmouth', roles: [Role.Analyst] },
];

import type { Role } from './role.js';

/** The signed-in caller, as the guard attaches it to each request. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  sessionId: string;
  /** Set after an administrator's reset: only the password change is open until it is done. */
  mustChangePassword: boolean;
}

import type { AccessLevel } from '../access/access-level.js';
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
  /** The organisation whose identity provider opened this session; null for a password sign-in. */
  ssoOrganisationId?: string | null;
  /** Set when the caller is an API token acting for its creator (see src/api-tokens). */
  apiToken?: ApiTokenScope;
}

/** What an API token may do: one feed's uploads and load results, or read-only queries of one dataset. */
export type ApiTokenScope =
  | { id: string; name: string; kind: 'feed_upload'; feedId: string; feedSlug: string }
  | { id: string; name: string; kind: 'dataset_query'; datasetId: string; datasetSlug: string; ceiling: AccessLevel | null };

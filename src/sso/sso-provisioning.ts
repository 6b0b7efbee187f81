import { ALL_ROLES, type Role } from '../auth/role.js';
import type { User } from '../users/user.entity.js';
import type { IdentityProvider } from './identity-provider.entity.js';
import { SsoFailure } from './oidc-failure.js';

/** Who the provider says signed in, read from a validated ID token. */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  email: string;
  displayName: string;
  /** Roles from the groups/roles claim under `claim` mapping; null under `hub` mapping. */
  claimRoles: Role[] | null;
}

/** Why an otherwise valid sign-in is not let in; each has a sentence on the sign-in page. */
export type SsoRefusal = 'domain_not_allowed' | 'not_registered' | 'wrong_organisation' | 'identity_mismatch' | 'email_unverified' | 'account_disabled';

export type SsoDecision =
  | { kind: 'sign_in'; user: User; link: boolean; roles: Role[] | null }
  | { kind: 'create'; roles: Role[] }
  | { kind: 'refuse'; refusal: SsoRefusal };

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

/** Reads the identity from ID-token claims; a missing subject or email is the provider's misconfiguration. */
export function identityFrom(claims: Record<string, unknown>, provider: Pick<IdentityProvider, 'roleMapping' | 'rolesClaim' | 'roleMap'>): SsoIdentity {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const email = [claims.email, claims.preferred_username, claims.upn].find((v): v is string => typeof v === 'string' && EMAIL.test(v.trim()));
  if (!subject) throw new SsoFailure('missing_claims', 'The ID token has no "sub" claim.');
  if (!email) {
    throw new SsoFailure('missing_claims', 'The ID token has no email address (claims "email", "preferred_username" or "upn"). Add the "email" scope or claim at the provider.');
  }
  const name = [claims.name, [claims.given_name, claims.family_name].filter(Boolean).join(' ')].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return {
    issuer: String(claims.iss),
    subject,
    email: email.trim().toLowerCase(),
    displayName: (name ?? email).trim().slice(0, 200),
    claimRoles: provider.roleMapping === 'claim' ? mappedRoles(claims[provider.rolesClaim ?? ''], provider.roleMap) : null,
  };
}

/** Claim values (a string or a list) mapped to hub roles; unknown values give nothing. */
export function mappedRoles(value: unknown, roleMap: Record<string, Role>): Role[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const roles = values.filter((v): v is string => typeof v === 'string').map((v) => roleMap[v]).filter((r): r is Role => ALL_ROLES.includes(r));
  return [...new Set(roles)].sort();
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The provisioning rules. An account already linked to this provider subject signs in. Otherwise
 * the email must be at an allowed domain: an account with it in this organisation is linked; a
 * new one is created only when the provider allows it. A disabled account stays out whatever the
 * provider says, and an account of another organisation is never taken over.
 */
export function decide(
  provider: Pick<IdentityProvider, 'organisationId' | 'allowedDomains' | 'autoCreate'>,
  identity: SsoIdentity,
  emailVerified: unknown,
  linked: User | null,
  byEmail: User | null,
): SsoDecision {
  const refuse = (refusal: SsoRefusal): SsoDecision => ({ kind: 'refuse', refusal });
  if (linked) {
    if (linked.organisationId !== provider.organisationId) return refuse('wrong_organisation');
    if (linked.disabled) return refuse('account_disabled');
    return { kind: 'sign_in', user: linked, link: false, roles: identity.claimRoles };
  }
  if (emailVerified === false) return refuse('email_unverified');
  if (!provider.allowedDomains.includes(emailDomain(identity.email))) return refuse('domain_not_allowed');
  if (byEmail) {
    if (byEmail.organisationId !== provider.organisationId) return refuse('wrong_organisation');
    if (byEmail.oidcSubject) return refuse('identity_mismatch');
    if (byEmail.disabled) return refuse('account_disabled');
    return { kind: 'sign_in', user: byEmail, link: true, roles: identity.claimRoles };
  }
  if (!provider.autoCreate) return refuse('not_registered');
  return { kind: 'create', roles: identity.claimRoles ?? [] };
}

import { Role } from '../auth/role.js';
import type { User } from '../users/user.entity.js';
import { SsoFailure } from './oidc-failure.js';
import { decide, identityFrom, mappedRoles, type SsoIdentity } from './sso-provisioning.js';

const provider = { organisationId: 'org-w', allowedDomains: ['winchester.gov.uk'], autoCreate: true };
const identity: SsoIdentity = { issuer: 'https://idp', subject: 'sub-1', email: 'ann@winchester.gov.uk', displayName: 'Ann', claimRoles: null };
const user = (changes: Partial<User> = {}) => ({ id: 'u1', organisationId: 'org-w', disabled: false, oidcSubject: null, roles: [Role.Analyst], ...changes }) as User;

describe('who a single sign-on lets in (decide)', () => {
  it('signs a linked account in, and keeps it out when disabled or of another organisation', () => {
    expect(decide(provider, identity, true, user({ oidcSubject: 'sub-1' }), null)).toMatchObject({ kind: 'sign_in', link: false });
    expect(decide(provider, identity, true, user({ disabled: true }), null)).toEqual({ kind: 'refuse', refusal: 'account_disabled' });
    expect(decide(provider, identity, true, user({ organisationId: 'org-p' }), null)).toEqual({ kind: 'refuse', refusal: 'wrong_organisation' });
  });

  it('links an account found by email only at an allowed domain, in the same organisation, not linked elsewhere', () => {
    expect(decide(provider, identity, true, null, user())).toMatchObject({ kind: 'sign_in', link: true });
    expect(decide(provider, { ...identity, email: 'ann@elsewhere.example' }, true, null, user())).toEqual({ kind: 'refuse', refusal: 'domain_not_allowed' });
    expect(decide(provider, identity, true, null, user({ oidcSubject: 'someone-else' }))).toEqual({ kind: 'refuse', refusal: 'identity_mismatch' });
    expect(decide(provider, identity, true, null, user({ organisationId: 'org-p' }))).toEqual({ kind: 'refuse', refusal: 'wrong_organisation' });
    expect(decide(provider, identity, true, null, user({ disabled: true }))).toEqual({ kind: 'refuse', refusal: 'account_disabled' });
  });

  it('refuses an email the provider says is unverified, before matching on it', () => {
    expect(decide(provider, identity, false, null, user())).toEqual({ kind: 'refuse', refusal: 'email_unverified' });
  });

  it('creates an account with no roles (or the claim’s) only when the organisation allows it', () => {
    expect(decide(provider, identity, true, null, null)).toEqual({ kind: 'create', roles: [] });
    expect(decide(provider, { ...identity, claimRoles: [Role.Analyst] }, true, null, null)).toEqual({ kind: 'create', roles: [Role.Analyst] });
    expect(decide({ ...provider, autoCreate: false }, identity, true, null, null)).toEqual({ kind: 'refuse', refusal: 'not_registered' });
  });
});

describe('reading the ID token', () => {
  const hub = { roleMapping: 'hub' as const, rolesClaim: null, roleMap: {} };
  it('takes the email from email, then preferred_username or upn, lower-cased', () => {
    expect(identityFrom({ iss: 'i', sub: 's', email: 'Ann@Winchester.gov.uk' }, hub).email).toBe('ann@winchester.gov.uk');
    expect(identityFrom({ iss: 'i', sub: 's', preferred_username: 'not-an-email', upn: 'ann@winchester.gov.uk' }, hub).email).toBe('ann@winchester.gov.uk');
  });

  it('fails with missing_claims for a token without a subject or an email', () => {
    expect(() => identityFrom({ iss: 'i', email: 'a@b.gov.uk' }, hub)).toThrow(SsoFailure);
    expect(() => identityFrom({ iss: 'i', sub: 's' }, hub)).toThrow(/no email address/);
  });

  it('maps groups to roles, ignoring unknown values and roles that do not exist', () => {
    const map = { 'g-analysts': Role.Analyst, 'g-owners': Role.DataOwner, 'g-bad': 'superuser' as Role };
    expect(mappedRoles(['g-owners', 'g-analysts', 'g-other', 'g-bad', 'g-analysts'], map)).toEqual([Role.Analyst, Role.DataOwner]);
    expect(mappedRoles('g-analysts g-other', map)).toEqual([Role.Analyst]);
    expect(mappedRoles(undefined, map)).toEqual([]);
  });
});

import { Role } from '../auth/role.js';
import type { DomainError } from '../common/domain-error.js';
import { checkDirectGrant } from './grants.service.js';

const dataset = { slug: 'police-street', ownerOrganisationId: 'org-police' };
const imb = { id: 'u-imb', organisationId: 'org-opcc', roles: [Role.Imb] };
const code = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('checkDirectGrant', () => {
  const other = { organisationId: 'org-havant', userId: null };

  it('lets one approver grant only where the rule needs one approval they can give', () => {
    expect(code(() => checkDirectGrant(imb, dataset, 'either', other))).toBe('ok');
    expect(code(() => checkDirectGrant(imb, dataset, 'imb', other))).toBe('ok');
    expect(code(() => checkDirectGrant(imb, dataset, 'both', other))).toBe('approval_required');
    expect(code(() => checkDirectGrant(imb, dataset, 'data_owner', other))).toBe('approval_required');
  });

  it('never counts one person as both approvers, and never counts an administrator', () => {
    const both = { id: 'u-both', organisationId: 'org-police', roles: [Role.DataOwner, Role.Imb] };
    expect(code(() => checkDirectGrant(both, dataset, 'both', other))).toBe('approval_required');
    expect(code(() => checkDirectGrant({ id: 'u-admin', organisationId: 'org-opcc', roles: [Role.Admin] }, dataset, 'either', other))).toBe('approval_required');
  });

  it('refuses grants that reach the granter: to them, or to their whole organisation', () => {
    expect(code(() => checkDirectGrant(imb, dataset, 'either', { organisationId: null, userId: 'u-imb' }))).toBe('self_grant');
    expect(code(() => checkDirectGrant(imb, dataset, 'either', { organisationId: 'org-opcc', userId: 'u-imb' }))).toBe('self_grant');
    expect(code(() => checkDirectGrant(imb, dataset, 'either', { organisationId: 'org-opcc', userId: null }))).toBe('self_grant');
    expect(code(() => checkDirectGrant(imb, dataset, 'either', { organisationId: 'org-opcc', userId: 'u-colleague' }))).toBe('ok');
  });
});

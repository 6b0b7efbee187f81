import { Role } from '../auth/role.js';
import { feedAuthority, queryAuthority, type TokenCreator } from './token-authority.js';

const WINCHESTER = 'org-winchester';
const creator = (roles: Role[], over: Partial<TokenCreator> = {}): TokenCreator => ({ roles, organisationId: WINCHESTER, disabled: false, ...over });
const code = (a: ReturnType<typeof feedAuthority>) => (a.ok ? 'ok' : a.code);

describe('feedAuthority: who may hand a feed’s uploads to a token', () => {
  it.each([
    ['an administrator, any feed', creator([Role.Admin], { organisationId: 'org-opcc' }), 'ok'],
    ['a data owner of the dataset’s organisation', creator([Role.DataOwner]), 'ok'],
    ['a data owner of another organisation', creator([Role.DataOwner], { organisationId: 'org-fire' }), 'token_creator_lacks_rights'],
    ['an operator (uploads by hand, hands out nothing)', creator([Role.EtlOperator]), 'token_creator_lacks_rights'],
    ['an analyst', creator([Role.Analyst]), 'token_creator_lacks_rights'],
    ['a disabled administrator', creator([Role.Admin], { disabled: true }), 'token_creator_disabled'],
  ])('%s', (_, who, expected) => {
    expect(code(feedAuthority(who, WINCHESTER))).toBe(expected);
  });
});

describe('queryAuthority: who may hand one dataset’s questions to a token', () => {
  it.each([
    ['a data owner with access', creator([Role.DataOwner]), true, 'ok'],
    ['a data owner without access', creator([Role.DataOwner]), false, 'token_creator_no_access'],
    ['an analyst with access (may not hand out tokens)', creator([Role.Analyst]), true, 'token_creator_lacks_rights'],
    ['a disabled data owner', creator([Role.DataOwner], { disabled: true }), true, 'token_creator_disabled'],
  ])('%s', (_, who, hasAccess, expected) => {
    expect(code(queryAuthority(who, hasAccess))).toBe(expected);
  });
});

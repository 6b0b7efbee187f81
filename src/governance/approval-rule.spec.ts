import { Role } from '../auth/role.js';
import { Sensitivity } from '../../domain/dataset-schema.js';
import { awaited, capacitiesOf, checkDecider, isSatisfied, ruleFor } from './approval-rule.js';

const OWNER = 'org-police';
const user = (id: string, roles: Role[], organisationId = 'org-opcc') => ({ id, roles, organisationId });
const ownerDo = user('do-1', [Role.DataOwner], OWNER);
const imb = user('imb-1', [Role.Imb]);
const both = user('both-1', [Role.DataOwner, Role.Imb], OWNER);

describe('approval rules', () => {
  it('takes the rule from the sensitivity, as configured', () => {
    const rules = { official: 'either', officialSensitive: 'both' } as const;
    expect(ruleFor(Sensitivity.Official, rules)).toBe('either');
    expect(ruleFor(Sensitivity.OfficialSensitive, rules)).toBe('both');
  });

  it('counts a data owner only for their own organisation’s datasets', () => {
    expect(capacitiesOf(ownerDo, OWNER)).toEqual(['data_owner']);
    expect(capacitiesOf(user('do-2', [Role.DataOwner], 'org-winchester'), OWNER)).toEqual([]);
    expect(capacitiesOf(imb, OWNER)).toEqual(['imb']);
    expect(capacitiesOf(user('a', [Role.Analyst, Role.Admin], OWNER), OWNER)).toEqual([]);
  });

  it('is satisfied by either, both, or the named capacity', () => {
    expect(isSatisfied('either', ['imb'])).toBe(true);
    expect(isSatisfied('both', ['imb'])).toBe(false);
    expect(isSatisfied('both', ['imb', 'data_owner'])).toBe(true);
    expect(isSatisfied('data_owner', ['imb'])).toBe(false);
    expect(isSatisfied('imb', ['imb'])).toBe(true);
    expect(awaited('both', ['imb'])).toEqual(['data_owner']);
    expect(awaited('either', [])).toEqual(['data_owner', 'imb']);
  });

  const check = (u: typeof imb, rule: 'either' | 'both' | 'data_owner' | 'imb', decisions: Parameters<typeof checkDecider>[0]['decisions'] = [], requesterId = 'analyst-1') =>
    checkDecider({ user: u, requesterId, ownerOrganisationId: OWNER, rule, decisions });

  it('refuses a decision on one’s own request, whatever one’s roles', () => {
    expect(check(both, 'either', [], both.id)).toEqual({ ok: false, reason: 'own_request' });
  });

  it('refuses people who cannot approve under the rule', () => {
    expect(check(user('x', [Role.Analyst], OWNER), 'either')).toEqual({ ok: false, reason: 'not_an_approver' });
    expect(check(imb, 'data_owner')).toEqual({ ok: false, reason: 'not_an_approver' });
    expect(check(ownerDo, 'imb')).toEqual({ ok: false, reason: 'not_an_approver' });
  });

  it('needs two different people under the two-approver rule, even if one holds both roles', () => {
    const first = check(both, 'both');
    expect(first).toEqual({ ok: true, capacity: 'data_owner' });
    const decisions = [{ deciderId: both.id, capacity: 'data_owner' as const, outcome: 'approved' as const }];
    expect(check(both, 'both', decisions)).toEqual({ ok: false, reason: 'already_decided' });
    expect(check(user('do-3', [Role.DataOwner], OWNER), 'both', decisions)).toEqual({ ok: false, reason: 'capacity_already_given' });
    expect(check(imb, 'both', decisions)).toEqual({ ok: true, capacity: 'imb' });
  });
});

/**
 * The approval rules for access requests, as pure functions:
 * - who may decide in which capacity (the dataset owner's data owner, or an IMB member);
 * - which capacities a request needs, from the dataset's sensitivity and configuration;
 * - whether the approvals so far are enough.
 * Nobody decides their own request, and one person counts once even with both roles.
 */
import { Role } from '../auth/role.js';
import type { ApprovalRule, GovernanceConfig } from '../config/app-config.js';
import { Sensitivity } from '../../domain/dataset-schema.js';
import type { ApproverCapacity } from './access-decision.entity.js';

export interface Decider {
  id: string;
  organisationId: string;
  roles: readonly Role[];
}

/** The rule for a dataset of this sensitivity. */
export function ruleFor(sensitivity: Sensitivity, config: GovernanceConfig['approvalRules']): ApprovalRule {
  return sensitivity === Sensitivity.OfficialSensitive ? config.officialSensitive : config.official;
}

/** The capacities in which a user could decide on a request for a dataset owned by `ownerOrganisationId`. */
export function capacitiesOf(user: Decider, ownerOrganisationId: string): ApproverCapacity[] {
  const out: ApproverCapacity[] = [];
  if (user.roles.includes(Role.DataOwner) && user.organisationId === ownerOrganisationId) out.push('data_owner');
  if (user.roles.includes(Role.Imb)) out.push('imb');
  return out;
}

/** The capacities whose approval counts under a rule. */
export function countingCapacities(rule: ApprovalRule): ApproverCapacity[] {
  return rule === 'data_owner' ? ['data_owner'] : rule === 'imb' ? ['imb'] : ['data_owner', 'imb'];
}

/** Whether the approvals given so far (by capacity) satisfy the rule. */
export function isSatisfied(rule: ApprovalRule, approvedBy: readonly ApproverCapacity[]): boolean {
  const has = (c: ApproverCapacity) => approvedBy.includes(c);
  switch (rule) {
    case 'either':
      return has('data_owner') || has('imb');
    case 'both':
      return has('data_owner') && has('imb');
    case 'data_owner':
      return has('data_owner');
    case 'imb':
      return has('imb');
  }
}

/** Capacities still awaited under the rule, given the approvals so far. */
export function awaited(rule: ApprovalRule, approvedBy: readonly ApproverCapacity[]): ApproverCapacity[] {
  if (isSatisfied(rule, approvedBy)) return [];
  if (rule === 'both') return countingCapacities(rule).filter((c) => !approvedBy.includes(c));
  return countingCapacities(rule);
}

export type DecisionCheck =
  | { ok: true; capacity: ApproverCapacity }
  | { ok: false; reason: 'own_request' | 'not_an_approver' | 'already_decided' | 'capacity_already_given' };

/**
 * Whether `user` may decide now, and in which capacity: the first awaited capacity they hold
 * (so a person with both roles fills one slot, and someone else must fill the other).
 */
export function checkDecider(input: {
  user: Decider;
  requesterId: string;
  ownerOrganisationId: string;
  rule: ApprovalRule;
  decisions: readonly { deciderId: string; capacity: ApproverCapacity; outcome: 'approved' | 'refused' }[];
}): DecisionCheck {
  const { user, rule, decisions } = input;
  if (user.id === input.requesterId) return { ok: false, reason: 'own_request' };
  const held = capacitiesOf(user, input.ownerOrganisationId).filter((c) => countingCapacities(rule).includes(c));
  if (held.length === 0) return { ok: false, reason: 'not_an_approver' };
  if (decisions.some((d) => d.deciderId === user.id)) return { ok: false, reason: 'already_decided' };
  const approvedBy = decisions.filter((d) => d.outcome === 'approved').map((d) => d.capacity);
  const open = held.find((c) => awaited(rule, approvedBy).includes(c));
  if (!open) return { ok: false, reason: 'capacity_already_given' };
  return { ok: true, capacity: open };
}

import { AccessLevel, levelRank } from '../access/access-level.js';
import type { AccessDecision } from './access-decision.entity.js';

/** What an approval grants: a level, a set of areas, an end date. */
export interface ApprovalTerms {
  level: AccessLevel;
  areas: string[];
  until: Date;
}

/** An approver's narrowing of the request; anything left out stays as the terms before it. */
export interface Narrowing {
  level?: AccessLevel;
  areas?: string[];
  until?: Date;
}

export type TermsCheck = { ok: true; terms: ApprovalTerms; narrowed: boolean } | { ok: false; problems: string[] };

/**
 * The terms an approval gives, checked against what is already on the table: the request's ask,
 * or (under a two-approver rule) the narrower terms an earlier approver gave. An approval may
 * only narrow: a lower level, fewer areas, an earlier end. Pure; the service turns problems into
 * a 400 naming each.
 */
export function narrowTerms(current: ApprovalTerms, narrowing: Narrowing, now: Date): TermsCheck {
  const problems: string[] = [];
  const level = narrowing.level ?? current.level;
  if (levelRank(level) > levelRank(current.level)) problems.push(`The level cannot be higher than ${current.level}`);
  const areas = narrowing.areas ? [...new Set(narrowing.areas)].sort() : current.areas;
  const extra = areas.filter((a) => !current.areas.includes(a));
  if (extra.length) problems.push(`These areas were not asked for: ${extra.join(', ')}`);
  if (areas.length === 0) problems.push('Approve at least one area');
  const until = narrowing.until ?? current.until;
  if (until > current.until) problems.push(`Access cannot last past ${current.until.toISOString().slice(0, 10)}`);
  if (until <= now) problems.push('The end date must be in the future');
  if (problems.length) return { ok: false, problems };
  const narrowed = level !== current.level || areas.length !== current.areas.length || until.getTime() !== current.until.getTime();
  return { ok: true, terms: { level, areas, until }, narrowed };
}

/** The terms after a sequence of approvals, each narrowing the one before (stored as given). */
export function termsAfter(asked: ApprovalTerms, approvals: readonly Narrowing[]): ApprovalTerms {
  return approvals.reduce<ApprovalTerms>(
    (t, a) => ({ level: a.level ?? t.level, areas: a.areas ? [...a.areas].sort() : t.areas, until: a.until && a.until < t.until ? a.until : t.until }),
    { ...asked, areas: [...asked.areas].sort() },
  );
}

/** True when the terms are narrower than asked in any way. */
export function isNarrower(asked: ApprovalTerms, given: ApprovalTerms): boolean {
  return given.level !== asked.level || given.areas.length !== asked.areas.length || given.until.getTime() !== asked.until.getTime();
}

/** What one decision changed of the terms before it (null columns: nothing). */
export function narrowingOf(d: Pick<AccessDecision, 'grantedLevel' | 'grantedAreas' | 'grantedUntil'>): Narrowing {
  return { level: d.grantedLevel ?? undefined, areas: d.grantedAreas ?? undefined, until: d.grantedUntil ?? undefined };
}

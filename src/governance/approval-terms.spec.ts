import { AccessLevel } from '../access/access-level.js';
import { isNarrower, narrowTerms, termsAfter } from './approval-terms.js';

const now = new Date('2026-12-01T00:00:00Z');
const asked = { level: AccessLevel.Record, areas: ['E07000086', 'E07000094'], until: new Date('2027-06-30T00:00:00Z') };

describe('narrowTerms', () => {
  it('keeps the ask when nothing is narrowed', () => {
    expect(narrowTerms(asked, {}, now)).toEqual({ ok: true, terms: asked, narrowed: false });
  });

  it('narrows level, areas and end date', () => {
    const r = narrowTerms(asked, { level: AccessLevel.Aggregate, areas: ['E07000094'], until: new Date('2027-01-31T00:00:00Z') }, now);
    expect(r).toEqual({ ok: true, narrowed: true, terms: { level: AccessLevel.Aggregate, areas: ['E07000094'], until: new Date('2027-01-31T00:00:00Z') } });
  });

  it('refuses anything wider than the terms on the table, naming each problem', () => {
    const r = narrowTerms(asked, { level: AccessLevel.Identifiable, areas: ['E07000094', 'E06000046'], until: new Date('2027-07-01T00:00:00Z') }, now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual(['The level cannot be higher than record', 'These areas were not asked for: E06000046', 'Access cannot last past 2027-06-30']);
  });

  it('refuses no areas and a past end', () => {
    const r = narrowTerms(asked, { areas: [], until: new Date('2026-11-30T00:00:00Z') }, now);
    expect(!r.ok && r.problems).toEqual(['Approve at least one area', 'The end date must be in the future']);
  });
});

describe('termsAfter', () => {
  it('applies each approval in turn, never widening the end date', () => {
    const t = termsAfter(asked, [{ areas: ['E07000094'] }, { level: AccessLevel.Aggregate, until: new Date('2027-12-31T00:00:00Z') }]);
    expect(t).toEqual({ level: AccessLevel.Aggregate, areas: ['E07000094'], until: asked.until });
    expect(isNarrower(asked, t)).toBe(true);
    expect(isNarrower(asked, termsAfter(asked, [{}]))).toBe(false);
  });
});

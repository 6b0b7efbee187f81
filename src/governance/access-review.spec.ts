import { AccessLevel } from '../access/access-level.js';
import { buildReview, grantState, type ReviewGrant, type ReviewUser } from './access-review.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const thresholds = { unusedDays: 90, expiringDays: 30, inactiveDays: 90 };
const user = (id: string, lastSignInAt: Date | null, over: Partial<ReviewUser> = {}): ReviewUser => ({
  id, email: `${id}@x.test`, displayName: id, organisationId: 'org-w', disabled: false, lastSignInAt, createdAt: days(-400), ...over,
});
let n = 0;
const grant = (over: Partial<ReviewGrant> = {}): ReviewGrant => ({
  id: `g${++n}`, datasetId: 'ds', granteeOrganisationId: 'org-w', granteeUserId: 'active', level: AccessLevel.Aggregate, areas: ['E07000094'],
  purpose: 'p', startsAt: days(-200), endsAt: days(200), revokedAt: null, createdBy: 'admin', approvals: null, agreementId: null,
  lastUsedAt: days(-1), createdAt: days(-200), ...over,
});

describe('buildReview', () => {
  const users = [user('active', days(-2)), user('idle', days(-91)), user('never', null), user('gone', null, { disabled: true }), user('admin', days(-1))];
  const review = (grants: ReviewGrant[]) =>
    buildReview({ grants, users, organisations: new Map([['org-w', { slug: 'winchester', name: 'W' }]]), datasets: new Map([['ds', { slug: 'police', title: 'Police' }]]), agreements: new Map(), now: NOW, thresholds });

  it('flags unused, expiring and inactive-grantee grants, counting only live ones', () => {
    const r = review([
      grant({ id: 'fresh' }),
      grant({ id: 'stale', lastUsedAt: days(-91) }),
      grant({ id: 'never-used-old', lastUsedAt: null, startsAt: days(-100) }),
      grant({ id: 'never-used-new', lastUsedAt: null, startsAt: days(-10) }),
      grant({ id: 'ending', endsAt: days(29) }),
      grant({ id: 'idle-user', granteeUserId: 'idle' }),
      grant({ id: 'revoked', lastUsedAt: null, endsAt: days(5), revokedAt: days(-1) }),
      grant({ id: 'expired', endsAt: days(-1), lastUsedAt: null }),
    ]);
    const flagged = (key: 'unused' | 'expiringSoon' | 'granteeInactive') => r.grants.filter((g) => g[key]).map((g) => g.grantId);
    expect(flagged('unused')).toEqual(['stale', 'never-used-old']);
    expect(flagged('expiringSoon')).toEqual(['ending']);
    expect(flagged('granteeInactive')).toEqual(['idle-user']);
    expect(r.summary).toEqual({ grants: 8, live: 6, unused: 2, expiringSoon: 1, granteeInactive: 1, inactiveAccounts: 2 });
    expect(r.inactiveAccounts.map((a) => [a.email, a.liveGrants])).toEqual([['idle@x.test', 1], ['never@x.test', 0]]);
  });

  it('names approvers from the workflow, or the administrator who granted directly', () => {
    const r = review([grant({ id: 'a', approvals: [{ userId: 'u', email: 'imb@x.test', at: '' }] }), grant({ id: 'b' })]);
    expect(r.grants.map((g) => g.approvers)).toEqual([['imb@x.test'], ['admin@x.test']]);
  });

  it('knows each grant state', () => {
    expect(grantState({ revokedAt: null, startsAt: days(1), endsAt: days(2) }, NOW)).toBe('scheduled');
    expect(grantState({ revokedAt: null, startsAt: days(-2), endsAt: NOW }, NOW)).toBe('expired');
  });
});

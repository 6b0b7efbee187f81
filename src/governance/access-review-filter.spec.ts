import { AccessLevel } from '../access/access-level.js';
import { filterReview } from './access-review-filter.js';
import type { ReviewRow } from './access-review.js';

const row = (over: Partial<ReviewRow>): ReviewRow => ({
  grantId: 'g',
  status: 'live',
  granteeUser: null,
  granteeOrganisation: null,
  dataset: 'd',
  datasetTitle: 'D',
  level: AccessLevel.Aggregate,
  areas: [],
  purpose: '',
  agreementId: null,
  agreement: null,
  approvers: [],
  grantedAt: new Date(0),
  startsAt: new Date(0),
  expiresAt: new Date('2027-01-01'),
  lastUsedAt: null,
  unused: false,
  expiringSoon: false,
  granteeInactive: false,
  ...over,
});

const rows = [
  row({ grantId: 'a', granteeUser: 'ann@winchester.gov.uk', dataset: 'police-street', datasetTitle: 'Street crime', level: AccessLevel.Record, expiresAt: new Date('2027-03-01') }),
  row({ grantId: 'b', granteeOrganisation: 'gosport', dataset: 'gosport-asb', datasetTitle: 'ASB cases', purpose: 'Hotspot work', unused: true }),
  row({ grantId: 'c', granteeUser: 'bob@fareham.gov.uk', dataset: 'police-street', datasetTitle: 'Street crime', level: AccessLevel.Identifiable, expiresAt: new Date('2026-12-20'), expiringSoon: true }),
];
const ids = (r: ReviewRow[]) => r.map((x) => x.grantId);

describe('filterReview', () => {
  it('searches every word in grantee, organisation name, dataset and purpose', () => {
    expect(ids(filterReview(rows, { q: 'STREET ann' }))).toEqual(['a']);
    expect(ids(filterReview(rows, { q: 'hotspot' }))).toEqual(['b']);
    expect(ids(filterReview(rows, { q: 'borough' }, (slug) => (slug === 'gosport' ? 'Gosport Borough Council' : '')))).toEqual(['b']);
  });

  it('filters by dataset, level, flag and expiry', () => {
    expect(ids(filterReview(rows, { dataset: 'police-street' }))).toEqual(['a', 'c']);
    expect(ids(filterReview(rows, { level: AccessLevel.Identifiable }))).toEqual(['c']);
    expect(ids(filterReview(rows, { flag: 'unused' }))).toEqual(['b']);
    expect(ids(filterReview(rows, { expiresBefore: new Date('2027-01-01') }))).toEqual(['c']);
  });

  it('sorts either way, ties in the review’s order', () => {
    expect(ids(filterReview(rows, { sort: 'expires' }))).toEqual(['c', 'b', 'a']);
    expect(ids(filterReview(rows, { sort: 'level', descending: true }))).toEqual(['c', 'a', 'b']);
    expect(ids(filterReview(rows, { sort: 'dataset' }))).toEqual(['b', 'a', 'c']);
  });
});

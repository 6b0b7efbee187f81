import { Role } from '../auth/role.js';
import type { ColumnSpec } from '../../domain/dataset-schema.js';
import { AccessLevel } from './access-level.js';
import { decideAccess, type PolicyGrant } from './access-policy.js';

const columns: ColumnSpec[] = [
  { name: 'month', type: 'month', label: 'Month', personal: false, dimension: true },
  { name: 'category', type: 'text', label: 'Category', personal: false, dimension: true },
  { name: 'victim_name', type: 'text', label: 'Victim', personal: true, dimension: false },
];
const dataset = { id: 'ds-1', ownerOrganisationId: 'org-police', columns };
const NOW = new Date('2026-06-15T12:00:00Z');
const grant = (level: AccessLevel): PolicyGrant => ({
  id: `g-${level}`,
  datasetId: 'ds-1',
  granteeOrganisationId: 'org-winchester',
  granteeUserId: null,
  level,
  areas: ['E07000094'],
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: new Date('2027-01-01T00:00:00Z'),
  revokedAt: null,
});
const decide = (organisationId: string, grants: PolicyGrant[], ceiling?: AccessLevel) =>
  decideAccess({ caller: { id: 'u1', organisationId, roles: [Role.DataOwner] }, dataset, grants, now: NOW, ceiling });
const shape = (a: ReturnType<typeof decide>) => ({
  level: a.level,
  rows: a.records ? a.records.columns.map((c) => c.name) : null,
  counts: a.aggregate ? a.aggregate.columns.map((c) => c.name) : null,
  suppress: a.aggregate?.suppress ?? null,
});

describe('decideAccess under a query token’s ceiling', () => {
  it.each([
    // [who, grants, ceiling, level, rows' columns, counts' columns]
    ['owner, no ceiling', 'org-police', [], undefined, AccessLevel.Identifiable, ['month', 'category', 'victim_name'], ['month', 'category', 'victim_name']],
    ['owner, counts only', 'org-police', [], AccessLevel.Aggregate, AccessLevel.Aggregate, null, ['month', 'category']],
    ['owner, rows without personal data', 'org-police', [], AccessLevel.Record, AccessLevel.Record, ['month', 'category'], ['month', 'category']],
    ['record grant, ceiling above it', 'org-winchester', [grant(AccessLevel.Record)], AccessLevel.Identifiable, AccessLevel.Record, ['month', 'category'], ['month', 'category']],
    ['record grant, counts only', 'org-winchester', [grant(AccessLevel.Record)], AccessLevel.Aggregate, AccessLevel.Aggregate, null, ['month', 'category']],
    ['aggregate grant, ceiling above it', 'org-winchester', [grant(AccessLevel.Aggregate)], AccessLevel.Record, AccessLevel.Aggregate, null, ['month', 'category']],
    ['no grant, any ceiling', 'org-winchester', [], AccessLevel.Identifiable, null, null, null],
  ] as const)('%s', (_, org, grants, ceiling, level, rows, counts) => {
    const a = decide(org, [...grants], ceiling);
    expect(shape(a)).toMatchObject({ level, rows, counts });
  });

  it('never widens, keeps the caller’s disclosure regime, and changes the fingerprint', () => {
    const held = decide('org-winchester', [grant(AccessLevel.Aggregate)]);
    expect(decide('org-winchester', [grant(AccessLevel.Aggregate)], AccessLevel.Identifiable)).toEqual(held);
    expect(shape(decide('org-police', [], AccessLevel.Aggregate)).suppress).toBe(false);
    expect(decide('org-police', [], AccessLevel.Aggregate).fingerprint).not.toBe(decide('org-police', []).fingerprint);
  });
});

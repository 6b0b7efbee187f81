import { Role } from '../auth/role.js';
import type { ColumnSpec } from '../../domain/dataset-schema.js';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import { AccessLevel } from './access-level.js';
import { appliesTo, decideAccess, inScope, type PolicyCaller, type PolicyGrant, subjectAccessScope } from './access-policy.js';

const OWNER_ORG = 'org-police';
const OTHER_ORG = 'org-winchester';
const WINCHESTER = 'E07000094';
const GOSPORT = 'E07000088';
const NOW = new Date('2026-06-15T12:00:00Z');

const columns: ColumnSpec[] = [
  { name: 'month', type: 'month', label: 'Month', personal: false, dimension: true },
  { name: 'district_code', type: 'text', label: 'District code', personal: false, dimension: true },
  { name: 'category', type: 'text', label: 'Category', personal: false, dimension: true },
  { name: 'victim_name', type: 'text', label: 'Victim', personal: true, dimension: false },
];
const dataset = { id: 'ds-1', ownerOrganisationId: OWNER_ORG, columns };

const caller = (roles: Role[], organisationId = OTHER_ORG, id = 'user-1'): PolicyCaller => ({ id, organisationId, roles });
let n = 0;
const grant = (over: Partial<PolicyGrant> = {}): PolicyGrant => ({
  id: `g${++n}`,
  datasetId: 'ds-1',
  granteeOrganisationId: OTHER_ORG,
  granteeUserId: null,
  level: AccessLevel.Aggregate,
  areas: [WINCHESTER],
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: new Date('2027-01-01T00:00:00Z'),
  revokedAt: null,
  ...over,
});
const decide = (c: PolicyCaller, grants: PolicyGrant[], narrowTo?: string[]) =>
  decideAccess({ caller: c, dataset, grants, now: NOW, narrowTo });
const names = (cols: readonly ColumnSpec[] | undefined) => cols?.map((c) => c.name);

describe('decideAccess', () => {
  describe('matrix: role × grant level × area scope', () => {
    const roles = [Role.Analyst, Role.DataOwner, Role.Imb, Role.Admin, Role.EtlOperator];
    const levels = [null, AccessLevel.Aggregate, AccessLevel.Record, AccessLevel.Identifiable];
    const scopes = [[WINCHESTER], [WINCHESTER, GOSPORT]];
    for (const role of roles)
      for (const level of levels)
        for (const areas of scopes) {
          it(`${role}, ${level ?? 'no'} grant over ${areas.length} area(s)`, () => {
            const access = decide(caller([role]), level ? [grant({ level, areas })] : []);
            if (role === Role.EtlOperator || level === null) {
              expect(access).toMatchObject({ level: null, aggregate: null, records: null, basis: 'none' });
              return;
            }
            expect(access.level).toBe(level);
            expect(access.aggregate?.areas).toEqual({ all: false, codes: [...areas].sort(), unplaced: false });
            expect(access.aggregate?.suppress).toBe(level === AccessLevel.Aggregate);
            if (level === AccessLevel.Aggregate) expect(access.records).toBeNull();
            else expect(access.records?.areas).toEqual({ all: false, codes: [...areas].sort(), unplaced: false });
            const expectedColumns = level === AccessLevel.Identifiable ? ['month', 'district_code', 'category', 'victim_name'] : ['month', 'district_code', 'category'];
            expect(names(access.aggregate?.columns)).toEqual(expectedColumns);
            if (access.records) expect(names(access.records.columns)).toEqual(expectedColumns);
          });
        }
  });

  it('gives the owning organisation everything, whatever its role, without grants', () => {
    for (const role of [Role.Analyst, Role.DataOwner, Role.Imb, Role.Admin]) {
      const access = decide(caller([role], OWNER_ORG), []);
      expect(access.basis).toBe('owner');
      expect(access.level).toBe(AccessLevel.Identifiable);
      expect(access.records).toEqual({ level: AccessLevel.Identifiable, areas: { all: true }, columns, suppress: false });
    }
  });

  it('refuses data to a member of the owning organisation who may not query', () => {
    expect(decide(caller([Role.EtlOperator], OWNER_ORG), []).level).toBeNull();
  });

  it('gives IMB members and administrators of other organisations nothing without a grant', () => {
    expect(decide(caller([Role.Imb, Role.Admin]), []).level).toBeNull();
  });

  it('ignores grants that are expired, not yet started, revoked, or for another dataset, organisation or user', () => {
    const dead = [
      grant({ endsAt: new Date('2026-06-15T12:00:00Z') }),
      grant({ startsAt: new Date('2026-07-01T00:00:00Z') }),
      grant({ revokedAt: new Date('2026-06-01T00:00:00Z') }),
      grant({ datasetId: 'ds-2' }),
      grant({ granteeOrganisationId: 'org-gosport' }),
      grant({ granteeOrganisationId: null, granteeUserId: 'user-2' }),
      grant({ granteeOrganisationId: 'org-gosport', granteeUserId: 'user-1' }),
    ];
    expect(decide(caller([Role.Analyst]), dead)).toMatchObject({ level: null, aggregate: null, records: null });
  });

  it('ends a grant at its end moment exactly: live a millisecond before, dead at it', () => {
    const c = caller([Role.Analyst]);
    expect(appliesTo(grant({ endsAt: new Date(NOW.getTime() + 1) }), c, 'ds-1', NOW)).toBe(true);
    expect(appliesTo(grant({ endsAt: NOW }), c, 'ds-1', NOW)).toBe(false);
    expect(appliesTo(grant({ startsAt: NOW }), c, 'ds-1', NOW)).toBe(true);
  });

  it('applies a grant to a named user only, in any organisation or only in the named one', () => {
    const c = caller([Role.Analyst]);
    expect(appliesTo(grant({ granteeOrganisationId: null, granteeUserId: 'user-1' }), c, 'ds-1', NOW)).toBe(true);
    expect(appliesTo(grant({ granteeUserId: 'user-1' }), c, 'ds-1', NOW)).toBe(true);
    expect(appliesTo(grant({ granteeUserId: 'user-1' }), caller([Role.Analyst], OTHER_ORG, 'user-9'), 'ds-1', NOW)).toBe(false);
    expect(appliesTo(grant({ granteeOrganisationId: null, granteeUserId: null }), c, 'ds-1', NOW)).toBe(false);
  });

  it('answers over the union of areas at the lowest level holding across all of them', () => {
    const access = decide(caller([Role.Analyst]), [
      grant({ level: AccessLevel.Identifiable, areas: [WINCHESTER] }),
      grant({ level: AccessLevel.Aggregate, areas: [GOSPORT] }),
    ]);
    expect(access.level).toBe(AccessLevel.Identifiable);
    expect(access.aggregate).toMatchObject({ level: AccessLevel.Aggregate, suppress: true, areas: { all: false, codes: [GOSPORT, WINCHESTER], unplaced: false } });
    expect(names(access.aggregate?.columns)).not.toContain('victim_name');
    expect(access.records).toMatchObject({ level: AccessLevel.Identifiable, areas: { all: false, codes: [WINCHESTER], unplaced: false } });
    expect(names(access.records?.columns)).toContain('victim_name');
  });

  it('lets a caller narrow to the areas where a higher level holds, never widen', () => {
    const grants = [grant({ level: AccessLevel.Record, areas: [WINCHESTER] }), grant({ level: AccessLevel.Aggregate, areas: [GOSPORT] })];
    const narrowed = decide(caller([Role.Analyst]), grants, [WINCHESTER]);
    expect(narrowed.aggregate).toMatchObject({ level: AccessLevel.Record, suppress: false, areas: { all: false, codes: [WINCHESTER], unplaced: false } });
    expect(decide(caller([Role.Analyst]), grants, ['E06000044']).level).toBeNull();
    const owner = decide(caller([Role.Analyst], OWNER_ORG), [], [GOSPORT]);
    expect(owner.records?.areas).toEqual({ all: false, codes: [GOSPORT], unplaced: false });
  });

  it('changes the fingerprint when access changes and keeps it when it does not', () => {
    const c = caller([Role.Analyst]);
    const a = decide(c, [grant({ level: AccessLevel.Record })]).fingerprint;
    expect(decide(c, [grant({ level: AccessLevel.Record })]).fingerprint).toBe(a);
    expect(decide(c, [grant({ level: AccessLevel.Aggregate })]).fingerprint).not.toBe(a);
    expect(decide(c, [grant({ level: AccessLevel.Record, areas: [WINCHESTER, GOSPORT] })]).fingerprint).not.toBe(a);
    expect(decide(c, []).fingerprint).not.toBe(a);
  });

  it('places rows without a district only inside an all-areas scope', () => {
    expect(inScope({ all: true }, null)).toBe(true);
    expect(inScope({ all: false, codes: [WINCHESTER], unplaced: false }, null)).toBe(false);
    expect(inScope({ all: false, codes: [WINCHESTER], unplaced: false }, WINCHESTER)).toBe(true);
    expect(inScope({ all: false, codes: [WINCHESTER], unplaced: true }, null)).toBe(true);
  });

  it('lets grants that together cover every partnership area reach rows with no district, and nothing less', () => {
    const c = caller([Role.Analyst]);
    const rest = ALL_AREA_CODES.filter((code) => code !== WINCHESTER);
    const whole = decide(c, [grant({ areas: [WINCHESTER] }), grant({ areas: rest })]);
    expect(whole.aggregate?.areas).toEqual({ all: false, codes: [...ALL_AREA_CODES].sort(), unplaced: true });
    const allButOne = decide(c, [grant({ areas: rest })]);
    expect(allButOne.aggregate?.areas).toMatchObject({ unplaced: false });
    expect(allButOne.fingerprint).not.toBe(decide(c, [grant({ areas: [...rest, 'E06000999'] })]).fingerprint);
    // Narrowing a question to some districts leaves the unplaced rows out.
    expect(decide(c, [grant({ areas: [...ALL_AREA_CODES] })], [WINCHESTER]).aggregate?.areas).toEqual({ all: false, codes: [WINCHESTER], unplaced: false });
    // Record access over every area reaches them too; aggregate-only areas do not lift it.
    const mixed = decide(c, [grant({ level: AccessLevel.Record, areas: [...ALL_AREA_CODES] })]);
    expect(mixed.records?.areas).toMatchObject({ unplaced: true });
  });
});

describe('subjectAccessScope', () => {
  const scope = (c: PolicyCaller, grants: PolicyGrant[], cols = columns) => subjectAccessScope({ caller: c, dataset: { ...dataset, columns: cols }, grants, now: NOW });

  it('gives the owner every row, a grantee only the areas of live identifiable grants', () => {
    expect(scope(caller([Role.DataOwner], OWNER_ORG), [])?.areas).toEqual({ all: true });
    const mixed = [grant({ level: AccessLevel.Identifiable, areas: [WINCHESTER] }), grant({ level: AccessLevel.Record, areas: [GOSPORT] })];
    expect(scope(caller([Role.DataOwner]), mixed)).toMatchObject({ level: AccessLevel.Identifiable, areas: { all: false, codes: [WINCHESTER], unplaced: false }, suppress: false });
    expect(names(scope(caller([Role.DataOwner]), mixed)?.columns)).toContain('victim_name');
  });

  it('gives nothing for aggregate or record grants, expired grants, without the permission, or without personal columns', () => {
    expect(scope(caller([Role.DataOwner]), [grant({ level: AccessLevel.Record }), grant({ level: AccessLevel.Aggregate })])).toBeNull();
    expect(scope(caller([Role.DataOwner]), [grant({ level: AccessLevel.Identifiable, endsAt: new Date('2026-06-01T00:00:00Z') })])).toBeNull();
    expect(scope(caller([Role.Analyst]), [grant({ level: AccessLevel.Identifiable })])).toBeNull();
    expect(scope(caller([Role.Imb], OWNER_ORG), [])).toBeNull();
    expect(scope(caller([Role.DataOwner], OWNER_ORG), [], columns.filter((c) => !c.personal))).toBeNull();
  });
});

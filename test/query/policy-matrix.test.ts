import { AccessLevel } from '../../src/access/access-level.js';
import { Role } from '../../src/auth/role.js';
import { ALL_AREA_CODES } from '../../domain/areas.reference.js';
import type { Dataset } from '../../src/datasets/dataset.entity.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const W = 'E07000094';
const G = 'E07000088';
const row = (district: string | null, category: string, n: number): FactoryRow[] =>
  times(n, {
    month: '2025-01',
    district_code: district,
    district_name: district === W ? 'Winchester' : district === G ? 'Gosport' : null,
    category,
    category_group: category === 'Anti-social behaviour' ? 'Anti-social behaviour' : 'Crime',
    source_org: 'hiow-constabulary',
    placement: district ? 'lsoa' : 'unplaced',
    victim_name: 'A Person',
    crime_id: 'c-1',
  });

/** Scenario → the organisation the caller is in and what it holds. */
const SCENARIOS = {
  owner: { org: 'hiow-constabulary', grant: null },
  none: { org: 'portsmouth', grant: null },
  aggregateWinchester: { org: 'winchester', grant: { level: AccessLevel.Aggregate, areas: [W] } },
  recordWinchester: { org: 'eastleigh', grant: { level: AccessLevel.Record, areas: [W] } },
  identifiableBoth: { org: 'fareham', grant: { level: AccessLevel.Identifiable, areas: [W, G] } },
  recordPartnership: { org: 'havant', grant: { level: AccessLevel.Record, areas: ALL_AREA_CODES } },
} as const;
type Scenario = keyof typeof SCENARIOS;

/** The exact grouped cells each scenario gets: district|category|count (null = withheld). */
const withoutCount = (cell: string) => cell.split('|').slice(0, 2).join('|');

const EXPECTED_CELLS: Record<Scenario, string[] | null> = {
  owner: ['-|Anti-social behaviour|2', `${G}|Anti-social behaviour|20`, `${G}|Burglary|7`, `${W}|Anti-social behaviour|12`, `${W}|Burglary|3`, `${W}|Criminal damage and arson|30`],
  none: null,
  aggregateWinchester: [`${W}|Anti-social behaviour|null`, `${W}|Burglary|null`, `${W}|Criminal damage and arson|30`],
  recordWinchester: [`${W}|Anti-social behaviour|12`, `${W}|Burglary|3`, `${W}|Criminal damage and arson|30`],
  identifiableBoth: [`${G}|Anti-social behaviour|20`, `${G}|Burglary|7`, `${W}|Anti-social behaviour|12`, `${W}|Burglary|3`, `${W}|Criminal damage and arson|30`],
  // Access over every partnership area also reaches the rows with no district.
  recordPartnership: ['-|Anti-social behaviour|2', `${G}|Anti-social behaviour|20`, `${G}|Burglary|7`, `${W}|Anti-social behaviour|12`, `${W}|Burglary|3`, `${W}|Criminal damage and arson|30`],
};

/** Rows and columns of a record page, or the refusal code. */
const EXPECTED_RECORDS: Record<Scenario, { rows: number; personal: boolean } | string> = {
  owner: { rows: 74, personal: true },
  none: 'no_access',
  aggregateWinchester: 'record_access_required',
  recordWinchester: { rows: 45, personal: false },
  identifiableBoth: { rows: 72, personal: true },
  recordPartnership: { rows: 74, personal: false },
};

describe('policy matrix: role × access level × area scope, through POST /api/query', () => {
  let hub: TestHub;
  let dataset: Dataset;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    hub = await createTestHub();
    dataset = await createDataset(hub, {
      slug: 'police-matrix',
      extraColumns: [
        { name: 'victim_name', type: 'text', label: 'Victim', personal: true, dimension: false },
        { name: 'crime_id', type: 'text', label: 'Crime ID', personal: false, dimension: false },
      ],
      rows: [...row(W, 'Anti-social behaviour', 12), ...row(W, 'Burglary', 3), ...row(W, 'Criminal damage and arson', 30), ...row(G, 'Anti-social behaviour', 20), ...row(G, 'Burglary', 7), ...row(null, 'Anti-social behaviour', 2)],
    });
    for (const s of Object.values(SCENARIOS)) if (s.grant) await createGrant(hub, dataset, { organisation: s.org, level: s.grant.level, areas: [...s.grant.areas] });
    const roles = [Role.Analyst, Role.DataOwner, Role.Imb, Role.Admin, Role.EtlOperator];
    await Promise.all(
      roles.flatMap((role) =>
        Object.entries(SCENARIOS).map(async ([name, s]) => tokens.set(`${role}/${name}`, (await signedInUser(hub, { roles: [role], organisation: s.org })).token)),
      ),
    );
  });
  afterAll(() => hub?.close());

  const ask = (role: Role, scenario: Scenario, body: object) =>
    hub.http().post('/api/query').set('Authorization', `Bearer ${tokens.get(`${role}/${scenario}`)}`).send(body);

  for (const role of [Role.Analyst, Role.DataOwner, Role.Imb, Role.Admin]) {
    for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
      it(`${role} in the ${scenario} case gets exactly the cells the policy allows`, async () => {
        const res = await ask(role, scenario, { dataset: 'police-matrix', measures: ['count'], groupBy: ['district', 'category'] });
        const expected = EXPECTED_CELLS[scenario];
        if (!expected) {
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('no_access');
          return;
        }
        expect(res.status).toBe(200);
        const cells = res.body.rows.map((r: Record<string, unknown>) => `${r.district_code ?? '-'}|${r.category}|${r.count}`).sort();
        if (scenario === 'aggregateWinchester') {
          // Perturbed: each released count within the answer's stated bound of the true one.
          const bound = res.body.meta.suppression.maxError;
          expect(bound).toBe(2);
          expect(cells.map(withoutCount)).toEqual([...expected].map(withoutCount).sort());
          for (const [i, cell] of cells.entries()) {
            const want = [...expected].sort()[i].split('|')[2];
            const got = cell.split('|')[2];
            if (want === 'null') expect(got).toBe('null');
            else expect(Math.abs(Number(got) - Number(want))).toBeLessThanOrEqual(bound);
          }
        } else expect(cells).toEqual([...expected].sort());
        expect(res.body.meta.suppression !== null).toBe(scenario === 'aggregateWinchester');
        for (const r of res.body.rows) if (scenario === 'aggregateWinchester') expect(r.suppressed).toBe(r.count === null);
      });

      it(`${role} in the ${scenario} case gets exactly the rows and columns the policy allows`, async () => {
        const res = await ask(role, scenario, { dataset: 'police-matrix', limit: 1000 });
        const expected = EXPECTED_RECORDS[scenario];
        if (typeof expected === 'string') {
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe(expected);
          return;
        }
        expect(res.status).toBe(200);
        expect(res.body.rows).toHaveLength(expected.rows);
        const names = res.body.columns.map((c: { name: string }) => c.name);
        expect(names).toContain('crime_id');
        expect(names.includes('victim_name')).toBe(expected.personal);
        for (const r of res.body.rows) expect(Object.keys(r)).not.toContain('_load_id');
        const granted: readonly (string | null)[] = [...(SCENARIOS[scenario].grant?.areas ?? []), ...(scenario === 'recordPartnership' ? [null] : [])];
        if (scenario !== 'owner') for (const r of res.body.rows) expect(granted).toContain(r.district_code);
      });
    }
  }

  it('refuses an ETL operator any data, even from their own organisation', async () => {
    for (const scenario of ['owner', 'identifiableBoth'] as Scenario[]) {
      const res = await ask(Role.EtlOperator, scenario, { dataset: 'police-matrix', measures: ['count'] });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('permission_required');
    }
  });

  it('narrows to the areas a caller asks for, and never beyond their grant', async () => {
    const narrowed = await ask(Role.Analyst, 'identifiableBoth', { dataset: 'police-matrix', measures: ['count'], groupBy: ['district'], areas: [G] });
    expect(narrowed.body.rows).toEqual([{ district_code: G, district_name: 'Gosport', count: 27 }]);
    const outside = await ask(Role.Analyst, 'recordWinchester', { dataset: 'police-matrix', measures: ['count'], areas: [G] });
    expect(outside.status).toBe(403);
    // Narrowed to districts, a partnership-wide grant no longer reaches the unplaced rows.
    const partnership = await ask(Role.Analyst, 'recordPartnership', { dataset: 'police-matrix', measures: ['count'], groupBy: ['district'], areas: [W, G] });
    expect(partnership.body.rows.map((r: Record<string, unknown>) => `${r.district_code ?? '-'}|${r.count}`).sort()).toEqual([`${G}|27`, `${W}|45`]);
  });

  it('shows each caller their own access level in the catalogue', async () => {
    const levels: Record<Scenario, string | null> = { owner: 'identifiable', none: null, aggregateWinchester: 'aggregate', recordWinchester: 'record', identifiableBoth: 'identifiable', recordPartnership: 'record' };
    for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
      const res = await hub.http().get('/api/datasets/police-matrix').set('Authorization', `Bearer ${tokens.get(`${Role.Analyst}/${scenario}`)}`).expect(200);
      expect(res.body.access.level).toBe(levels[scenario]);
      const victim = res.body.fields.find((f: { name: string }) => f.name === 'victim_name');
      expect(victim.visible).toBe(levels[scenario] === 'identifiable');
    }
    const list = await hub.http().get('/api/datasets').set('Authorization', `Bearer ${tokens.get(`${Role.Analyst}/aggregateWinchester`)}`).expect(200);
    const entry = list.body.find((d: { slug: string }) => d.slug === 'police-matrix');
    expect(entry).toMatchObject({ owner: { slug: 'hiow-constabulary' }, measures: ['count'], access: { level: 'aggregate', aggregateAreas: [W], recordAreas: null, suppressed: true } });
  });
});

import { AccessLevel } from '../../src/access/access-level.js';
import { createMatchKeyer } from '../../etl/matching/index.js';
import { createDataset, type FactoryRow, times } from '../factories/dataset.factory.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { PARTNER_COLUMNS } from './planted-datasets.js';

const WINCHESTER = { district_code: 'E07000094', district_name: 'Winchester', category_group: 'Anti-social behaviour', source_org: 'winchester', placement: 'mapped' };

const THIS_MONTH = new Date().toISOString().slice(0, 7);

function day(iso: string, offset: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A complaint row about `subject`, for an incident on `incident` reported `delay` days later. */
function complaint(subject: string, incident: string, delay = 0): FactoryRow {
  return { ...WINCHESTER, month: incident.slice(0, 7), category: 'Personal', incident_date: incident, reported_date: day(incident, delay), subject_key: subject };
}

/** A complaint row about the place `key`, reported the same day. */
function place(key: string, incident: string): FactoryRow {
  return { ...WINCHESTER, month: incident.slice(0, 7), category: 'Personal', incident_date: incident, reported_date: incident, place_key: key };
}

describe('threat, risk and harm analytics through the API', () => {
  let hub: TestHub;
  let owner: string;
  let aggregate: string;
  let elsewhere: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    hub = await createTestHub();
    const keyer = createMatchKeyer(hub.config.analytics.matchingKey);
    for (const [id, name] of [['x', 'Alice Ashdown'], ['y', 'Brian Beech'], ['z', 'Carol Cherry'], ['w', 'Dan Dogwood']]) {
      keys[id] = keyer.subjectKey({ fullName: name, dateOfBirth: '1980-05-05' })!;
    }
    keys.p = keyer.placeKey({ address: '14 High Street', postcode: 'SO23 9LJ' })!;
    keys.q = keyer.placeKey({ address: '16 High Street', postcode: 'SO23 9LJ' })!;
    const start = '2026-01-10';
    const rows: FactoryRow[] = [
      // x: 3 complaints, first to last 181 days → trigger met
      complaint(keys.x, start), complaint(keys.x, day(start, 90)), complaint(keys.x, day(start, 181)),
      // y: 3 complaints, first to last 183 days → not met
      complaint(keys.y, start), complaint(keys.y, day(start, 90)), complaint(keys.y, day(start, 183)),
      // z: 2 complaints → not met
      complaint(keys.z, start), complaint(keys.z, day(start, 30)),
      // w: 3 complaints, one reported 40 days after the incident → not met
      complaint(keys.w, start, 40), complaint(keys.w, day(start, 30)), complaint(keys.w, day(start, 60)),
      // places: p has 3 complaints within 181 days (met), q 3 over 183 days (not met)
      place(keys.p, start), place(keys.p, day(start, 100)), place(keys.p, day(start, 181)),
      place(keys.q, start), place(keys.q, day(start, 100)), place(keys.q, day(start, 183)),
      // hotspots: Winchester 001A busy now, quieter before; 002A once
      ...times(6, { ...WINCHESTER, month: '2026-09', category: 'Personal', incident_date: '2026-09-15', lsoa_code: 'E01000001', lsoa_name: 'Winchester 001A' }),
      ...times(2, { ...WINCHESTER, month: '2026-06', category: 'Personal', incident_date: '2026-06-15', lsoa_code: 'E01000001', lsoa_name: 'Winchester 001A' }),
      { ...WINCHESTER, month: '2026-10', category: 'Personal', incident_date: '2026-10-01', lsoa_code: 'E01000002', lsoa_name: 'Winchester 002A' },
      // trends: noise steady at 5 a month for a year, then 30
      ...['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'].flatMap((m) =>
        [...times(5, { ...WINCHESTER, month: m, category: 'Nuisance', incident_date: `${m}-15` }), ...times(8, { ...WINCHESTER, month: m, category: 'Environmental', incident_date: `${m}-05` })],
      ),
      // environmental steady at 8 (so that a withheld cell's line has another cell to hide)
      ...times(8, { ...WINCHESTER, month: '2026-10', category: 'Environmental', incident_date: '2026-10-05' }),
      ...times(30, { ...WINCHESTER, month: '2026-10', category: 'Nuisance', incident_date: '2026-10-20' }),
      // the month in progress: never the default month of emerging trends (it would always look quiet)
      { ...WINCHESTER, month: THIS_MONTH, category: 'Environmental', incident_date: `${THIS_MONTH}-01` },
    ];
    const dataset = await createDataset(hub, { slug: 'winchester-cases', owner: 'winchester', extraColumns: PARTNER_COLUMNS, rows });
    await createGrant(hub, dataset, { organisation: 'opcc', level: AccessLevel.Aggregate, areas: ['E07000094'] });
    await createGrant(hub, dataset, { organisation: 'havant', level: AccessLevel.Record, areas: ['E07000090'] });
    owner = (await signedInUser(hub, { organisation: 'winchester' })).token;
    aggregate = (await signedInUser(hub, { organisation: 'opcc' })).token;
    elsewhere = (await signedInUser(hub, { organisation: 'havant' })).token;
  });
  afterAll(() => hub?.close());

  const get = (token: string, url: string) => hub.http().get(url).auth(token, { type: 'bearer' });

  describe('Community Trigger', () => {
    it.each([
      ['x', '3 complaints within 181 days', true],
      ['y', '3 complaints over 183 days', false],
      ['z', '2 complaints', false],
      ['w', 'one complaint reported after more than a month', false],
    ])('subject %s (%s) → met %s', async (id, _what, met) => {
      const res = await get(owner, `/api/analytics/community-trigger?subject=${keys[id]}`);
      expect(res.status).toBe(200);
      expect(res.body.met).toBe(met);
      expect(res.body.rule).toEqual({ complaints: 3, windowDays: 182, reportWithinDays: 31 });
    });

    it.each([
      ['p', '3 complaints about a place within 181 days', true],
      ['q', '3 complaints about a place over 183 days', false],
    ])('place %s (%s) → met %s', async (id, _what, met) => {
      const res = await get(owner, `/api/analytics/community-trigger?place=${keys[id]}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'place', key: keys[id], met, qualifying: 3 });
    });

    it('explains each complaint', async () => {
      const res = await get(owner, `/api/analytics/community-trigger?subject=${keys.w}`);
      expect(res.body).toMatchObject({ qualifying: 2, late: 1 });
      expect(res.body.complaints.map((c: { reportedWithinLimit: boolean }) => c.reportedWithinLimit)).toEqual([false, true, true]);
      expect(res.body.complaints[0].partner.name).toMatch(/Winchester/);
    });

    it('sees only rows in the caller’s areas', async () => {
      const res = await get(elsewhere, `/api/analytics/community-trigger?subject=${keys.x}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ met: false, qualifying: 0, complaints: [] });
      const repeats = await get(elsewhere, '/api/analytics/repeat-victims?since=2025-01-01&until=2026-12-31');
      expect(repeats.body.list.items).toEqual([]);
    });

    it('refuses bad keys and parameters with 400', async () => {
      expect((await get(owner, '/api/analytics/community-trigger?subject=robert')).status).toBe(400);
      expect((await get(owner, `/api/analytics/community-trigger?subject=${keys.x}&place=p_${'0'.repeat(32)}`)).status).toBe(400);
      expect((await get(owner, "/api/analytics/repeat-victims?since=2026-02-30")).status).toBe(400);
      expect((await get(owner, "/api/analytics/hotspots?areas=E07000094';DROP TABLE x")).status).toBe(400);
      expect((await get(owner, '/api/analytics/subjects/not-a-key')).status).toBe(400);
    });
  });

  it('lists repeat victims with the 3-in-6-months rule', async () => {
    const res = await get(owner, '/api/analytics/repeat-victims?since=2025-01-01&until=2026-12-31');
    expect(res.status).toBe(200);
    const listed = res.body.list.items.map((i: { key: string }) => i.key).sort();
    // x: 3 within 181 days; w: 3 within 60 days; y's three span 183 days; z has 2.
    expect(listed).toEqual([keys.x, keys.w].sort());
    const x = res.body.list.items.find((i: { key: string }) => i.key === keys.x);
    expect(x).toMatchObject({ incidents: 3, partners: 1, peakInWindow: 3, byPartner: [{ districtCode: 'E07000094', incidents: 3 }] });
  });

  describe('hotspots', () => {
    it('ranks LSOAs by the rolling 90 days with the change from the 90 before', async () => {
      const res = await get(owner, '/api/analytics/hotspots?asOf=2026-10-31&categoryGroup=all');
      expect(res.status).toBe(200);
      expect(res.body.current).toEqual({ after: '2026-08-02', until: '2026-10-31' });
      expect(res.body.items[0]).toMatchObject({ lsoaCode: 'E01000001', current: { count: 6 }, previous: { count: 2 }, change: 4, changePercent: 200 });
      expect(res.body.items[1]).toMatchObject({ lsoaCode: 'E01000002', current: { count: 1 }, previous: { count: 0 } });
    });

    it('suppresses and rounds for an aggregate-level caller', async () => {
      const res = await get(aggregate, '/api/analytics/hotspots?asOf=2026-10-31&categoryGroup=all');
      expect(res.body.suppressed).toBe(true);
      const one = res.body.items.find((i: { lsoaCode: string }) => i.lsoaCode === 'E01000001');
      const two = res.body.items.find((i: { lsoaCode: string }) => i.lsoaCode === 'E01000002');
      expect(one.previous).toEqual({ count: null, suppressed: true });
      expect(two.current).toEqual({ count: null, suppressed: true });
      for (const i of res.body.items) for (const c of [i.current, i.previous]) expect(c.count === null || c.count % 5 === 0).toBe(true);
    });

    it('lists places by key only for record-level callers', async () => {
      expect((await get(aggregate, '/api/analytics/hotspots?by=place')).body.items).toEqual([]);
    });
  });

  describe('emerging trends', () => {
    it('flags a month far above its 12-month baseline, with the test stated', async () => {
      const res = await get(owner, '/api/analytics/trends?flagged=true');
      expect(res.status).toBe(200);
      expect(res.body.month).toBe('2026-10');
      expect(res.body.test).toEqual({ method: 'poisson-exceedance', pValue: 0.01, minCount: 5, baselineMonths: 12 });
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ districtCode: 'E07000094', category: 'Nuisance', latest: { count: 30 }, expected: 5, flagged: true });
      expect(res.body.items[0].pValue).toBeLessThan(1e-6);
    });

    it('flags on released figures only at aggregate level', async () => {
      const res = await get(aggregate, '/api/analytics/trends');
      expect(res.body.suppressed).toBe(true);
      const nuisance = res.body.items.find((i: { category: string }) => i.category === 'Nuisance');
      // 30 in truth, released within the perturbation's bound of 2.
      expect(nuisance.latest.suppressed).toBe(false);
      expect(Math.abs(nuisance.latest.count - 30)).toBeLessThanOrEqual(2);
      expect(nuisance.flagged).toBe(true);
      const personal = res.body.items.find((i: { category: string }) => i.category === 'Personal');
      expect(personal).toMatchObject({ latest: { count: null, suppressed: true }, pValue: null, flagged: false });
    });
  });

  it('lists repeat locations with the same rule', async () => {
    const res = await get(owner, '/api/analytics/repeat-locations?since=2025-01-01&until=2026-12-31');
    expect(res.status).toBe(200);
    expect(res.body.list.items.map((i: { key: string }) => i.key)).toEqual([keys.p]);
    expect(res.body.summary.rows).toEqual([{ districtCode: 'E07000094', districtName: 'Winchester', repeat: { count: 1, suppressed: false }, crossPartner: { count: 0, suppressed: false } }]);
  });

  it('audits every analysis', async () => {
    const rows = await hub.dataSource.query(`SELECT DISTINCT action FROM audit_log WHERE action LIKE 'analytics.%' ORDER BY action`);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['analytics.community_trigger', 'analytics.hotspots', 'analytics.repeat_places', 'analytics.repeat_subjects', 'analytics.trends']);
  });
});

/** The thresholds are the partnership's to set: the same rows meet a lower local threshold. */
describe('a local threshold from configuration', () => {
  let hub: TestHub;
  let token: string;
  let carol: string;

  beforeAll(async () => {
    hub = await createTestHub({ REPEAT_MIN_INCIDENTS: '2', TRIGGER_MIN_COMPLAINTS: '2', TRIGGER_WINDOW_DAYS: '91' });
    carol = createMatchKeyer(hub.config.analytics.matchingKey).subjectKey({ fullName: 'Carol Cherry', dateOfBirth: '1980-05-05' })!;
    const rows = [complaint(carol, '2026-01-10'), complaint(carol, day('2026-01-10', 91))];
    await createDataset(hub, { slug: 'winchester-local', owner: 'winchester', extraColumns: PARTNER_COLUMNS, rows });
    token = (await signedInUser(hub, { organisation: 'winchester' })).token;
  });
  afterAll(() => hub?.close());

  it('lists 2 incidents as a repeat and meets a 2-complaint trigger within 91 days', async () => {
    const repeats = await hub.http().get('/api/analytics/repeat-victims?since=2025-01-01&until=2026-12-31').auth(token, { type: 'bearer' });
    expect(repeats.body.rule).toMatchObject({ incidents: 2 });
    expect(repeats.body.list.items.map((i: { key: string }) => i.key)).toEqual([carol]);
    const trigger = await hub.http().get(`/api/analytics/community-trigger?subject=${carol}`).auth(token, { type: 'bearer' });
    expect(trigger.body).toMatchObject({ met: true, rule: { complaints: 2, windowDays: 91, reportWithinDays: 31 } });
  });
});

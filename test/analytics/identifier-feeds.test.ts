import { AccessLevel } from '../../src/access/access-level.js';
import { AnalyticsStore } from '../../src/analytics-store/analytics-store.service.js';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { createMappedFeed, datasetRow, loadFile, operator, tableRows, writeFixture } from '../ingest/ingest-helpers.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const HEADER = 'Ref,Incident,Reported,Type,District,Name,DOB,Address,Postcode';

/** A partner case mapping whose feed marks the person and place identifier columns. */
const mapping = (keepRaw: boolean) => ({
  dateFormat: 'dd/MM/yyyy',
  columns: [
    { source: 'Ref', name: 'case_ref', required: true },
    { source: 'Incident', name: 'incident_date', type: 'date' },
    { source: 'Reported', name: 'reported_date', type: 'date' },
    { source: 'Type', name: 'source_category', dimension: true },
    { source: 'District', name: 'district', dimension: true },
    { source: 'Name', name: 'victim_name', personal: true },
    { source: 'DOB', name: 'victim_dob', type: 'date', personal: true },
    { source: 'Address', name: 'address', personal: true },
    { source: 'Postcode', name: 'postcode', personal: true },
  ],
  monthFrom: 'incident_date',
  category: { from: 'source_category', map: { Noise: 'Nuisance', Harassment: 'Personal' } },
  area: { district: 'district' },
  key: 'case_ref',
  identifiers: { person: { fullName: 'victim_name', dateOfBirth: 'victim_dob' }, place: { address: 'address', postcode: 'postcode' }, keepRaw },
});

const dataset = (slug: string, owner: string) => ({
  dataset: { slug, title: `Cases ${slug}`, kind: 'partner_asb', sensitivity: 'OFFICIAL-SENSITIVE', lawfulBasis: 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)', ownerOrganisation: owner },
});

/** Winchester keeps no raw identifiers (keepRaw: false); Havant keeps them in personal columns. */
const WINCHESTER_ROWS = [
  'W1,05/03/2026,06/03/2026,Harassment,Winchester,Bill Smyth,07/03/1984,14 High St,so239lj',
  "W2,10/04/2026,12/04/2026,Noise,Winchester,Peggy O'Brien,01/02/1950,\"Flat 2, 9 Jewry Street\",SO23 8RZ",
  'W3,20/05/2026,20/05/2026,Noise,Winchester,ZOË  MÜLLER,30/11/1991,3 Kingsgate Road,SO23 9PE',
];
const HAVANT_ROWS = [
  'H1,01/04/2026,01/04/2026,Harassment,Havant,William Smith,07/03/1984,"14, HIGH STREET",SO23 9LJ',
  'H2,02/05/2026,03/05/2026,Noise,Havant,"OBRIEN, Margaret",01/02/1950,Flat 2 9 Jewry St,so238rz',
  'H3,03/06/2026,03/06/2026,Noise,Havant,Zoe Muller,30/11/1991,3 Kingsgate Rd,SO23 9PE',
  // Different people: same family name and date of birth as Bill/William Smyth, other given names.
  'H4,04/06/2026,04/06/2026,Noise,Havant,John Smith,07/03/1984,16 High Street,SO23 9LJ',
  'H5,05/06/2026,05/06/2026,Noise,Havant,Jane Smith,07/03/1984,Flat 1 14 High Street,SO23 9LJ',
];
/** Raw identifiers only Winchester's file holds (Havant writes these people differently). */
const WINCHESTER_ONLY = ['Bill Smyth', 'Smyth', "Peggy O'Brien", 'Peggy', 'ZOË  MÜLLER', 'MÜLLER', 'so239lj', 'Flat 2, 9 Jewry Street', '3 Kingsgate Road'];

/**
 * Identifier columns through the real ETL: a feed marks them, the load keys them with the hub
 * secret after normalising (case, accents, spacing, short forms, spelling), and a feed that does
 * not keep raw identifiers publishes none. The secret is in neither store.
 */
describe('identifier columns marked by feeds', () => {
  let hub: TestHub;
  let user: AuthUser;
  let winchester: Record<string, unknown>[];
  let havant: Record<string, unknown>[];

  beforeAll(async () => {
    hub = await createTestHub();
    user = (await operator(hub)).user;
    await createMappedFeed(hub, user, 'wcc-private', mapping(false), dataset('wcc-private-cases', 'winchester'));
    await createMappedFeed(hub, user, 'hbc-cases', mapping(true), dataset('hbc-cases', 'havant'));
    for (const [feed, name, rows] of [['wcc-private', 'wcc.csv', WINCHESTER_ROWS], ['hbc-cases', 'hbc.csv', HAVANT_ROWS]] as const) {
      const load = await loadFile(hub, feed, writeFixture(hub, name, [HEADER, ...rows].join('\n') + '\n'), user);
      expect({ feed, status: load.status, rejected: load.rowsRejected, error: load.error }).toEqual({ feed, status: LoadStatus.Succeeded, rejected: 0, error: null });
    }
    const byRef = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.case_ref).localeCompare(String(b.case_ref)));
    winchester = byRef(await tableRows(hub, 'wcc-private-cases'));
    havant = byRef(await tableRows(hub, 'hbc-cases'));
  });
  afterAll(() => hub?.close());

  it('keys every row and, for a feed with keepRaw false, publishes no raw identifier', () => {
    expect(winchester).toHaveLength(3);
    for (const row of winchester) {
      expect(row.subject_key).toMatch(/^s_[0-9a-f]{32}$/);
      expect(row.place_key).toMatch(/^p_[0-9a-f]{32}$/);
      expect({ victim_name: row.victim_name, victim_dob: row.victim_dob, address: row.address, postcode: row.postcode }).toEqual({ victim_name: null, victim_dob: null, address: null, postcode: null });
    }
    expect(havant.map((r) => r.victim_name)).toEqual(['William Smith', 'OBRIEN, Margaret', 'Zoe Muller', 'John Smith', 'Jane Smith']);
  });

  it('links the same person across partners despite short forms, spelling, accents, case and spacing', () => {
    const [w1, w2, w3] = winchester;
    const [h1, h2, h3] = havant;
    expect(h1.subject_key).toBe(w1.subject_key); // Bill Smyth = William Smith
    expect(h2.subject_key).toBe(w2.subject_key); // Peggy O'Brien = "OBRIEN, Margaret"
    expect(h3.subject_key).toBe(w3.subject_key); // ZOË  MÜLLER = Zoe Muller
    expect(h1.place_key).toBe(w1.place_key); // 14 High St, so239lj = "14, HIGH STREET", SO23 9LJ
    expect(h2.place_key).toBe(w2.place_key); // Flat 2, 9 Jewry Street = Flat 2 9 Jewry St
  });

  it('links no two different people or dwellings', () => {
    const people = new Set([...winchester, ...havant].map((r) => r.subject_key));
    expect(people.size).toBe(5); // three linked pairs become three, plus John and Jane Smith
    const h = havant;
    expect(new Set([h[0].place_key, h[3].place_key, h[4].place_key]).size).toBe(3); // 14, 16 and Flat 1/14 High Street
  });

  it('lists the linked people as cross-partner repeat victims, and not the namesakes', async () => {
    for (const slug of ['wcc-private-cases', 'hbc-cases']) {
      await createGrant(hub, await datasetRow(hub, slug), { organisation: 'opcc', level: AccessLevel.Record, areas: ['E07000094', 'E07000090'] });
    }
    const { token } = await signedInUser(hub, { organisation: 'opcc' });
    const res = await hub.http().get('/api/analytics/repeat-victims?since=2026-01-01&until=2026-12-31').auth(token, { type: 'bearer' });
    expect(res.status).toBe(200);
    const listed = res.body.list.items.map((i: { key: string; partners: number; incidents: number }) => [i.key, i.partners, i.incidents]);
    expect(listed.sort()).toEqual(winchester.map((w) => [w.subject_key, 2, 2]).sort());
  });

  it('shows a partner only its own raw details for a linked person', async () => {
    const { token } = await signedInUser(hub, { organisation: 'havant' });
    const res = await hub.http().get(`/api/analytics/subjects/${winchester[0].subject_key}`).auth(token, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body.datasets.map((d: { slug: string }) => d.slug)).toEqual(['hbc-cases']);
    expect(res.body.datasets[0].rows.map((r: { case_ref: string; victim_name: string }) => [r.case_ref, r.victim_name])).toEqual([['H1', 'William Smith']]);
    expect(res.text).not.toContain('W1');
  });

  it('keeps the hub secret out of DuckDB and PostgreSQL, and Winchester’s raw identifiers out of DuckDB', async () => {
    const secret = hub.config.analytics.matchingKey;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const store = hub.app.get(AnalyticsStore);
    const columns = await store.all<{ schema_name: string; table_name: string; column_name: string }>(
      `SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' AND NOT internal`,
    );
    expect(columns.some((c) => c.table_name === 'ds_wcc_private_cases' || c.table_name.includes('wcc_private'))).toBe(true);
    const found: string[] = [];
    for (const c of columns) {
      const column = `"${c.schema_name}"."${c.table_name}"."${c.column_name}"`;
      for (const needle of [secret, ...WINCHESTER_ONLY]) {
        const [hit] = await store.all<{ n: bigint }>(
          `SELECT count(*) AS n FROM "${c.schema_name}"."${c.table_name}" WHERE strpos("${c.column_name}", $1) > 0`,
          [needle],
        );
        if (Number(hit.n) > 0) found.push(`${needle === secret ? 'MATCHING_KEY' : needle} in ${column}`);
      }
    }
    expect(found).toEqual([]);

    const pgColumns: { table_name: string; column_name: string }[] = await hub.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb')`,
    );
    expect(pgColumns.length).toBeGreaterThan(10);
    const inPostgres: string[] = [];
    for (const c of pgColumns) {
      const [{ n }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE strpos("${c.column_name}"::text, $1) > 0`, [secret]);
      if (n > 0) inPostgres.push(`${c.table_name}.${c.column_name}`);
    }
    expect(inPostgres).toEqual([]);
  });
});

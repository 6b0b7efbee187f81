import { AccessLevel } from '../../src/access/access-level.js';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { Role } from '../../src/auth/role.js';
import { LoadsService } from '../../src/ingest/loads.service.js';
import { LoadStatus } from '../../src/ingest/load-policy.js';
import type { Load } from '../../src/ingest/load.entity.js';
import { createGrant } from '../factories/grant.factory.js';
import { signedInUser } from '../factories/user.factory.js';
import { countRows, createMappedFeed, datasetRow, loadFile, operator, writeFixture } from '../ingest/ingest-helpers.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

const WINCHESTER = 'E07000094';
const HAVANT = 'E07000090';
const BASIS = 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)';

/** Winchester writes a full name; Havant and Portsmouth write given and family names apart. */
const FULL_NAME = {
  dateFormat: 'dd/MM/yyyy',
  columns: [
    { source: 'Ref', name: 'case_ref', required: true },
    { source: 'Incident', name: 'incident_date', type: 'date' },
    { source: 'Type', name: 'source_category', dimension: true },
    { source: 'District', name: 'district', dimension: true },
    { source: 'Name', name: 'victim_name', personal: true },
    { source: 'DOB', name: 'victim_dob', type: 'date', personal: true },
  ],
  monthFrom: 'incident_date',
  category: { from: 'source_category', map: { Noise: 'Nuisance', Harassment: 'Personal' } },
  area: { district: 'district' },
  key: 'case_ref',
  identifiers: { person: { fullName: 'victim_name', dateOfBirth: 'victim_dob' } },
};
const SPLIT_NAME = {
  ...FULL_NAME,
  columns: [
    ...FULL_NAME.columns.slice(0, 4),
    { source: 'Forename', name: 'victim_given_name', personal: true },
    { source: 'Surname', name: 'victim_family_name', personal: true },
    { source: 'DOB', name: 'victim_dob', type: 'date', personal: true },
  ],
  identifiers: { person: { givenName: 'victim_given_name', familyName: 'victim_family_name', dateOfBirth: 'victim_dob' } },
};
const dataset = (slug: string, owner: string) => ({ policy: 'upsert-by-key', dataset: { slug, title: `Cases ${slug}`, kind: 'partner_asb', sensitivity: 'OFFICIAL-SENSITIVE', lawfulBasis: BASIS, ownerOrganisation: owner } });

const WCC_V1 = ['Ref,Incident,Type,District,Name,DOB', 'W1,05/03/2026,Noise,Winchester,John Smith,07/03/1984', 'W2,10/04/2026,Noise,Winchester,"O\'Brien, Margaret",01/02/1950', 'W3,20/05/2026,Noise,Winchester,Margaret OBrien,02/02/1960'];
/** The next export: W2 updated (the earlier version goes to the archive) and a new case. */
const WCC_V2 = ['Ref,Incident,Type,District,Name,DOB', 'W2,10/04/2026,Harassment,Winchester,"O\'Brien, Margaret",01/02/1950', 'W4,01/06/2026,Noise,Winchester,Ann Jones,03/03/1970'];
const HBC = [
  'Ref,Incident,Type,District,Forename,Surname,DOB',
  'H1,01/04/2026,Noise,Havant,  MARGARET ,o\'brien,1950-02-01',
  'H2,02/05/2026,Noise,Havant,Peggy,OBrien,1950-02-01',
  'H3,03/05/2026,Noise,Portsmouth,Margaret,OBrien,1950-02-01',
  'H4,04/05/2026,Noise,Havant,Jane,Smith,1950-02-01',
].map((l) => l.replace('1950-02-01', '01/02/1950'));
const PCC = ['Ref,Incident,Type,District,Forename,Surname,DOB', 'P1,01/04/2026,Noise,Portsmouth,Margaret,OBrien,01/02/1950'];

interface Found {
  hits: number;
  datasets: { dataset: string; owned: boolean; checked: string[]; records: { loadId: string; sourceRow: number; file: string; matchedBy: string[]; values: Record<string, unknown> }[] }[];
}

/**
 * Subject access across partners: a Winchester data owner searches its own cases and Havant's (an
 * identifiable grant over Havant) for one person, tolerant of case, spacing, punctuation and name
 * order; never sees Havant's rows outside Havant, nor Portsmouth's dataset (aggregate grant only);
 * exports; erases its own record with a reason, and the record stays erased when the same file is
 * loaded again. Every search and refusal is audited without the terms.
 */
describe('subject access and erasure', () => {
  let hub: TestHub;
  let etl: AuthUser;
  let owner: { token: string };
  let v1: Load;
  let v2: Load;
  let v2File: string;
  const search = (token: string, body: Record<string, string>) => hub.http().post('/api/subject-access/search').auth(token, { type: 'bearer' }).send(body);

  beforeAll(async () => {
    hub = await createTestHub();
    etl = (await operator(hub)).user;
    await createMappedFeed(hub, etl, 'wcc-sar', FULL_NAME, dataset('wcc-sar-cases', 'winchester'));
    await createMappedFeed(hub, etl, 'hbc-sar', SPLIT_NAME, dataset('hbc-sar-cases', 'havant'));
    await createMappedFeed(hub, etl, 'pcc-sar', SPLIT_NAME, dataset('pcc-sar-cases', 'portsmouth'));
    v1 = await loadFile(hub, 'wcc-sar', writeFixture(hub, 'wcc-v1.csv', WCC_V1.join('\n') + '\n'), etl);
    v2File = writeFixture(hub, 'wcc-v2.csv', WCC_V2.join('\n') + '\n');
    v2 = await loadFile(hub, 'wcc-sar', v2File, etl);
    for (const [feed, rows] of [['hbc-sar', HBC], ['pcc-sar', PCC]] as const) {
      const load = await loadFile(hub, feed, writeFixture(hub, `${feed}.csv`, rows.join('\n') + '\n'), etl);
      expect([feed, load.status, load.error]).toEqual([feed, LoadStatus.Succeeded, null]);
    }
    expect([v1.status, v2.status, v2.rowsReplaced]).toEqual([LoadStatus.Succeeded, LoadStatus.Succeeded, 1]);
    await createGrant(hub, await datasetRow(hub, 'hbc-sar-cases'), { organisation: 'winchester', level: AccessLevel.Identifiable, areas: [HAVANT] });
    await createGrant(hub, await datasetRow(hub, 'pcc-sar-cases'), { organisation: 'winchester', level: AccessLevel.Aggregate, areas: [WINCHESTER, HAVANT, 'E06000044'] });
    owner = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'winchester' });
  });
  afterAll(() => hub?.close());

  it('finds a person across two partners, by name in any form and date of birth, with source and load', async () => {
    const res = await search(owner.token, { name: '  O’BRIEN   margaret ', dateOfBirth: '01/02/1950' }).expect(200);
    const body = res.body as Found;
    expect(body.datasets.map((d) => [d.dataset, d.owned, d.checked])).toEqual([
      ['hbc-sar-cases', false, ['name', 'dateOfBirth']],
      ['wcc-sar-cases', true, ['name', 'dateOfBirth']],
    ]);
    const [hbc, wcc] = body.datasets;
    // H1 differs in case, spacing and punctuation; H2 (Peggy) only through the subject key; H3 lies outside the grant's area; H4 is someone else.
    expect(hbc.records.map((r) => [r.values.case_ref, r.matchedBy])).toEqual([
      ['H1', ['name', 'dateOfBirth', 'subjectKey']],
      ['H2', ['dateOfBirth', 'subjectKey']],
    ]);
    expect(wcc.records.map((r) => [r.values.case_ref, r.values.victim_name, r.values.source_category])).toEqual([['W2', "O'Brien, Margaret", 'Harassment']]);
    expect(wcc.records[0]).toMatchObject({ loadId: v2.id, sourceRow: 1, file: 'wcc-v2.csv' });
    expect(body.hits).toBe(3);
  });

  it('finds by reference alone, ignoring case and punctuation', async () => {
    const body = (await search(owner.token, { reference: 'w-3' }).expect(200)).body as Found;
    expect(body.datasets.flatMap((d) => d.records.map((r) => r.values.case_ref))).toEqual(['W3']);
    expect(body.datasets.find((d) => d.dataset === 'hbc-sar-cases')!.checked).toEqual(['reference']);
  });

  it('refuses aggregate-only users and users without the permission, and bad terms, clearly', async () => {
    const aggregateOnly = await signedInUser(hub, { roles: [Role.DataOwner], organisation: 'eastleigh' });
    await createGrant(hub, await datasetRow(hub, 'wcc-sar-cases'), { organisation: 'eastleigh', level: AccessLevel.Aggregate, areas: [WINCHESTER] });
    const refused = await search(aggregateOnly.token, { name: 'Margaret OBrien' }).expect(403);
    expect(refused.body.error.code).toBe('no_identifiable_access');
    const analyst = await signedInUser(hub, { roles: [Role.Analyst], organisation: 'winchester' });
    await search(analyst.token, { name: 'Margaret OBrien' }).expect(403);
    expect((await search(owner.token, { name: 'Margaret' }).expect(400)).body.error.message).toMatch(/full name/);
    expect((await search(owner.token, { name: 'Margaret OBrien', dateOfBirth: '31/02/1950' }).expect(400)).body.error.message).toMatch(/not a date of birth/);
    const [entry] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'subject_access.refused' AND actor_id = $1`, [aggregateOnly.user.id]);
    expect(entry.details).toMatchObject({ terms: ['name'], reason: 'no_identifiable_access' });
  });

  it('exports the records as CSV and JSON', async () => {
    const terms = { name: 'Margaret OBrien', dateOfBirth: '1950-02-01' };
    const csv = await hub.http().post('/api/subject-access/export.csv').auth(owner.token, { type: 'bearer' }).send(terms).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('Record,Dataset,Dataset title,Partner,Load,File,Loaded at,Row in file,Matched by,Field,Value');
    const w2 = lines.filter((l) => l.includes(',wcc-sar-cases,') && l.endsWith(',W2'));
    expect(w2).toHaveLength(1);
    expect(w2[0]).toContain(`,${v2.id},wcc-v2.csv,`);
    const json = await hub.http().post('/api/subject-access/export.json').auth(owner.token, { type: 'bearer' }).send(terms).expect(200);
    const parsed = JSON.parse(json.text) as Found;
    expect(parsed.hits).toBe(3);
    expect(parsed.datasets.map((d) => d.dataset)).toEqual(['hbc-sar-cases', 'wcc-sar-cases']);
  });

  it('audits every search with its hits and a hash of the terms, never the terms', async () => {
    const rows: { action: string; details: Record<string, unknown> }[] = await hub.dataSource.query(
      `SELECT action, details FROM audit_log WHERE action IN ('subject_access.searched', 'subject_access.exported') ORDER BY id`,
    );
    expect(rows.map((r) => [r.action, r.details.hits, r.details.format ?? null])).toEqual([
      ['subject_access.searched', 3, null],
      ['subject_access.searched', 1, null],
      ['subject_access.exported', 3, 'csv'],
      ['subject_access.exported', 3, 'json'],
    ]);
    expect(rows[0].details).toMatchObject({ terms: ['name', 'dateOfBirth'], datasets: [{ slug: 'hbc-sar-cases', hits: 2 }, { slug: 'wcc-sar-cases', hits: 1 }] });
    expect(rows[0].details.termsHash).toBe(rows[2].details.termsHash);
    expect(JSON.stringify(rows)).not.toMatch(/brien|margaret|1950|w-?3/i);
  });

  it('erases an owned record with a reason, every version of it, and keeps it out when the same file is loaded again', async () => {
    const found = (await search(owner.token, { name: 'Margaret OBrien', dateOfBirth: '01/02/1950' }).expect(200)).body as Found;
    const mine = found.datasets.find((d) => d.dataset === 'wcc-sar-cases')!.records[0];
    const theirs = found.datasets.find((d) => d.dataset === 'hbc-sar-cases')!.records[0];
    const erase = (body: Record<string, unknown>) => hub.http().post('/api/subject-access/erasures').auth(owner.token, { type: 'bearer' }).send(body);
    const ref = { loadId: mine.loadId, sourceRow: mine.sourceRow };
    expect((await erase({ dataset: 'wcc-sar-cases', records: [ref] }).expect(400)).body.error.message).toMatch(/reason/);
    expect((await erase({ dataset: 'hbc-sar-cases', records: [{ loadId: theirs.loadId, sourceRow: theirs.sourceRow }], reason: 'Article 17 request upheld' }).expect(403)).body.error.code).toBe('not_the_owner');
    expect((await erase({ dataset: 'wcc-sar-cases', records: [{ ...ref, sourceRow: 99 }], reason: 'Article 17 request upheld' }).expect(400)).body.error.code).toBe('record_not_found');

    const done = await erase({ dataset: 'wcc-sar-cases', records: [ref], reason: 'Article 17 request upheld; no overriding ground' }).expect(201);
    expect(done.body).toMatchObject({ dataset: 'wcc-sar-cases', records: 1, rowsDeleted: 1, archivedRowsDeleted: 1 });
    expect(await countRows(hub, 'wcc-sar-cases', `case_ref = 'W2'`)).toBe(0);
    expect((await datasetRow(hub, 'wcc-sar-cases')).rowCount).toBe(3);
    const [audit] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'subject_access.erased'`);
    expect(audit.details).toMatchObject({ dataset: 'wcc-sar-cases', records: 1, rowsDeleted: 1, archivedRowsDeleted: 1, reason: 'Article 17 request upheld; no overriding ground', naturalKey: ['case_ref'] });
    const [register] = await hub.dataSource.query(`SELECT key_hash FROM erased_records`);
    expect(register.key_hash).toMatch(/^[0-9a-f]{64}$/);

    // Rolling back the load that replaced it restores nothing of it; loading the same file again skips it.
    await hub.app.get(LoadsService).rollback(null, v2.id, null);
    expect(await countRows(hub, 'wcc-sar-cases', `case_ref = 'W2'`)).toBe(0);
    const again = await loadFile(hub, 'wcc-sar', v2File, etl);
    expect([again.status, again.rowsRead, again.rowsLoaded, again.rowsErased, again.rowsRejected]).toEqual([LoadStatus.Succeeded, 2, 1, 1, 0]);
    expect(await countRows(hub, 'wcc-sar-cases', `case_ref = 'W2'`)).toBe(0);
    expect(await countRows(hub, 'wcc-sar-cases')).toBe(3);
    const [loaded] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'load.succeeded' AND target_id = $1`, [again.id]);
    expect(loaded.details.rowsErased).toBe(1);
    const after = (await search(owner.token, { name: 'Margaret OBrien', dateOfBirth: '01/02/1950' }).expect(200)).body as Found;
    expect(after.datasets.find((d) => d.dataset === 'wcc-sar-cases')!.records).toEqual([]);
  });
});

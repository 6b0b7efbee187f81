import { LoadStatus } from '../../src/ingest/load-policy.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';
import { CASES_HEADER, caseMapping, countRows, createMappedFeed, loadFile, operator, STREET_HEADER, streetRow, tableRows, writeFixture } from './ingest-helpers.js';

/** Values are checked against their column's vocabulary in the load's own validation: outside it, a row is rejected with a reason. */
describe('vocabularies', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub?.close());

  const rejectsOf = async (id: string) => (await hub.http().get(`/api/loads/${id}/rejects`).set('Authorization', `Bearer ${(await operator(hub)).token}`)).text;

  it('rejects a police.uk row whose crime type or outcome is not a police.uk one, and loads the rest', async () => {
    const outcome = (line: string, value: string) => line.replace(/,Under investigation,/, `,${value},`);
    const file = writeFixture(
      hub,
      '2031-03-hampshire-street.csv',
      [
        STREET_HEADER,
        streetRow({ month: '2031-03' }),
        streetRow({ month: '2031-03', type: 'Not a crime type' }),
        streetRow({ month: '2031-03', type: 'burglary' }),
        outcome(streetRow({ month: '2031-03', type: 'Burglary' }), 'Sent to the moon'),
        streetRow({ month: '2031-03', type: 'Violence and sexual offences' }),
      ].join('\n'),
    );
    const load = await loadFile(hub, 'police-uk-street', file);
    expect(load.status).toBe(LoadStatus.Succeeded);
    expect([load.rowsRead, load.rowsLoaded, load.rowsRejected]).toEqual([5, 3, 2]);
    const rows = await tableRows(hub, 'police-uk-street', '_load_id = $1', [load.id]);
    // Stored as the vocabulary spells it: "burglary" is Burglary.
    expect(rows.map((r) => r.category).sort()).toEqual(['Anti-social behaviour', 'Burglary', 'Violence and sexual offences']);
    expect(await countRows(hub, 'police-uk-street', `category = 'Not a crime type'`)).toBe(0);
    const rejects = await rejectsOf(load.id);
    expect(rejects).toContain('2,,"Crime type ""Not a crime type"" is not a police.uk crime type"');
    expect(rejects).toContain('4,,"Last outcome category ""Sent to the moon"" is not a police.uk outcome category"');
    // The report shows what the file said, not the empty value the check produced.
    expect(rejects).toMatch(/"Crime type"":""Not a crime type""/);
  });

  it("holds a council column to the feed's declared values, through its declared other spellings", async () => {
    const { user } = await operator(hub);
    const mapping = caseMapping({
      columns: [
        { source: 'Case Ref', name: 'case_ref' },
        { source: 'Date', name: 'incident_date', type: 'date' },
        { source: 'Type', name: 'source_category', dimension: true, values: ['Noise', 'Graffiti'], valueMap: { 'Loud music': 'Noise' } },
        { source: 'District', name: 'district', dimension: true },
        { source: 'Notes', name: 'notes' },
      ],
      category: { from: 'source_category', map: { Noise: 'Nuisance', Graffiti: 'Environmental' } },
    });
    await createMappedFeed(hub, user, 'vocab-council', mapping);
    const file = writeFixture(
      hub,
      'vocab-council.csv',
      [CASES_HEADER, 'W1,03/03/2031,Noise,Winchester,', 'W2,04/03/2031,LOUD MUSIC,Winchester,', 'W3,05/03/2031,Dragons,Winchester,', 'W4,06/03/2031,graffiti,Winchester,'].join('\n'),
    );
    const load = await loadFile(hub, 'vocab-council', file);
    expect([load.status, load.rowsLoaded, load.rowsRejected]).toEqual([LoadStatus.Succeeded, 3, 1]);
    const rows = await tableRows(hub, 'vocab-council-cases', '_load_id = $1', [load.id]);
    expect(rows.map((r) => [r.case_ref, r.source_category, r.category])).toEqual([
      ['W1', 'Noise', 'Nuisance'],
      ['W2', 'Noise', 'Nuisance'],
      ['W4', 'Graffiti', 'Environmental'],
    ]);
    expect(await rejectsOf(load.id)).toContain('3,,"Type ""Dragons"" is not one of the values declared for Type"');
  });

  it('refuses a mapping whose other spellings point outside its values, or that lists values for a date', async () => {
    const { user } = await operator(hub);
    const bad = caseMapping({ columns: [...caseMapping().columns.filter((c) => c.name !== 'source_category'), { source: 'Type', name: 'source_category', values: ['Noise'], valueMap: { Loud: 'Music' } }] });
    await expect(createMappedFeed(hub, user, 'vocab-bad', bad)).rejects.toThrow(/valueMap sends "Loud" to "Music", which is not in its values/);
    const onDate = caseMapping({ columns: caseMapping().columns.map((c) => (c.name === 'incident_date' ? { ...c, values: ['x'] } : c)) });
    await expect(createMappedFeed(hub, user, 'vocab-date', onDate)).rejects.toThrow(/values and valueMap are for text columns/);
  });
});

import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnSpec } from '../../domain/dataset-schema.js';
import { parseFeedMapping } from '../../etl/mapping.js';
import { identifierRoles, matchedBy, normaliseTerms, SearchTermsError, subjectSearchSql } from './subject-search.js';

const col = (name: string, personal = true, type: ColumnSpec['type'] = 'text'): ColumnSpec => ({ name, type, label: name, personal, dimension: false });
const TODAY = new Date('2026-12-01T00:00:00Z');

describe('normaliseTerms', () => {
  it('folds names, reads UK and ISO dates, and keeps references to letters and digits', () => {
    expect(normaliseTerms({ name: "  Mrs ZOË  O'Brien-Smith ", dateOfBirth: '7/3/1984', reference: ' cr/2024-001 ' }, TODAY)).toEqual({
      nameTokens: ['zoe', 'obrien', 'smith'],
      dateOfBirth: '1984-03-07',
      reference: 'cr2024001',
    });
    expect(normaliseTerms({ dateOfBirth: '1984-03-07' }, TODAY).dateOfBirth).toBe('1984-03-07');
  });

  it('refuses empty, one-word-only and impossible terms with a reason', () => {
    expect(() => normaliseTerms({}, TODAY)).toThrow(SearchTermsError);
    expect(() => normaliseTerms({ name: 'Smith' }, TODAY)).toThrow(/full name/);
    expect(() => normaliseTerms({ name: '!!!' }, TODAY)).toThrow(/no letters/);
    expect(() => normaliseTerms({ name: 'A B', dateOfBirth: '29/02/2023' }, TODAY)).toThrow(/not a date of birth/);
    expect(() => normaliseTerms({ name: 'A B', dateOfBirth: '01/01/2030' }, TODAY)).toThrow(/future/);
  });
});

describe('identifierRoles', () => {
  const columns = [col('case_ref', false), col('victim_given_name'), col('victim_family_name'), col('victim_dob', true, 'date'), col('address'), col('subject_key', false)];

  it("takes the feed's marked identifier columns and its key as the reference", () => {
    const mapping = parseFeedMapping({
      columns: [
        { source: 'Ref', name: 'case_ref' },
        { source: 'F', name: 'victim_given_name', personal: true },
        { source: 'S', name: 'victim_family_name', personal: true },
        { source: 'D', name: 'victim_dob', type: 'date', personal: true },
        { source: 'A', name: 'address', personal: true },
      ],
      key: 'case_ref',
      identifiers: { person: { givenName: 'victim_given_name', familyName: 'victim_family_name', dateOfBirth: 'victim_dob' } },
    });
    expect(identifierRoles(columns, [mapping])).toEqual({ names: [['victim_given_name', 'victim_family_name']], datesOfBirth: ['victim_dob'], references: ['case_ref'], subjectKey: true });
  });

  it('falls back on personal columns named like names and dates of birth', () => {
    expect(identifierRoles([col('reference', false), col('surname'), col('forename'), col('date_of_birth', true, 'date'), col('address')], [null])).toEqual({
      names: [['surname', 'forename']],
      datesOfBirth: ['date_of_birth'],
      references: ['reference'],
      subjectKey: false,
    });
  });
});

describe('subjectSearchSql', () => {
  it('matches names in any order, case and punctuation, each term the dataset holds, inside the scope', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await c.run(`CREATE TABLE t (case_ref VARCHAR, full_name VARCHAR, dob DATE, district_code VARCHAR, _load_id VARCHAR, _source_row BIGINT)`);
      await c.run(`INSERT INTO t VALUES
        ('A-1', 'O''BRIEN,  Margaret', DATE '1950-02-01', 'E07000094', 'l', 1),
        ('A-2', 'Margaret Ann OBrien', DATE '1950-02-01', 'E07000094', 'l', 2),
        ('A-3', 'Margaret OBrien', DATE '1960-02-01', 'E07000094', 'l', 3),
        ('A-4', 'Margaret OBrien', DATE '1950-02-01', 'E07000090', 'l', 4),
        ('A-5', 'Ærin Brien', NULL, 'E07000094', 'l', 5)`);
      const columns = [col('case_ref', false), col('full_name'), col('dob', true, 'date'), col('district_code', false)];
      const roles = { names: [['full_name']], datesOfBirth: ['dob'], references: ['case_ref'], subjectKey: false };
      const scope = { level: 'identifiable' as never, areas: { all: false as const, codes: ['E07000094'], unplaced: false }, columns, suppress: false };
      const run = async (terms: Parameters<typeof normaliseTerms>[0]) => {
        const built = subjectSearchSql('t', scope, roles, normaliseTerms(terms, TODAY), [])!;
        return (await c.runAndReadAll(built.sql, built.params)).getRowObjectsJS().map((r) => [r.case_ref, matchedBy(r)]);
      };
      expect(await run({ name: 'margaret o’brien', dateOfBirth: '01/02/1950' })).toEqual([
        ['A-1', ['name', 'dateOfBirth']],
        ['A-2', ['name', 'dateOfBirth']],
      ]);
      expect(await run({ name: 'aerin brien' })).toEqual([['A-5', ['name']]]);
      expect(await run({ reference: 'a3' })).toEqual([['A-3', ['reference']]]);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});

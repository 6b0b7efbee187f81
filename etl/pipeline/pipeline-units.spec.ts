import { recognisePoliceHeader, policePlan } from '../adapters/police-uk.js';
import { mappedPlan } from '../adapters/delimited.js';
import { parseFeedMapping, strptimeFormat } from '../mapping.js';
import { looksBinary } from './inspect-file.js';
import { PlanError } from './plan.js';
import { delimiterHint } from './prepare-source.js';
import { ident, literal, SqlParams } from './sql-params.js';
import { checkedRowsSql, transformSql } from './transform-sql.js';
import { formatDate } from './xlsx-to-csv.js';

const STREET = ['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context'];

describe('police.uk headers', () => {
  it('recognises each format from its header, in any order, with a BOM', () => {
    expect(recognisePoliceHeader(['\uFEFFCrime ID', ...STREET.slice(1)])).toBe('police-uk-street');
    expect(recognisePoliceHeader([...STREET].reverse())).toBe('police-uk-street');
    expect(recognisePoliceHeader(STREET.slice(0, 9).concat('Outcome type'))).toBe('police-uk-outcomes');
    expect(recognisePoliceHeader(STREET.slice(1))).toBeNull();
  });

  it('names missing and unknown columns', () => {
    expect(() => policePlan('police-uk-street', [...STREET.slice(1), 'Officer'])).toThrow(/Missing columns: Crime ID\. Unknown columns: Officer/);
  });
});

describe('mappings', () => {
  const mapping = parseFeedMapping({
    columns: [
      { source: 'Ref', name: 'case_ref' },
      { source: 'When', name: 'incident_date', type: 'date' },
    ],
    monthFrom: 'incident_date',
  });

  it('defaults to dd/MM/yyyy and converts patterns for strptime without guessing', () => {
    expect(mapping.dateFormat).toBe('dd/MM/yyyy');
    expect(strptimeFormat('dd/MM/yyyy')).toBe('%d/%m/%Y');
    expect(strptimeFormat('MM/dd/yyyy HH:mm')).toBe('%m/%d/%Y %H:%M');
  });

  it('rejects patterns with anything but date tokens and separators (no SQL can get in)', () => {
    expect(() => parseFeedMapping({ ...mapping, dateFormat: "dd/MM/yyyy'); DROP" })).toThrow(/dateFormat/);
  });

  it('requires unknown header columns to be mapped or ignored', () => {
    expect(() => mappedPlan(mapping, ['Ref', 'When', 'Secret'])).toThrow(PlanError);
    expect(() => mappedPlan(mapping, ['Ref', 'When', 'Secret'])).toThrow(/not in the mapping.*Secret/);
    expect(mappedPlan({ ...mapping, ignore: ['Secret'] }, ['Ref', 'When', 'Secret']).fields.map((f) => f.sourceIndex)).toEqual([0, 1]);
  });

  it('refuses column names reserved for the common dimensions', () => {
    const bad = parseFeedMapping({ columns: [{ source: 'District', name: 'district_code' }] });
    expect(() => mappedPlan(bad, ['District'])).toThrow(/reserved/);
  });

  it('wants identifier columns marked personal', () => {
    expect(() =>
      parseFeedMapping({ columns: [{ source: 'Name', name: 'victim_name' }, { source: 'DOB', name: 'dob', type: 'date', personal: true }], identifiers: { person: { fullName: 'victim_name', dateOfBirth: 'dob' } } }),
    ).toThrow(/must be marked personal/);
  });
});

describe('SQL building', () => {
  it('binds header text and labels as parameters, never in the SQL', () => {
    const m = parseFeedMapping({ columns: [{ source: "O'Brien; DROP TABLE x", name: 'case_ref', required: true }] });
    const plan = mappedPlan(m, ["O'Brien; DROP TABLE x"]);
    const st = transformSql('xf', 'stg', plan);
    expect(st.sql).not.toContain('DROP TABLE');
    expect(st.params).toContain("O'Brien; DROP TABLE x is empty");
  });

  it('binds a value for every placeholder and no more, with or without the reasons', () => {
    const m = parseFeedMapping({
      columns: [
        { source: 'Ref', name: 'case_ref', required: true },
        { source: 'Date', name: 'reported', type: 'date' },
        { source: 'Type', name: 'source_category' },
      ],
      dateFormat: 'dd/MM/yyyy',
      monthFrom: 'reported',
      category: { from: 'source_category', map: { Noise: 'Nuisance' } },
    });
    const plan = mappedPlan(m, ['Ref', 'Date', 'Type']);
    for (const reasons of [true, false]) {
      const p = new SqlParams();
      const sql = checkedRowsSql('stg', plan, p, { reasons });
      const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((x) => Number(x[1])));
      expect(used).toEqual(new Set(p.values.map((_, i) => i + 1)));
      expect(sql.includes('_reasons')).toBe(reasons);
    }
  });

  it('numbers rows by their position in the pending file, never by a single-threaded window', () => {
    const plan = policePlan('police-uk-street', STREET);
    const sql = checkedRowsSql('/data/staging/x.parquet', plan, new SqlParams(), { reasons: false });
    expect(sql).toContain("SELECT file_row_number + 1 AS _row");
    expect(sql).toContain("read_parquet('/data/staging/x.parquet', file_row_number = true)");
    expect(sql).not.toContain('row_number()');
  });

  it('quotes only safe identifiers', () => {
    expect(ident('case_ref')).toBe('"case_ref"');
    expect(() => ident('a"b')).toThrow();
    expect(literal("it's")).toBe("'it''s'");
  });
});

describe('file checks', () => {
  it('tells text from binary', () => {
    expect(looksBinary(Buffer.from('a,b,c\r\n1,2,3\n'))).toBe(false);
    expect(looksBinary(Buffer.from([0x41, 0x00, 0x42]))).toBe(true);
  });

  it('suggests the delimiter a one-column header seems to use', () => {
    expect(delimiterHint(['a;b;c'], ',')).toMatch(/delimited by ";"/);
    expect(delimiterHint(['a', 'b'], ',')).toBe('');
  });

  it('writes spreadsheet dates in the feed pattern', () => {
    expect(formatDate(new Date(Date.UTC(2024, 1, 3)), 'dd/MM/yyyy')).toBe('03/02/2024');
    expect(formatDate(new Date(Date.UTC(2024, 1, 3, 9, 5)), 'yyyy-MM-dd HH:mm')).toBe('2024-02-03 09:05');
  });
});

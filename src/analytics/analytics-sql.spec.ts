import { type AnalyticsSource, keyEventsSql, lsoaHotspotsSql, monthlyCountsSql, repeatListSql, subjectRowsSql } from './analytics-sql.js';

const source = (over: Partial<AnalyticsSource> = {}): AnalyticsSource => ({
  table: 'ds_winchester_asb',
  slug: 'winchester-asb',
  partner: '00000000-0000-0000-0000-000000000001',
  areas: { all: false, codes: ['E07000094'], unplaced: false },
  columnNames: new Set(['month', 'incident_date', 'reported_date', 'subject_key']),
  ...over,
});
const RULE = { incidents: 3, windowDays: 182, partners: 2 };

describe('analytics SQL', () => {
  it('binds every value and never writes one into the SQL text', () => {
    const hostile = "s_' OR 1=1 --";
    const built = keyEventsSql([source()], 'subject_key', hostile);
    expect(built.sql).not.toContain(hostile);
    expect(built.params).toContain(hostile);
    expect(built.params).toContain('E07000094');
    expect(built.sql).not.toContain('E07000094');
  });

  it('applies the scope of every source: its areas, or nothing at all when it has none', () => {
    const none = repeatListSql([source({ areas: { all: false, codes: [], unplaced: false } })], 'subject_key', '2025-01-01', '2025-12-31', RULE, 10);
    expect(none.sql).toContain('FALSE');
    const all = lsoaHotspotsSql([source({ areas: { all: true } })], '2025-01-01', '2025-04-01', '2025-07-01', null);
    expect(all.sql).not.toContain('"district_code" IN');
  });

  it('refuses a table or column name that is not a plain identifier', () => {
    expect(() => monthlyCountsSql([source({ table: 'ds_x"; DROP TABLE y; --' })], '2025-01-01', '2025-12-01')).toThrow(/Refusing/);
    expect(() => subjectRowsSql(source(), [{ name: 'x" --', type: 'text', label: 'x', personal: false, dimension: false }], 's_0', 10)).toThrow(/Refusing/);
  });

  it('refuses a window or limit that is not a whole number', () => {
    expect(() => repeatListSql([source()], 'subject_key', '2025-01-01', '2025-12-31', { ...RULE, windowDays: 1.5 }, 10)).toThrow(/whole number/);
    expect(() => repeatListSql([source()], 'subject_key', '2025-01-01', '2025-12-31', RULE, -1)).toThrow(/whole number/);
  });

  it('uses the incident date, then the reported date, then the month', () => {
    expect(keyEventsSql([source()], 'subject_key', 's').sql).toContain('COALESCE(CAST("incident_date" AS DATE), CAST("reported_date" AS DATE), "month")');
    const housing = source({ columnNames: new Set(['month', 'reported_date', 'subject_key']) });
    expect(keyEventsSql([housing], 'subject_key', 's').sql).toContain('COALESCE(CAST("reported_date" AS DATE), "month")');
  });
});

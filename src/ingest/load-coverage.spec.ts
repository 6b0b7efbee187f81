import { monthInFileName } from './load-coverage.sql.js';

describe('monthInFileName', () => {
  it('finds the month police.uk and partners put in file names', () => {
    expect(monthInFileName('2024-01-hampshire-street.csv')).toBe('2024-01');
    expect(monthInFileName('asb_export_2025_11.csv')).toBe('2025-11');
    expect(monthInFileName('winchester-asb-2026-03-final.xlsx')).toBe('2026-03');
  });

  it('ignores names with no month, or with a number that is not one', () => {
    expect(monthInFileName('asb-cases.csv')).toBeNull();
    expect(monthInFileName('2024-13-street.csv')).toBeNull();
    expect(monthInFileName('export-12024-01.csv')).toBeNull();
    expect(monthInFileName('20240115.csv')).toBeNull();
  });
});

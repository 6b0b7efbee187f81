import { describe, expect, it } from '@jest/globals';
import { isBlank, isoOf, partsOf } from '../../client/src/data/date-parts.js';

describe('GOV.UK date input parts', () => {
  it('reads a real date, with or without leading zeros and spaces', () => {
    expect(isoOf({ day: '31', month: '3', year: '2027' })).toBe('2027-03-31');
    expect(isoOf({ day: ' 01 ', month: '04', year: '2026' })).toBe('2026-04-01');
    expect(isoOf({ day: '29', month: '2', year: '2028' })).toBe('2028-02-29');
  });

  it('refuses dates that do not exist, short years and text', () => {
    expect(isoOf({ day: '30', month: '2', year: '2026' })).toBeNull();
    expect(isoOf({ day: '29', month: '2', year: '2027' })).toBeNull();
    expect(isoOf({ day: '1', month: '13', year: '2026' })).toBeNull();
    expect(isoOf({ day: '1', month: '1', year: '26' })).toBeNull();
    expect(isoOf({ day: 'first', month: '1', year: '2026' })).toBeNull();
    expect(isoOf({ day: '', month: '1', year: '2026' })).toBeNull();
  });

  it('fills the boxes from YYYY-MM-DD and knows an untouched input', () => {
    expect(partsOf('2027-03-05')).toEqual({ day: '5', month: '3', year: '2027' });
    expect(isoOf(partsOf('2027-03-05'))).toBe('2027-03-05');
    expect(isBlank({ day: ' ', month: '', year: '' })).toBe(true);
    expect(isBlank({ day: '', month: '', year: '2027' })).toBe(false);
  });
});

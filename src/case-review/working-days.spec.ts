import { englandCalendar } from './working-days.js';

const cal = englandCalendar();

describe('England working days', () => {
  it('skips weekends', () => {
    expect(cal.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday → Monday
    expect(cal.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // Saturday → Monday
    expect(cal.addWorkingDays('2026-03-02', 10)).toBe('2026-03-16');
  });

  it('skips Easter: Good Friday and Easter Monday', () => {
    // Thursday 2 April 2026 + 1 is Tuesday 7 April (3rd Good Friday, 6th Easter Monday).
    expect(cal.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(cal.addWorkingDays('2026-03-27', 10)).toBe('2026-04-14');
  });

  it('skips Christmas, Boxing Day and the substitute day when Boxing Day falls on a Saturday', () => {
    // 2026: Christmas Friday, Boxing Day Saturday → substitute Monday 28th.
    expect(cal.isWorkingDay('2026-12-28')).toBe(false);
    expect(cal.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(cal.addWorkingDays('2026-12-18', 10)).toBe('2027-01-06'); // New Year's Day Friday 1st too
  });

  it('knows one-off and moved bank holidays (VE Day 2020, the 2023 coronation) and not observances', () => {
    expect(cal.isWorkingDay('2020-05-08')).toBe(false);
    expect(cal.isWorkingDay('2020-05-04')).toBe(true); // the usual early May Monday moved that year
    expect(cal.isWorkingDay('2023-05-08')).toBe(false);
    expect(cal.isWorkingDay('2026-03-16')).toBe(true); // the Monday after Mother's Day
  });

  it('uses England, not Scotland (2 January and St Andrew\'s Day are working days)', () => {
    expect(cal.isWorkingDay('2026-01-02')).toBe(true);
    expect(cal.isWorkingDay('2026-11-30')).toBe(true);
    expect(cal.isWorkingDay('2026-08-31')).toBe(false); // summer bank holiday, England's last Monday of August
  });

  it('counts working days between dates both ways', () => {
    expect(cal.workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
    expect(cal.workingDaysBetween('2026-04-07', '2026-04-02')).toBe(-1);
    expect(cal.workingDaysBetween('2026-03-02', cal.addWorkingDays('2026-03-02', 15))).toBe(15);
    expect(cal.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
  });

  it('refuses bad input', () => {
    expect(() => cal.addWorkingDays('2026-02-30', 1)).toThrow('Not a date');
    expect(() => cal.addWorkingDays('2026-02-01', -1)).toThrow('working days');
  });
});

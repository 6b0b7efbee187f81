import { assessTrigger, type Complaint } from './community-trigger.js';

const RULE = { complaints: 3, windowDays: 182, reportWithinDays: 31 };

/** A complaint reported `delay` days after an incident on `date`. */
function complaint(date: string, delay = 0): Complaint {
  const reported = new Date(Date.parse(`${date}T00:00:00Z`) + delay * 86_400_000).toISOString().slice(0, 10);
  return { incidentDate: date, reportedDate: reported };
}

function daysAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('assessTrigger', () => {
  it('2 complaints do not meet the threshold; 3 do', () => {
    expect(assessTrigger([complaint('2026-01-05'), complaint('2026-02-05')], RULE).met).toBe(false);
    const three = assessTrigger([complaint('2026-01-05'), complaint('2026-02-05'), complaint('2026-03-05')], RULE);
    expect(three).toEqual({ met: true, qualifying: 3, late: 0, bestWindow: { from: '2026-01-05', to: '2026-03-05', complaints: 3 } });
  });

  it('3 complaints 181 days apart are within six months; 183 days apart are not', () => {
    const start = '2026-01-10';
    const within = [complaint(start), complaint(daysAfter(start, 90)), complaint(daysAfter(start, 181))];
    const outside = [complaint(start), complaint(daysAfter(start, 90)), complaint(daysAfter(start, 183))];
    expect(assessTrigger(within, RULE).met).toBe(true);
    expect(assessTrigger(outside, RULE)).toMatchObject({ met: false, qualifying: 3, bestWindow: { complaints: 2 } });
  });

  it('counts a complaint only when reported within one month of the incident', () => {
    const onTime = [complaint('2026-01-05', 31), complaint('2026-02-05'), complaint('2026-03-05')];
    const late = [complaint('2026-01-05', 32), complaint('2026-02-05'), complaint('2026-03-05')];
    expect(assessTrigger(onTime, RULE).met).toBe(true);
    expect(assessTrigger(late, RULE)).toMatchObject({ met: false, qualifying: 2, late: 1 });
  });

  it('refuses a report dated before its incident', () => {
    expect(assessTrigger([complaint('2026-01-05', -1)], RULE)).toMatchObject({ qualifying: 0, late: 1, bestWindow: null });
  });

  it('finds the busiest window among scattered complaints, in any order', () => {
    const scattered = [complaint('2025-12-01'), complaint('2025-01-01'), complaint('2026-03-01'), complaint('2026-05-01'), complaint('2024-06-01')];
    expect(assessTrigger(scattered, RULE)).toMatchObject({ met: true, bestWindow: { from: '2025-12-01', to: '2026-05-01', complaints: 3 } });
  });

  it('follows a local threshold', () => {
    const three = [complaint('2026-01-05'), complaint('2026-02-05'), complaint('2026-03-05')];
    expect(assessTrigger(three, { ...RULE, complaints: 4 }).met).toBe(false);
    expect(assessTrigger(three, { ...RULE, windowDays: 30 }).met).toBe(false);
  });
});

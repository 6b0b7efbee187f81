/** One complaint about a subject or place, as the trigger rule sees it. */
export interface Complaint {
  /** ISO dates `yyyy-mm-dd`. */
  incidentDate: string;
  reportedDate: string;
}

export interface TriggerRule {
  /** Complaints needed (default 3). */
  complaints: number;
  /** The longest span, first to last complaint, in days (default 182: six months). */
  windowDays: number;
  /** A complaint counts only if reported within this many days of the incident (default 31: one month). */
  reportWithinDays: number;
}

export interface TriggerAssessment {
  met: boolean;
  /** Complaints reported within the allowed time of their incident. */
  qualifying: number;
  /** Complaints left out because they were reported too late (or before the incident). */
  late: number;
  /** The window with the most qualifying complaints: first and last report dates and how many. */
  bestWindow: { from: string; to: string; complaints: number } | null;
}

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  const t = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`Not a date: ${iso}`);
  return Math.round(t / DAY_MS);
}

/**
 * The ASB case review (Community Trigger) threshold: at least `complaints` complaints, each
 * reported within `reportWithinDays` of its incident, whose report dates span at most
 * `windowDays` days. 181 days apart is within six months; 183 is not.
 */
export function assessTrigger(complaints: readonly Complaint[], rule: TriggerRule): TriggerAssessment {
  const reported: number[] = [];
  let late = 0;
  for (const c of complaints) {
    const delay = dayNumber(c.reportedDate) - dayNumber(c.incidentDate);
    if (delay >= 0 && delay <= rule.reportWithinDays) reported.push(dayNumber(c.reportedDate));
    else late++;
  }
  reported.sort((a, b) => a - b);
  let best: { start: number; end: number; n: number } | null = null;
  for (let end = 0, start = 0; end < reported.length; end++) {
    while (reported[end] - reported[start] > rule.windowDays) start++;
    const n = end - start + 1;
    if (!best || n > best.n) best = { start: reported[start], end: reported[end], n };
  }
  const iso = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
  return {
    met: best !== null && best.n >= rule.complaints,
    qualifying: reported.length,
    late,
    bestWindow: best && { from: iso(best.start), to: iso(best.end), complaints: best.n },
  };
}

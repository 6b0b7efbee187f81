import { type CaseReview, CaseStatus } from './case-review.entity.js';

export type StepName = 'decide' | 'tell_applicant' | 'hold_review' | 'respond';

/** One step's deadline as of a day: due date, done date, and whether it is overdue or due soon. */
export interface StepDeadline {
  step: StepName;
  dueOn: string;
  doneOn: string | null;
  overdue: boolean;
  /** Working days left (0 on the day itself); negative when overdue. */
  workingDaysLeft: number;
}

type Calendar = { workingDaysBetween(from: string, to: string): number };

type CaseDates = Pick<CaseReview, 'status' | 'decision' | 'decideBy' | 'decidedOn' | 'applicantToldOn' | 'holdBy' | 'reviewHeldOn' | 'respondBy' | 'respondedOn'>;

/**
 * Every step's deadline so far. A step is overdue when it is not done and its due date has passed,
 * or when it was done after its due date (late stays visible).
 */
export function deadlinesOf(c: CaseDates, today: string, calendar: Calendar): StepDeadline[] {
  const steps: [StepName, string | null, string | null][] = [
    ['decide', c.decideBy, c.decidedOn],
    ['tell_applicant', c.decideBy, c.applicantToldOn],
    ['hold_review', c.decision === 'met' ? c.holdBy : null, c.reviewHeldOn],
    ['respond', c.respondBy, c.respondedOn],
  ];
  return steps
    .filter((s): s is [StepName, string, string | null] => s[1] !== null)
    .map(([step, dueOn, doneOn]) => ({
      step,
      dueOn,
      doneOn,
      overdue: doneOn ? doneOn > dueOn : today > dueOn,
      workingDaysLeft: doneOn ? 0 : calendar.workingDaysBetween(today, dueOn),
    }));
}

/** The steps still open (not done), earliest first; nothing once closed. */
export function openSteps(c: CaseDates, today: string, calendar: Calendar): StepDeadline[] {
  if (c.status === CaseStatus.Closed) return [];
  return deadlinesOf(c, today, calendar)
    .filter((d) => d.doneOn === null)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

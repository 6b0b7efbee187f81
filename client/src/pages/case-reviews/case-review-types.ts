/** Shapes of the case review API (src/case-review) that the screens read. */
export interface StepDeadline {
  step: 'decide' | 'tell_applicant' | 'hold_review' | 'respond';
  dueOn: string;
  doneOn: string | null;
  overdue: boolean;
  workingDaysLeft: number;
}

export interface CaseSummary {
  id: string;
  reference: string;
  districtCode: string;
  status: string;
  channel: string;
  receivedOn: string;
  decision: string | null;
  agencies: { slug: string; name: string }[];
  next: StepDeadline | null;
  overdue: boolean;
  member: boolean;
  chair: boolean;
}

export interface ThresholdReport {
  incidentDate: string;
  reportedDate: string;
  partnerId: string;
  dataset: string;
  districtCode: string | null;
  category: string | null;
  matchedBy: string;
  counts: boolean;
  reason: 'counted' | 'reported_late' | 'outside_window';
}

export interface ThresholdCheck {
  rule: { name: string; local: boolean; complaints: number; windowDays: number; reportWithinDays: number };
  assessment: { met: boolean; qualifying: number; late: number };
  reports: ThresholdReport[];
  partners: Record<string, string>;
  checkedAt: string;
}

export interface CaseDetail extends CaseSummary {
  deadlines: StepDeadline[];
  personal: {
    applicant: { name: string; dateOfBirth?: string; phone?: string; email?: string };
    onBehalfOf?: { name: string; relationship?: string };
    location: { address: string; postcode?: string; description?: string };
    incidents: { date: string; description: string }[];
    contact: { method: string; notes?: string };
  } | null;
  thresholdCheck: ThresholdCheck | null;
  decisionReasons: string | null;
  decidedOn: string | null;
  applicantToldOn: string | null;
  reviewHeldOn: string | null;
  outcome: string | null;
  respondedOn: string | null;
  appeal: { requestedOn: string | null; outcome: string | null; decidedOn: string | null };
  members: { userId: string; name: string; agency: { slug: string; name: string } | null; role: string }[];
  items: { id: string; kind: string; text: string; owner: { slug: string; name: string } | null; dueOn: string | null; doneOn: string | null; overdue: boolean }[];
}

export interface CasePack {
  reference: string;
  datasets: { slug: string; title: string; partner: { name: string } | null; until: string; columns: { name: string; label: string }[]; rows: Record<string, unknown>[] }[];
  pending: { requestId: string; dataset: string; partner: { name: string } | null }[];
}

export const STATUS_LABELS: Record<string, string> = {
  received: 'Received',
  threshold_not_met: 'Threshold not met',
  threshold_met: 'Threshold met',
  review_open: 'Review open',
  review_held: 'Review held',
  closed: 'Closed',
};

export const STEP_LABELS: Record<StepDeadline['step'], string> = {
  decide: 'Decide the threshold',
  tell_applicant: 'Tell the applicant',
  hold_review: 'Hold the review',
  respond: 'Tell the applicant the outcome',
};

export const REASON_LABELS: Record<ThresholdReport['reason'], string> = {
  counted: 'Counts',
  reported_late: 'Reported too late',
  outside_window: 'Outside the window',
};

/** Today as yyyy-mm-dd in the browser's time zone. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

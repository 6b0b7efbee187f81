import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { tooManyRequests } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { QuestionLedgerRepository, type LedgerUsage } from './question-ledger.repository.js';

/** What one question cost an organisation on one protected dataset, for the answer's meta. */
export interface BudgetState {
  /** Distinct questions the organisation has asked of the dataset today, this one included. */
  used: number;
  limit: number;
  /** When the count starts again (midnight, Europe/London). */
  renewsAt: string;
  /** False when the organisation had asked this question already today (nothing spent). */
  spent: boolean;
}

export interface UsageRow extends LedgerUsage {
  limit: number;
  /** Many questions of one shape: the pattern of averaging and differencing attacks. */
  flagged: boolean;
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/**
 * The daily question budget of aggregate-only access: each organisation may ask each protected
 * dataset so many distinct questions a day, whichever of its accounts asks. Asking a question again
 * (a dashboard reopened, a page refreshed) costs nothing. Perturbation already makes repeats and
 * overlapping questions worthless to an attacker (docs/disclosure-control.md); the budget bounds
 * how much can be asked at all and makes a patient attack visible to the IMB.
 */
@Injectable()
export class QuestionBudgetService {
  private prunedFor = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: QuestionLedgerRepository,
  ) {}

  /** Spends one question of `dataset`'s budget for the caller's organisation, or refuses with 429. */
  async spend(caller: AuthUser, dataset: { id: string; title: string; dailyQuestionBudget: number | null }, question: unknown, now = new Date()): Promise<BudgetState> {
    const day = londonDay(now);
    await this.pruneOnce(day);
    const limit = dataset.dailyQuestionBudget ?? this.config.disclosure.dailyQuestions;
    const fingerprint = sha256(JSON.stringify(question));
    const shape = sha256(JSON.stringify(shapeOf(question)));
    const { outcome, used } = await this.ledger.spend({ organisationId: caller.organisationId, datasetId: dataset.id, day, fingerprint, shape, userId: caller.id }, limit);
    const renewsAt = nextLondonMidnight(day).toISOString();
    if (outcome === 'refused') {
      throw tooManyRequests(
        'question_budget_spent',
        `Your organisation has asked ${limit} different questions of "${dataset.title}" today, the most its aggregate access allows. Questions already asked today still answer; new ones can be asked again from ${new Date(renewsAt).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' })}.`,
        { renewsAt, limit },
      );
    }
    return { used, limit, renewsAt, spent: outcome === 'new' };
  }

  /** Today's budget use per organisation and dataset, with the IMB's flag for attack-like patterns. */
  async usage(day = londonDay(new Date())): Promise<{ day: string; flagShare: number; rows: UsageRow[] }> {
    const rows = await this.ledger.usage(day);
    const share = this.config.disclosure.flagShare;
    const datasetLimits = await this.ledger.limits(rows.map((r) => r.datasetId));
    return {
      day,
      flagShare: share,
      rows: rows.map((r) => {
        const limit = datasetLimits.get(r.datasetId) ?? this.config.disclosure.dailyQuestions;
        return { ...r, limit, flagged: r.mostOfOneShape >= Math.max(20, Math.ceil(share * limit)) };
      }),
    };
  }

  private async pruneOnce(day: string): Promise<void> {
    if (this.prunedFor === day) return;
    this.prunedFor = day;
    // Yesterday's rows stay for the IMB's look back; anything older goes.
    await this.ledger.pruneBefore(londonDay(new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000)));
  }
}

/**
 * A question's shape: everything but the values it filters on and its time range. Many questions
 * of one shape in a day is how averaging and differencing attacks look.
 */
export function shapeOf(question: unknown): unknown {
  if (!question || typeof question !== 'object') return question;
  const q = question as Record<string, unknown>;
  const spec = (q.spec ?? {}) as Record<string, unknown>;
  const filters = Array.isArray(spec.filters) ? (spec.filters as { field: string; op: string }[]).map((f) => [f.field, f.op]) : [];
  return { dataset: spec.dataset, groups: spec.groups, measures: spec.measures, filters };
}

export function londonDay(at: Date): string {
  return LONDON_DAY.format(at);
}

/** The instant the London day after `day` begins. */
export function nextLondonMidnight(day: string): Date {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  for (const offsetHours of [0, 1, -1]) {
    const at = new Date(Date.parse(`${next}T00:00:00Z`) - offsetHours * 3_600_000);
    if (londonDay(at) === next && LONDON_HOUR.format(at) === '00') return at;
  }
  return new Date(Date.parse(`${next}T00:00:00Z`));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { NotificationKind } from '../governance/notification.entity.js';
import { NotificationsService } from '../governance/notifications.service.js';
import { CALENDAR, todayInEngland } from './case-calendar.js';
import { openSteps, type StepName } from './case-deadlines.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';

const STEP_WORDS: Record<StepName, string> = {
  decide: 'decide whether the threshold is met',
  tell_applicant: 'tell the applicant the decision',
  hold_review: 'hold the review',
  respond: 'tell the applicant the outcome',
};

/**
 * Reminders and overdue notices for case review deadlines, as one run-once method so that any
 * scheduler can call it (the cron job here, or a durable job queue later). Safe to repeat: each
 * notice is sent once per case, step and due date.
 */
@Injectable()
export class CaseDeadlineSweepService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CaseReviewsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async runOnce(now = new Date()): Promise<{ reminders: number; overdue: number }> {
    const today = todayInEngland(now);
    const all = await this.cases.list();
    const members = await this.cases.membersOf(all.map((c) => c.id));
    const items = await this.cases.itemsOf(all.map((c) => c.id));
    let reminders = 0;
    let overdue = 0;
    for (const c of all) {
      const people = [...new Set([c.recordedBy, ...members.filter((m) => m.caseReviewId === c.id).map((m) => m.userId)])];
      for (const step of openSteps(c, today, CALENDAR)) {
        const late = step.overdue;
        if (!late && step.workingDaysLeft > this.config.caseReview.remindWorkingDays) continue;
        const sent = await this.notifications.send(people, {
          kind: late ? NotificationKind.CaseReviewOverdue : NotificationKind.CaseReviewDue,
          title: late ? `Overdue: ASB case review ${c.reference}` : `Due soon: ASB case review ${c.reference}`,
          body: `${late ? 'It was due' : 'Due'} on ${step.dueOn}: ${STEP_WORDS[step.step]}.`,
          targetType: 'case_review',
          targetId: c.id,
          dedupeKey: `case-review-${late ? 'overdue' : 'due'}:${c.id}:${step.step}:${step.dueOn}`,
        });
        if (late) overdue += sent;
        else reminders += sent;
      }
      for (const item of items.filter((i) => i.caseReviewId === c.id && i.kind === 'action' && !i.doneOn && i.dueOn && i.dueOn < today)) {
        const owners = members.filter((m) => m.caseReviewId === c.id && (m.organisationId === item.ownerOrganisationId || m.role === 'chair')).map((m) => m.userId);
        overdue += await this.notifications.send(owners, {
          kind: NotificationKind.CaseReviewOverdue,
          title: `Overdue action: ASB case review ${c.reference}`,
          body: `Due on ${item.dueOn}.`,
          targetType: 'case_review',
          targetId: c.id,
          dedupeKey: `case-review-action:${item.id}:${item.dueOn}`,
        });
      }
    }
    return { reminders, overdue };
  }
}

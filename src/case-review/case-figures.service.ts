import { Inject, Injectable } from '@nestjs/common';
import { releaseCounts } from '../analytics/release.js';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { badRequest } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { toCsv } from '../governance/csv.js';
import { countFigures, MEASURES, periodOf } from './case-figures.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';

const HEADINGS = ['Applications received', 'Threshold not met', 'Reviews carried out', 'Reviews resulting in recommendations'];

/**
 * The statutory yearly figures per district: counts only, released through the hub's one
 * disclosure control (`releaseCounts`: small numbers withheld, secondary suppression, rounding),
 * since they are published.
 */
@Injectable()
export class CaseFiguresService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CaseReviewsRepository,
    private readonly audit: AuditService,
  ) {}

  async figures(caller: AuthUser, period: string, address: string | null) {
    const range = periodOf(period);
    if (!range) throw badRequest('period_invalid', 'Give a year like 2026, or a financial year like 2026-27.');
    const cases = await this.cases.receivedBetween(range.from, range.to);
    const items = await this.cases.itemsOf(cases.map((c) => c.id));
    const rows = countFigures(cases, items);
    const cells = rows.flatMap((r) => MEASURES.map((m) => ({ key: [r.districtCode, m], count: r.counts[m] })));
    const { released, suppressed } = releaseCounts(cells, { threshold: this.config.query.suppressionThreshold, base: this.config.query.roundingBase });
    const result = {
      period: range,
      measures: MEASURES.map((m, i) => ({ key: m, label: HEADINGS[i] })),
      rule: { threshold: this.config.query.suppressionThreshold, roundingBase: this.config.query.roundingBase, withheld: suppressed },
      rows: rows.map((r, i) => ({ districtCode: r.districtCode, districtName: r.districtName, figures: Object.fromEntries(MEASURES.map((m, j) => [m, released[i * MEASURES.length + j]])) })),
    };
    await this.audit.record({ actor: actorOf(caller), action: 'case_review.figures_viewed', target: { type: 'case_review_figures', id: range.label }, details: { period: range.label, withheld: suppressed }, address });
    return result;
  }

  async csv(caller: AuthUser, period: string, address: string | null): Promise<{ filename: string; body: string }> {
    const f = await this.figures(caller, period, address);
    const body = toCsv(
      ['Period', 'Area code', 'Area', ...HEADINGS],
      f.rows.map((r) => [f.period.label, r.districtCode, r.districtName, ...MEASURES.map((m) => (r.figures[m].suppressed ? 'suppressed' : r.figures[m].count))]),
    );
    return { filename: `asb-case-review-figures-${f.period.label}.csv`, body };
  }
}

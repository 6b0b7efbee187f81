import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublishGate } from '../analytics-store/publish-gate.js';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../audit/audit-event.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { IngestStoreRepository } from '../ingest/ingest-store.repository.js';

/** What the next retention run removes from one dataset. */
export interface RetentionDue {
  dataset: string;
  ownerOrganisationId: string;
  retentionMonths: number;
  /** Rows with a month before this (YYYY-MM-01) go. */
  cutoff: string;
  rows: number;
  archivedRows: number;
}

/** First day of the month `months` before `now`'s month (UTC): rows of earlier months have expired. */
export function retentionCutoff(now: Date, months: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Retention under the sharing agreements: each dataset's `retentionMonths` (set from its agreement)
 * bounds how long its rows are kept. `runOnce` deletes expired rows, their archived versions and
 * their roll-up counts, audited with counts; `due` shows the data owner what the next run removes.
 * A run-once service so a scheduler or a job queue can drive it.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly datasets: DatasetsRepository,
    private readonly store: IngestStoreRepository,
    private readonly gate: PublishGate,
    private readonly audit: AuditService,
  ) {}

  async due(now = new Date(), ownerOrganisationId?: string): Promise<RetentionDue[]> {
    const out: RetentionDue[] = [];
    for (const d of await this.withRetention(ownerOrganisationId)) {
      const cutoff = retentionCutoff(now, d.retentionMonths!);
      const counts = await this.store.countBefore(d.duckdbTable, cutoff);
      out.push({ dataset: d.slug, ownerOrganisationId: d.ownerOrganisationId, retentionMonths: d.retentionMonths!, cutoff, rows: counts.rows, archivedRows: counts.archived });
    }
    return out;
  }

  /** The caller's organisation's datasets with a retention period, and what goes next; audited. */
  async dueFor(caller: AuthUser, address: string | null): Promise<RetentionDue[]> {
    const due = await this.due(new Date(), caller.organisationId);
    this.audit.recordSoon({ actor: actorOf(caller), action: 'retention.viewed', details: { datasets: due.map((d) => d.dataset) }, address });
    return due;
  }

  /** Deletes every expired row; returns what went, per dataset with anything to delete. */
  async runOnce(now = new Date()): Promise<RetentionDue[]> {
    const done: RetentionDue[] = [];
    for (const item of await this.due(now)) {
      if (item.rows === 0 && item.archivedRows === 0) continue;
      const dataset = (await this.datasets.findBySlug(item.dataset))!;
      // DuckDB then the catalogue, with no backup snapshot between the two.
      const result = await this.gate.shared(async () => {
        const r = await this.store.deleteBefore(dataset.duckdbTable, item.cutoff);
        await this.dataSource.transaction(async (em) => {
          await this.datasets.recordPublish(dataset.id, r.stats, null, em);
          await this.audit.record(
            {
              actor: null,
              actorEmail: 'system@csp-hub',
              action: 'retention.deleted',
              target: { type: 'dataset', id: dataset.id },
              details: { dataset: dataset.slug, retentionMonths: item.retentionMonths, before: item.cutoff, rowsDeleted: r.removed, archivedRowsDeleted: r.archived },
            },
            em,
          );
        });
        return r;
      });
      done.push({ ...item, rows: result.removed, archivedRows: result.archived });
      this.logger.log(`Retention: ${result.removed} rows (and ${result.archived} archived) before ${item.cutoff} deleted from ${dataset.slug}`);
    }
    return done;
  }

  private async withRetention(ownerOrganisationId?: string): Promise<Dataset[]> {
    return (await this.datasets.list()).filter((d) => d.retentionMonths && (!ownerOrganisationId || d.ownerOrganisationId === ownerOrganisationId));
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublishGate } from '../analytics-store/publish-gate.js';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../audit/audit-event.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Role } from '../auth/role.js';
import { badRequest, forbidden, notFound } from '../common/domain-error.js';
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
  /** What will have gone 30 days from now (the rows above included): the owner's look ahead. */
  within30Days: { cutoff: string; rows: number; archivedRows: number };
}

/** A dataset's retention setting as its data owner or an administrator sees it. */
export interface RetentionSetting {
  dataset: string;
  title: string;
  ownerOrganisationId: string;
  /** Months a row is kept after its month; null keeps rows until this is set. */
  retentionMonths: number | null;
  /** What goes next; null without a retention period. */
  due: RetentionDue | null;
}

const DAY_MS = 86_400_000;
/** The longest retention period accepted (100 years), as the database's check. */
export const MAX_RETENTION_MONTHS = 1200;

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
    for (const d of await this.withRetention(ownerOrganisationId)) out.push(await this.dueOf(d, now));
    return out;
  }

  private async dueOf(d: Dataset, now: Date): Promise<RetentionDue> {
    const cutoff = retentionCutoff(now, d.retentionMonths!);
    const later = retentionCutoff(new Date(now.getTime() + 30 * DAY_MS), d.retentionMonths!);
    const [counts, ahead] = [await this.store.countBefore(d.duckdbTable, cutoff), await this.store.countBefore(d.duckdbTable, later)];
    return {
      dataset: d.slug,
      ownerOrganisationId: d.ownerOrganisationId,
      retentionMonths: d.retentionMonths!,
      cutoff,
      rows: counts.rows,
      archivedRows: counts.archived,
      within30Days: { cutoff: later, rows: ahead.rows, archivedRows: ahead.archived },
    };
  }

  /** The datasets whose retention the caller may set (administrators: all; data owners: their organisation's), with what goes next. */
  async settings(caller: AuthUser, address: string | null, now = new Date()): Promise<RetentionSetting[]> {
    const all = caller.roles.includes(Role.Admin);
    const mine = (await this.datasets.list()).filter((d) => all || d.ownerOrganisationId === caller.organisationId);
    const out: RetentionSetting[] = [];
    for (const d of mine) {
      out.push({ dataset: d.slug, title: d.title, ownerOrganisationId: d.ownerOrganisationId, retentionMonths: d.retentionMonths, due: d.retentionMonths ? await this.dueOf(d, now) : null });
    }
    this.audit.recordSoon({ actor: actorOf(caller), action: 'retention.viewed', details: { datasets: out.filter((s) => s.due).map((s) => s.dataset) }, address });
    return out;
  }

  /**
   * Sets (or, with null, clears) a dataset's retention period: its organisation's data owners or an
   * administrator, audited with the old and new period. Rows older than the new period go at the
   * next daily run, not at once, so the owner can see them in the look ahead first.
   */
  async setRetention(caller: AuthUser, slug: string, months: number | null, address: string | null): Promise<RetentionSetting> {
    if (months !== null && (!Number.isInteger(months) || months < 1 || months > MAX_RETENTION_MONTHS)) {
      throw badRequest('retention_invalid', `The retention period is a whole number of months from 1 to ${MAX_RETENTION_MONTHS}, or empty to keep rows until it is set.`);
    }
    const dataset = await this.datasets.findBySlug(slug);
    if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${slug}".`);
    if (!caller.roles.includes(Role.Admin) && !(caller.roles.includes(Role.DataOwner) && caller.organisationId === dataset.ownerOrganisationId)) {
      throw forbidden('not_data_owner', "Only the dataset's data owner or an administrator can change how long it is kept.");
    }
    await this.dataSource.transaction(async (em) => {
      await this.datasets.update(em, dataset.id, { retentionMonths: months });
      await this.audit.record(
        { actor: actorOf(caller), action: 'retention.changed', target: { type: 'dataset', id: dataset.id }, details: { dataset: slug, from: dataset.retentionMonths, to: months }, address },
        em,
      );
    });
    const updated = { ...dataset, retentionMonths: months };
    return { dataset: slug, title: dataset.title, ownerOrganisationId: dataset.ownerOrganisationId, retentionMonths: months, due: months ? await this.dueOf(updated, new Date()) : null };
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

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Role } from '../auth/role.js';
import { badRequest, forbidden, notFound } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import type { DisclosureSettingsDto, DisclosureSettingsViewDto } from './disclosure.dto.js';

/**
 * Each dataset's disclosure settings: its data owner (or the IMB) chooses the threshold, the daily
 * question budget and whether it is open data, inside the limits the IMB sets in configuration.
 */
@Injectable()
export class DisclosureSettingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly datasets: DatasetsRepository,
    private readonly audit: AuditService,
  ) {}

  async get(slug: string): Promise<DisclosureSettingsViewDto> {
    return this.view(await this.find(slug));
  }

  async update(caller: AuthUser, slug: string, dto: DisclosureSettingsDto, address: string | null): Promise<DisclosureSettingsViewDto> {
    const dataset = await this.find(slug);
    if (!caller.roles.includes(Role.Imb) && !(caller.roles.includes(Role.DataOwner) && caller.organisationId === dataset.ownerOrganisationId)) {
      throw forbidden('not_data_owner', "Only the dataset's data owner or the IMB can change how it is released.");
    }
    const { query, disclosure } = this.config;
    if (dto.threshold != null && (dto.threshold < query.suppressionThreshold || dto.threshold > disclosure.maxThreshold)) {
      throw badRequest('invalid_threshold', `The threshold must be from ${query.suppressionThreshold} to ${disclosure.maxThreshold} (the IMB's limits).`);
    }
    if (dto.dailyQuestionBudget != null && dto.dailyQuestionBudget > disclosure.dailyQuestions) {
      throw badRequest('invalid_budget', `The daily question budget can be at most ${disclosure.dailyQuestions} (the IMB's limit).`);
    }
    const changes: Partial<Dataset> = {};
    if (dto.threshold !== undefined) changes.disclosureThreshold = dto.threshold;
    if (dto.dailyQuestionBudget !== undefined) changes.dailyQuestionBudget = dto.dailyQuestionBudget;
    if (dto.openData !== undefined) changes.openData = dto.openData;
    await this.dataSource.transaction(async (em) => {
      await this.datasets.update(em, dataset.id, changes);
      await this.audit.record(
        {
          actor: actorOf(caller),
          action: 'dataset.disclosure_changed',
          target: { type: 'dataset', id: dataset.id },
          details: { dataset: dataset.slug, before: { threshold: dataset.disclosureThreshold, dailyQuestionBudget: dataset.dailyQuestionBudget, openData: dataset.openData }, after: changes },
          address,
        },
        em,
      );
    });
    return this.view({ ...dataset, ...changes } as Dataset);
  }

  private async find(slug: string): Promise<Dataset> {
    const dataset = await this.datasets.findBySlug(slug);
    if (!dataset) throw notFound('dataset_not_found', `There is no dataset "${slug}".`);
    return dataset;
  }

  private view(d: Dataset): DisclosureSettingsViewDto {
    const { query, disclosure } = this.config;
    return {
      dataset: d.slug,
      threshold: d.disclosureThreshold ?? query.suppressionThreshold,
      ownThreshold: d.disclosureThreshold !== null,
      dailyQuestionBudget: d.dailyQuestionBudget ?? disclosure.dailyQuestions,
      ownBudget: d.dailyQuestionBudget !== null,
      openData: d.openData,
      limits: { minThreshold: query.suppressionThreshold, maxThreshold: disclosure.maxThreshold, maxDailyQuestionBudget: disclosure.dailyQuestions },
      spread: disclosure.spread,
    };
  }
}

import { Global, Module } from '@nestjs/common';
import { DisclosureController } from './disclosure.controller.js';
import { DisclosureSettingsService } from './disclosure-settings.service.js';
import { QuestionBudgetService } from './question-budget.service.js';
import { QuestionLedgerRepository } from './question-ledger.repository.js';

/**
 * Disclosure control of aggregate-only access (docs/disclosure-control.md): the perturbation
 * itself is pure code beside this module; here are the question budget, its ledger, each
 * dataset's settings and the IMB's view of use. Global: the query engine and analytics spend from it.
 */
@Global()
@Module({
  controllers: [DisclosureController],
  providers: [QuestionLedgerRepository, QuestionBudgetService, DisclosureSettingsService],
  exports: [QuestionBudgetService],
})
export class DisclosureModule {}

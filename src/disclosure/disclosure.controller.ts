import { Body, Controller, Get, Param, Patch, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { DatasetSlugPipe } from '../datasets/dataset-slug.pipe.js';
import { DisclosureSettingsDto, DisclosureSettingsViewDto, UsageQueryDto } from './disclosure.dto.js';
import { DisclosureSettingsService } from './disclosure-settings.service.js';
import { QuestionBudgetService } from './question-budget.service.js';

@ApiTags('disclosure')
@Controller('disclosure')
export class DisclosureController {
  constructor(
    private readonly budget: QuestionBudgetService,
    private readonly settings: DisclosureSettingsService,
  ) {}

  /** The IMB's view: questions asked of protected datasets per organisation on one day, attack-like patterns flagged. */
  @Get('usage')
  @Authenticated({ permission: Permission.AccessReview })
  @ApiOkResponse({ description: 'Question budget use per organisation and dataset' })
  usage(@Query() q: UsageQueryDto) {
    return this.budget.usage(q.day);
  }

  @Get('datasets/:slug')
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiOkResponse({ type: DisclosureSettingsViewDto })
  settingsOf(@Param('slug', DatasetSlugPipe) slug: string): Promise<DisclosureSettingsViewDto> {
    return this.settings.get(slug);
  }

  /** Data owners (their own datasets) and the IMB set a dataset's threshold, budget and open-data flag. */
  @Patch('datasets/:slug')
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: DisclosureSettingsViewDto })
  change(@CurrentUser() caller: AuthUser, @Param('slug', DatasetSlugPipe) slug: string, @Body() dto: DisclosureSettingsDto, @Req() req: Request): Promise<DisclosureSettingsViewDto> {
    return this.settings.update(caller, slug, dto, clientAddress(req));
  }
}

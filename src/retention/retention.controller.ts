import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { DatasetSlugPipe } from '../datasets/dataset-slug.pipe.js';
import { SetRetentionDto } from './retention.dto.js';
import { type RetentionDue, type RetentionSetting, RetentionService } from './retention.service.js';

@ApiTags('governance')
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('due')
  @Authenticated({ permission: Permission.DatasetUsageRead })
  @ApiOkResponse({ description: "What the next retention run deletes from your organisation's datasets, and what will have gone in 30 days" })
  due(@CurrentUser() caller: AuthUser, @Req() req: Request): Promise<RetentionDue[]> {
    return this.retention.dueFor(caller, clientAddress(req));
  }

  @Get('datasets')
  @Authenticated({ permission: Permission.RetentionManage })
  @ApiOkResponse({ description: 'Retention periods of the datasets you may set (administrators: all; data owners: your organisation\'s), with what goes next' })
  settings(@CurrentUser() caller: AuthUser, @Req() req: Request): Promise<RetentionSetting[]> {
    return this.retention.settings(caller, clientAddress(req));
  }

  @Put('datasets/:slug')
  @Authenticated({ permission: Permission.RetentionManage })
  @ApiOkResponse({ description: "Sets or clears a dataset's retention period (audited)" })
  set(@CurrentUser() caller: AuthUser, @Param('slug', DatasetSlugPipe) slug: string, @Body() dto: SetRetentionDto, @Req() req: Request): Promise<RetentionSetting> {
    return this.retention.setRetention(caller, slug, dto.retentionMonths, clientAddress(req));
  }
}

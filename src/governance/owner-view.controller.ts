import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import type { Request } from 'express';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { clientAddress } from '../common/client-address.js';
import { Permission } from '../auth/permission.js';
import { DatasetUsageDto, OwnerPendingDto, UsageQueryDto } from './owner-view.dto.js';
import { OwnerViewService } from './owner-view.service.js';

@ApiTags('governance')
@Controller('governance/owner')
export class OwnerViewController {
  constructor(private readonly owner: OwnerViewService) {}

  @Get('usage')
  @Authenticated({ permission: Permission.DatasetUsageRead })
  @ApiOkResponse({ type: DatasetUsageDto, description: "Who used your organisation's datasets, when and how, from the audit log" })
  usage(@CurrentUser() caller: AuthUser, @Query() q: UsageQueryDto, @Req() req: Request): Promise<DatasetUsageDto> {
    return this.owner.usage(caller, q, clientAddress(req));
  }

  @Get('pending')
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: OwnerPendingDto })
  pending(@CurrentUser() caller: AuthUser): Promise<OwnerPendingDto> {
    return this.owner.pending(caller);
  }
}

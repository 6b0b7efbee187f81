import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { type RetentionDue, RetentionService } from './retention.service.js';

@ApiTags('governance')
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('due')
  @Authenticated({ permission: Permission.DatasetUsageRead })
  @ApiOkResponse({ description: "What the next retention run deletes from your organisation's datasets" })
  due(@CurrentUser() caller: AuthUser, @Req() req: Request): Promise<RetentionDue[]> {
    return this.retention.dueFor(caller, clientAddress(req));
  }
}

import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { ExpectedDeliveryDto, SetExpectedDeliveryDto } from './expected-delivery.dto.js';
import { ExpectedDeliveryService } from './expected-delivery.service.js';

/** When feeds are expected to deliver (the `feed-overdue` notices' schedule). */
@ApiTags('feeds')
@Controller()
export class ExpectedDeliveryController {
  constructor(private readonly expected: ExpectedDeliveryService) {}

  @Get('expected-deliveries')
  @Authenticated({ permission: Permission.FeedScheduleManage })
  @ApiOkResponse({ type: [ExpectedDeliveryDto], description: "The feeds you may set (data owners: your organisation's), with their expected delivery and whether each is overdue now" })
  list(@CurrentUser() caller: AuthUser): Promise<ExpectedDeliveryDto[]> {
    return this.expected.list(caller);
  }

  @Get('feeds/:slug/expected-delivery')
  @Authenticated({ permission: Permission.FeedScheduleManage })
  @ApiOkResponse({ type: ExpectedDeliveryDto })
  get(@CurrentUser() caller: AuthUser, @Param('slug') slug: string): Promise<ExpectedDeliveryDto> {
    return this.expected.get(caller, slug);
  }

  @Put('feeds/:slug/expected-delivery')
  @Authenticated({ permission: Permission.FeedScheduleManage })
  @ApiOkResponse({ type: ExpectedDeliveryDto, description: 'Sets or (expectedEvery null) clears the expected delivery; audited' })
  set(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Body() dto: SetExpectedDeliveryDto, @Req() req: Request): Promise<ExpectedDeliveryDto> {
    return this.expected.set(caller, slug, dto, clientAddress(req));
  }
}

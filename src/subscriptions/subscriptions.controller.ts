import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { AlertDto, CreateAlertDto, CreateSubscriptionDto, MySubscriptionsDto, SubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** The signed-in user's own subscriptions (charts by email) and alerts on saved views. */
@ApiTags('notifications')
@Controller('me')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get('subscriptions')
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiOkResponse({ type: MySubscriptionsDto })
  mine(@CurrentUser() caller: AuthUser): Promise<MySubscriptionsDto> {
    return this.subscriptions.mine(caller);
  }

  @Post('subscriptions')
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiCreatedResponse({ type: SubscriptionDto, description: 'Subscribed (again: the frequency changes); the charts come by email each week or month' })
  subscribe(@CurrentUser() caller: AuthUser, @Body() dto: CreateSubscriptionDto, @Req() req: Request): Promise<SubscriptionDto> {
    return this.subscriptions.subscribe(caller, dto, clientAddress(req));
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiNoContentResponse({ description: 'Unsubscribed' })
  async unsubscribe(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<void> {
    await this.subscriptions.unsubscribe(caller, id, clientAddress(req));
  }

  @Post('alerts')
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiCreatedResponse({ type: AlertDto, description: 'An alert on a saved view: above a number a month, or above its usual range' })
  addAlert(@CurrentUser() caller: AuthUser, @Body() dto: CreateAlertDto, @Req() req: Request): Promise<AlertDto> {
    return this.subscriptions.addAlert(caller, dto, clientAddress(req));
  }

  @Delete('alerts/:id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiNoContentResponse({ description: 'Alert removed' })
  async removeAlert(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<void> {
    await this.subscriptions.removeAlert(caller, id, clientAddress(req));
  }
}

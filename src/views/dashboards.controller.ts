import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { DashboardsService } from './dashboards.service.js';
import { CreateDashboardDto, DashboardDto, UpdateDashboardDto } from './views.dto.js';

@ApiTags('views')
@Controller('dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get()
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiOkResponse({ type: [DashboardDto], description: 'Dashboards the caller made or that are shared with them (tiles without views)' })
  list(@CurrentUser() caller: AuthUser): Promise<DashboardDto[]> {
    return this.dashboards.list(caller);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiOkResponse({ type: DashboardDto })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DashboardDto> {
    return this.dashboards.get(caller, id);
  }

  @Post()
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiCreatedResponse({ type: DashboardDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateDashboardDto, @Req() req: Request): Promise<DashboardDto> {
    return this.dashboards.create(caller, dto, clientAddress(req));
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiOkResponse({ type: DashboardDto, description: 'Owner only' })
  update(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateDashboardDto, @Req() req: Request): Promise<DashboardDto> {
    return this.dashboards.update(caller, id, dto, clientAddress(req));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiNoContentResponse({ description: 'Owner only; the views stay saved' })
  remove(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<void> {
    return this.dashboards.remove(caller, id, clientAddress(req));
  }
}

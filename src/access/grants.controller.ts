import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { CreateGrantDto, GrantDto, ListGrantsQueryDto, RevokeGrantDto } from './grants.dto.js';
import { GrantsService } from './grants.service.js';

@ApiTags('access')
@Controller('grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get()
  @Authenticated({ permission: Permission.GrantsRead })
  @ApiOkResponse({ type: [GrantDto] })
  list(@CurrentUser() caller: AuthUser, @Query() query: ListGrantsQueryDto): Promise<GrantDto[]> {
    return this.grants.list(caller, query);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.GrantsRead })
  @ApiOkResponse({ type: GrantDto })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<GrantDto> {
    return this.grants.get(caller, id);
  }

  @Post()
  @Authenticated({ permission: Permission.GrantsManage })
  @ApiCreatedResponse({ type: GrantDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateGrantDto, @Req() req: Request): Promise<GrantDto> {
    return this.grants.create(caller, dto, clientAddress(req));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Authenticated({ permission: Permission.GrantsManage })
  @ApiOkResponse({ type: GrantDto })
  revoke(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RevokeGrantDto, @Req() req: Request): Promise<GrantDto> {
    return this.grants.revoke(caller, id, dto.reason, clientAddress(req));
  }
}

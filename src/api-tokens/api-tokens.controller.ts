import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto, TokenTargetsDto } from './api-tokens.dto.js';
import { ApiTokensService } from './api-tokens.service.js';

@ApiTags('api-tokens')
@Controller('api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @Authenticated({ permission: Permission.ApiTokensManage })
  @ApiOkResponse({ type: [ApiTokenDto] })
  list(@CurrentUser() caller: AuthUser): Promise<ApiTokenDto[]> {
    return this.tokens.list(caller);
  }

  @Get('targets')
  @Authenticated({ permission: Permission.ApiTokensManage })
  @ApiOkResponse({ type: TokenTargetsDto })
  targets(@CurrentUser() caller: AuthUser): Promise<TokenTargetsDto> {
    return this.tokens.targets(caller);
  }

  /** The answer holds the secret, this once; the hub keeps only its hash. */
  @Post()
  @Authenticated({ permission: Permission.ApiTokensManage })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateApiTokenDto, @Req() req: Request): Promise<CreatedApiTokenDto> {
    return this.tokens.create(caller, dto, clientAddress(req));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ApiTokensManage })
  @ApiOkResponse({ type: ApiTokenDto })
  revoke(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<ApiTokenDto> {
    return this.tokens.revoke(caller, id, clientAddress(req));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { IdentityProviderDto, ProviderCheckDto, SaveIdentityProviderDto } from './sso.dto.js';
import { ProviderSettingsService } from './provider-settings.service.js';

/** The organisation settings page: its OpenID Connect provider. */
@ApiTags('organisations')
@Controller('organisations/:slug/identity-provider')
export class IdentityProviderController {
  constructor(private readonly settings: ProviderSettingsService) {}

  @Get()
  @Authenticated({ permission: Permission.OrganisationsManage })
  @ApiOkResponse({ type: IdentityProviderDto })
  get(@Param('slug') slug: string): Promise<IdentityProviderDto> {
    return this.settings.get(slug);
  }

  @Put()
  @Authenticated({ permission: Permission.OrganisationsManage })
  @ApiOkResponse({ type: IdentityProviderDto })
  save(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Body() dto: SaveIdentityProviderDto, @Req() req: Request): Promise<IdentityProviderDto> {
    return this.settings.save(caller, slug, dto, clientAddress(req));
  }

  /** "Test connection": discovery fetched afresh, with a clear reason when it fails. */
  @Post('check')
  @HttpCode(200)
  @Authenticated({ permission: Permission.OrganisationsManage })
  @ApiOkResponse({ type: ProviderCheckDto })
  check(@CurrentUser() caller: AuthUser, @Param('slug') slug: string, @Req() req: Request): Promise<ProviderCheckDto> {
    return this.settings.check(caller, slug, clientAddress(req));
  }
}

import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { clientAddress } from '../common/client-address.js';
import { EmailPreferencesDto, UpdateEmailPreferencesDto } from './email-preferences.dto.js';
import { EmailPreferencesService } from './email-preferences.service.js';

/** The signed-in user's own email settings. */
@ApiTags('notifications')
@Controller('me/email-preferences')
export class EmailPreferencesController {
  constructor(private readonly preferences: EmailPreferencesService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: EmailPreferencesDto })
  get(@CurrentUser() caller: AuthUser): Promise<EmailPreferencesDto> {
    return this.preferences.get(caller);
  }

  @Put()
  @Authenticated()
  @ApiOkResponse({ type: EmailPreferencesDto })
  update(@CurrentUser() caller: AuthUser, @Body() dto: UpdateEmailPreferencesDto, @Req() req: Request): Promise<EmailPreferencesDto> {
    return this.preferences.update(caller, dto, clientAddress(req));
  }
}

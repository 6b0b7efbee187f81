import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { hotspotQuerySchema, parseParams, parseSubjectKey, repeatQuerySchema, trendQuerySchema, triggerQuerySchema } from './analytics.dto.js';
import { AnalyticsService } from './analytics.service.js';

/** Threat, risk and harm analytics; every answer is under the caller's access policy (docs/analytics.md). */
@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('repeat-victims')
  @Authenticated({ permission: Permission.DataQuery })
  @ApiOkResponse({ description: 'Repeat victims by pseudonymous subject key: counts per district (suppressed at aggregate level) and, from datasets the caller may see rows of, a list with counts per partner and area' })
  repeatVictims(@CurrentUser() caller: AuthUser, @Query() query: unknown, @Req() req: Request) {
    return this.analytics.repeats(caller, 'subject_key', parseParams(repeatQuerySchema, query), { address: clientAddress(req) });
  }

  @Get('repeat-locations')
  @Authenticated({ permission: Permission.DataQuery })
  @ApiOkResponse({ description: 'Repeat locations by pseudonymous place key, as repeat victims' })
  repeatLocations(@CurrentUser() caller: AuthUser, @Query() query: unknown, @Req() req: Request) {
    return this.analytics.repeats(caller, 'place_key', parseParams(repeatQuerySchema, query), { address: clientAddress(req) });
  }

  @Get('subjects/:key')
  @Authenticated({ permission: Permission.DataQuery })
  @ApiOkResponse({ description: "One subject's rows in the datasets where the caller holds identifiable access (audited)" })
  subject(@CurrentUser() caller: AuthUser, @Param('key') key: string, @Query() query: unknown, @Req() req: Request) {
    const { areas } = parseParams(repeatQuerySchema.pick({ areas: true }), query);
    return this.analytics.subjectDetails(caller, parseSubjectKey(key), areas, { address: clientAddress(req) });
  }

  @Get('hotspots')
  @Authenticated({ permission: Permission.DataQuery })
  @ApiOkResponse({ description: 'Places with most incidents in the rolling period, with the change from the period before' })
  hotspots(@CurrentUser() caller: AuthUser, @Query() query: unknown, @Req() req: Request) {
    return this.analytics.hotspots(caller, parseParams(hotspotQuerySchema, query), { address: clientAddress(req) });
  }

  @Get('trends')
  @Authenticated({ permission: Permission.DataQuery })
  @ApiOkResponse({ description: 'Emerging trends per district and category: latest month against its baseline, Poisson exceedance' })
  trends(@CurrentUser() caller: AuthUser, @Query() query: unknown, @Req() req: Request) {
    return this.analytics.trends(caller, parseParams(trendQuerySchema, query), { address: clientAddress(req) });
  }

  @Get('community-trigger')
  @Authenticated({ permission: Permission.DataQuery })
  @ApiOkResponse({ description: 'Whether the Community Trigger threshold is met for a subject or place key' })
  communityTrigger(@CurrentUser() caller: AuthUser, @Query() query: unknown, @Req() req: Request) {
    return this.analytics.communityTrigger(caller, parseParams(triggerQuerySchema, query), { address: clientAddress(req) });
  }
}

import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { RevokeWithReasonDto } from './access-requests.dto.js';
import { AccessReviewDto, AccessReviewQueryDto, BulkRevokeDto, BulkRevokeResultDto, RecertifyDto, RecertifyResultDto } from './access-review.dto.js';
import { AccessReviewService } from './access-review.service.js';
import { CountDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('governance')
@Controller('governance')
export class AccessReviewController {
  constructor(
    private readonly review: AccessReviewService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get('access-review')
  @Authenticated({ permission: Permission.AccessReview })
  @ApiOkResponse({ type: AccessReviewDto, description: 'Every grant with highlights: unused, expiring soon, inactive grantees (each viewing is audited)' })
  async report(@CurrentUser() caller: AuthUser, @Query() q: AccessReviewQueryDto, @Req() req: Request): Promise<AccessReviewDto> {
    return AccessReviewDto.from(await this.review.view(caller, q, clientAddress(req)));
  }

  @Get('access-review/export')
  @Authenticated({ permission: Permission.AccessReview })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="access-review.csv"')
  @ApiOkResponse({ description: 'The access review as CSV' })
  export(@CurrentUser() caller: AuthUser, @Query() q: AccessReviewQueryDto, @Req() req: Request): Promise<string> {
    return this.review.csv(caller, q, clientAddress(req));
  }

  @Post('access-review/recertify')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AccessReview })
  @ApiOkResponse({ type: RecertifyResultDto, description: 'All or nothing: extends or ends each grant, audited' })
  recertify(@CurrentUser() caller: AuthUser, @Body() dto: RecertifyDto, @Req() req: Request): Promise<RecertifyResultDto> {
    return this.review.recertify(caller, dto, clientAddress(req));
  }

  @Post('grants/revoke')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: BulkRevokeResultDto, description: 'Revokes the chosen grants now, all or nothing: the IMB any, a data owner their organisation’s datasets only; each audited' })
  revokeMany(@CurrentUser() caller: AuthUser, @Body() dto: BulkRevokeDto, @Req() req: Request): Promise<BulkRevokeResultDto> {
    return this.review.revokeMany(caller, dto.grantIds, dto.reason, clientAddress(req));
  }

  @Post('grants/:id/revoke')
  @HttpCode(204)
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ description: 'Revoked: takes effect on the next request' })
  async revoke(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RevokeWithReasonDto, @Req() req: Request): Promise<void> {
    await this.review.revoke(caller, id, dto.reason, clientAddress(req));
  }

  @Post('expiry-sweep')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AccessReview })
  @ApiOkResponse({ type: CountDto, description: 'Runs the notification sweep now (grants ending soon, agreement reviews coming due) rather than at the scheduled time' })
  async sweep(): Promise<CountDto> {
    return { count: await this.notifications.sweep() };
  }
}

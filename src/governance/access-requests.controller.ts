import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { AccessRequestDetailDto, AccessRequestDto, ApproveRequestDto, CreateAccessRequestDto, DecisionNoteDto, ListAccessRequestsQueryDto } from './access-requests.dto.js';
import { AccessRequestDetailService } from './access-request-detail.service.js';
import { AccessRequestsService } from './access-requests.service.js';
import { CountDto } from './notifications.dto.js';

@ApiTags('governance')
@Controller('governance/access-requests')
export class AccessRequestsController {
  constructor(
    private readonly requests: AccessRequestsService,
    private readonly details: AccessRequestDetailService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.AccessRequest })
  @ApiOkResponse({ type: [AccessRequestDto] })
  list(@CurrentUser() caller: AuthUser, @Query() query: ListAccessRequestsQueryDto): Promise<AccessRequestDto[]> {
    return this.requests.list(caller, query);
  }

  @Get('to-decide')
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: [AccessRequestDto], description: 'Pending requests the caller may approve or refuse now' })
  toDecide(@CurrentUser() caller: AuthUser): Promise<AccessRequestDto[]> {
    return this.requests.list(caller, { scope: 'to_decide' });
  }

  @Get('to-decide/count')
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: CountDto, description: 'How many requests wait for the caller’s decision now (the top navigation’s count)' })
  async toDecideCount(@CurrentUser() caller: AuthUser): Promise<CountDto> {
    return { count: await this.requests.countToDecide(caller) };
  }

  @Get('decided')
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: [AccessRequestDto], description: 'Requests on datasets the caller may decide that are no longer pending, newest decision first' })
  decided(@CurrentUser() caller: AuthUser): Promise<AccessRequestDto[]> {
    return this.requests.decided(caller);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: AccessRequestDetailDto, description: 'Visible to the requester and to those who may decide it; with the columns, data period, agreement and the requester’s holdings' })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<AccessRequestDetailDto> {
    return this.details.detail(caller, id, clientAddress(req));
  }

  @Post()
  @Authenticated({ permission: Permission.AccessRequest })
  @ApiCreatedResponse({ type: AccessRequestDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateAccessRequestDto, @Req() req: Request): Promise<AccessRequestDto> {
    return this.requests.create(caller, dto, clientAddress(req));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: AccessRequestDto, description: 'Approves as asked or narrower (level, areas, until: never wider, 400 beyond_request); the last approval the rule needs issues the grant (grantId) on the narrowest terms' })
  approve(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ApproveRequestDto, @Req() req: Request): Promise<AccessRequestDto> {
    return this.requests.approve(caller, id, dto, clientAddress(req));
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AccessApprove })
  @ApiOkResponse({ type: AccessRequestDto })
  refuse(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecisionNoteDto, @Req() req: Request): Promise<AccessRequestDto> {
    return this.requests.refuse(caller, id, dto.note, clientAddress(req));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AccessRequest })
  @ApiOkResponse({ type: AccessRequestDto })
  withdraw(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<AccessRequestDto> {
    return this.requests.withdraw(caller, id, clientAddress(req));
  }
}

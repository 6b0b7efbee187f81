import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { ARROW_STREAM, CSV_TYPE, JSON_TYPE, negotiate } from '../query/result-encoders.js';
import { sendResult } from '../query/result-response.js';
import { CreateViewDto, RunViewDto, UpdateViewDto, ViewDto } from './views.dto.js';
import { ViewsService } from './views.service.js';

@ApiTags('views')
@Controller('views')
export class ViewsController {
  constructor(private readonly views: ViewsService) {}

  @Get()
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiOkResponse({ type: [ViewDto], description: 'Views the caller saved or that are shared with them' })
  list(@CurrentUser() caller: AuthUser): Promise<ViewDto[]> {
    return this.views.list(caller);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiOkResponse({ type: ViewDto })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ViewDto> {
    return this.views.get(caller, id);
  }

  @Post()
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiCreatedResponse({ type: ViewDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateViewDto, @Req() req: Request): Promise<ViewDto> {
    return this.views.create(caller, dto, clientAddress(req));
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiOkResponse({ type: ViewDto, description: 'Owner only' })
  update(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateViewDto, @Req() req: Request): Promise<ViewDto> {
    return this.views.update(caller, id, dto, clientAddress(req));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ViewsUse })
  @ApiNoContentResponse({ description: 'Owner only; the view leaves every dashboard' })
  remove(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<void> {
    return this.views.remove(caller, id, clientAddress(req));
  }

  /** Runs the view's question as the caller (their access policy), with an optional cross-filter. */
  @Post(':id/run')
  @HttpCode(200)
  @Authenticated({ permission: Permission.DataQuery })
  @ApiProduces(ARROW_STREAM, JSON_TYPE, CSV_TYPE)
  @ApiOkResponse({ description: 'The answer as POST /api/query gives it, encoded as Accept asks' })
  async run(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RunViewDto, @Headers('accept') accept: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = negotiate(accept);
    sendResult(res, await this.views.run(caller, id, dto, { format, address: clientAddress(req) }), format);
  }
}

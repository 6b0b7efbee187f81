import { rm } from 'node:fs/promises';
import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { badRequest } from '../common/domain-error.js';
import { LoadDto, LoadHistoryQueryDto, LoadPageDto, RolledBackLoadDto } from './ingest.dto.js';
import { LoadStatus } from './load-policy.js';
import { LoadsService } from './loads.service.js';

@ApiTags('loads')
@Controller('loads')
export class LoadsController {
  constructor(private readonly loads: LoadsService) {}

  @Get()
  @Authenticated({ permission: Permission.FeedsRead, apiToken: { kind: 'feed_upload' } })
  @ApiQuery({ name: 'feed', required: false })
  @ApiQuery({ name: 'status', required: false, enum: LoadStatus })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOkResponse({ type: [LoadDto] })
  list(@CurrentUser() caller: AuthUser, @Query('feed') feed?: string, @Query('status') status?: string, @Query('limit') limit?: string): Promise<LoadDto[]> {
    if (status && !(Object.values(LoadStatus) as string[]).includes(status)) throw badRequest('invalid_status', `Unknown load status "${status}".`);
    const n = limit ? Number(limit) : undefined;
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw badRequest('invalid_limit', 'limit must be a positive whole number.');
    return this.loads.list(caller, { feed, status: status as LoadStatus | undefined, limit: n });
  }

  @Get('history')
  @Authenticated({ permission: Permission.FeedsRead, apiToken: { kind: 'feed_upload' } })
  @ApiOkResponse({ type: LoadPageDto, description: 'Loads newest first, a page at a time, by feed, status, days queued (from and to inclusive) and file SHA-256' })
  history(@CurrentUser() caller: AuthUser, @Query() q: LoadHistoryQueryDto): Promise<LoadPageDto> {
    return this.loads.history(caller, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.FeedsRead, apiToken: { kind: 'feed_upload' } })
  @ApiOkResponse({ type: LoadDto })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<LoadDto> {
    return this.loads.get(id, caller);
  }

  /** Rejected rows as CSV: row number (or line for unreadable lines), reasons, and the values read. */
  @Get(':id/rejects')
  @Authenticated({ permission: Permission.LoadsRun })
  @ApiProduces('text/csv')
  async rejects(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    const { file, name } = await this.loads.rejectsFile(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.sendFile(file, (err) => {
      void rm(file, { force: true });
      if (err && !res.headersSent) res.status(500).end();
    });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Authenticated({ permission: Permission.LoadsRun })
  @ApiOkResponse({ type: LoadDto, description: 'Publishes a previewed load (awaiting_confirmation); 409 preview_stale when the dataset changed since, and it is previewed again' })
  publish(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<LoadDto> {
    return this.loads.confirm(user, id, clientAddress(req));
  }

  @Post(':id/discard')
  @HttpCode(200)
  @Authenticated({ permission: Permission.LoadsRun })
  @ApiOkResponse({ type: LoadDto, description: 'Drops a previewed load: nothing is published' })
  discard(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<LoadDto> {
    return this.loads.discard(user, id, clientAddress(req));
  }

  @Delete(':id')
  @Authenticated({ permission: Permission.LoadsRollback })
  @ApiOkResponse({ type: RolledBackLoadDto })
  rollback(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<RolledBackLoadDto> {
    return this.loads.rollback(user, id, clientAddress(req));
  }
}

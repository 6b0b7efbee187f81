import { Controller, Get, Header, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { actorOf } from './audit-event.js';
import { clientAddress } from '../common/client-address.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { AuditPageDto, AuditQueryDto } from './audit-viewer.dto.js';
import { AuditViewerService } from './audit-viewer.service.js';

@ApiTags('audit')
@Controller('audit')
export class AuditViewerController {
  constructor(private readonly viewer: AuditViewerService) {}

  @Get('entries')
  @Authenticated({ permission: Permission.AuditRead })
  @ApiOkResponse({ type: AuditPageDto, description: 'Audit entries matching the filters, newest first, paged; each viewing is itself audited (audit.viewed)' })
  entries(@CurrentUser() caller: AuthUser, @Query() query: AuditQueryDto, @Req() req: Request): Promise<AuditPageDto> {
    return this.viewer.page(query, actorOf(caller), clientAddress(req));
  }

  @Get('entries/export')
  @Authenticated({ permission: Permission.AuditRead })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="audit-log.csv"')
  @ApiOkResponse({ description: 'The filtered log as CSV, newest first (at most 100,000 rows); the export is itself audited' })
  async export(@CurrentUser() caller: AuthUser, @Query() query: AuditQueryDto, @Req() req: Request): Promise<StreamableFile> {
    return new StreamableFile(Readable.from(await this.viewer.exportCsv(query, actorOf(caller), clientAddress(req))));
  }
}

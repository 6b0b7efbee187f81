import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { EraseRecordsDto, ErasureResultDto, SubjectSearchDto, SubjectSearchResultDto } from './subject-access.dto.js';
import { SubjectAccessService } from './subject-access.service.js';

/** Search terms are personal data, so they travel in request bodies (POST), never in addresses. */
@ApiTags('subject access')
@Controller('subject-access')
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Post('search')
  @HttpCode(200)
  @Authenticated({ permission: Permission.SubjectAccessSearch })
  @ApiOkResponse({ type: SubjectSearchResultDto, description: "One person's records in every dataset the caller holds identifiable access to (audited)" })
  search(@CurrentUser() caller: AuthUser, @Body() dto: SubjectSearchDto, @Req() req: Request): Promise<SubjectSearchResultDto> {
    return this.subjectAccess.search(caller, dto, clientAddress(req));
  }

  @Post('export.csv')
  @HttpCode(200)
  @Authenticated({ permission: Permission.SubjectAccessSearch })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="subject-access.csv"')
  @ApiOkResponse({ description: 'The search as CSV, one line per field of each record (audited)' })
  exportCsv(@CurrentUser() caller: AuthUser, @Body() dto: SubjectSearchDto, @Req() req: Request): Promise<string> {
    return this.subjectAccess.export(caller, dto, 'csv', clientAddress(req));
  }

  @Post('export.json')
  @HttpCode(200)
  @Authenticated({ permission: Permission.SubjectAccessSearch })
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="subject-access.json"')
  @ApiOkResponse({ description: 'The search as JSON (audited)' })
  exportJson(@CurrentUser() caller: AuthUser, @Body() dto: SubjectSearchDto, @Req() req: Request): Promise<string> {
    return this.subjectAccess.export(caller, dto, 'json', clientAddress(req));
  }

  @Post('erasures')
  @Authenticated({ permission: Permission.SubjectErasure })
  @ApiOkResponse({ type: ErasureResultDto, description: "Erases records of the caller's organisation's dataset, with a reason; they stay out of reloads (audited)" })
  erase(@CurrentUser() caller: AuthUser, @Body() dto: EraseRecordsDto, @Req() req: Request): Promise<ErasureResultDto> {
    return this.subjectAccess.erase(caller, dto, clientAddress(req));
  }
}

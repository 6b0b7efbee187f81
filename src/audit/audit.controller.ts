import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { AuditService, type ChainReport } from './audit.service.js';

class ChainBreakDto {
  @ApiProperty({ description: 'Id of the first entry whose link is broken' }) id: string;
  @ApiProperty({ enum: ['hash_mismatch', 'previous_hash_mismatch'] }) reason: string;
}

class ChainReportDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() entriesChecked: number;
  @ApiProperty({ type: ChainBreakDto, nullable: true }) firstBreak: ChainBreakDto | null;
  @ApiProperty() checkedAt: string;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Authenticated({ permission: Permission.AuditVerify })
  @ApiOkResponse({ type: ChainReportDto, description: 'Whether every entry still links to the one before it' })
  verify(): Promise<ChainReport> {
    return this.audit.verify();
  }
}

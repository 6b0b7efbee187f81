import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { AuditEntryDto } from '../audit/audit-viewer.dto.js';
import { AccessRequestDto } from './access-requests.dto.js';

export class UsageQueryDto {
  @ApiPropertyOptional({ description: 'One of your datasets, by slug' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'dataset must be a dataset slug' })
  dataset?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date like 2026-01-31' })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date like 2026-02-01' })
  to?: string;

  @ApiPropertyOptional({ enum: ['use', 'all'], description: 'use (default): queries and exports only; all: also grants and requests' })
  @IsOptional()
  @Matches(/^(use|all)$/, { message: 'kind must be use or all' })
  kind?: 'use' | 'all';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class UsageSummaryDto {
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorEmail: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Organisation slug' }) organisation: string | null;
  @ApiProperty() action: string;
  @ApiProperty() count: number;
  @ApiProperty({ type: String, format: 'date-time' }) lastAt: string;
}

export class OwnedDatasetDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
}

export class DatasetUsageDto {
  @ApiProperty({ type: [OwnedDatasetDto] }) datasets: OwnedDatasetDto[];
  @ApiProperty({ type: [UsageSummaryDto], description: 'Who, how (action) and how often, most recent first' }) byActor: UsageSummaryDto[];
  @ApiProperty({ type: [AuditEntryDto], description: 'The audit entries themselves, newest first' }) entries: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class OwnerPendingDto {
  @ApiProperty({ type: [AccessRequestDto], description: 'Requests for your datasets waiting for your decision' }) requests: AccessRequestDto[];
}

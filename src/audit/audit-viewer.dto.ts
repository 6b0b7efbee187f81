import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { AuditEntry } from './audit-entry.entity.js';

const SLUG = /^[a-z][a-z0-9-]{1,62}$/;

/** Filters of GET /api/audit/entries and its CSV export. */
export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'User id or email address of whoever acted' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  actor?: string;

  @ApiPropertyOptional({ description: 'Organisation slug of whoever acted, e.g. winchester' })
  @IsOptional()
  @Matches(SLUG, { message: 'organisation must be an organisation slug' })
  organisation?: string;

  @ApiPropertyOptional({ description: 'Dataset slug: entries about that dataset' })
  @IsOptional()
  @Matches(SLUG, { message: 'dataset must be a dataset slug' })
  dataset?: string;

  @ApiPropertyOptional({ description: 'Exact action (grant.created) or a prefix ending in * (access_request.*)' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.]{0,80}\*?$/, { message: 'action must look like grant.created or access_request.*' })
  action?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'From this moment (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date or date-time like 2026-01-31' })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Up to this moment (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date or date-time like 2026-02-01' })
  to?: string;

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

export class AuditEntryDto {
  @ApiProperty({ description: 'Position in the chain' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty() hash: string;

  static from(e: AuditEntry): AuditEntryDto {
    return {
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorEmail: e.actorEmail,
      organisationId: e.organisationId,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      details: e.details,
      address: e.address,
      hash: e.hash,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) entries: AuditEntryDto[];
  @ApiProperty({ description: 'Entries matching the filters' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AccessLevel } from './access-level.js';
import type { Grant } from './grant.entity.js';

/** Areas: ONS codes of districts and unitaries, or the single word `all`. */
export const AREA_CODE_OR_ALL = /^(E0[67]\d{6}|all)$/;

export class CreateGrantDto {
  @ApiProperty({ description: 'Dataset slug' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'Give the dataset by its slug, like police-street' })
  dataset: string;

  @ApiPropertyOptional({ description: 'Slug of the organisation given access' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'Give the organisation by its slug, like winchester' })
  granteeOrganisation?: string;

  @ApiPropertyOptional({ description: 'Id of the user given access (alone, or within the organisation)' })
  @IsOptional()
  @IsUUID('all', { message: 'granteeUserId must be a user id' })
  granteeUserId?: string;

  @ApiProperty({ enum: AccessLevel })
  @IsEnum(AccessLevel, { message: 'level must be aggregate, record or identifiable' })
  level: AccessLevel;

  @ApiProperty({ type: [String], description: 'ONS area codes, or ["all"] for every Hampshire and Isle of Wight area' })
  @IsArray()
  @ArrayMinSize(1, { message: 'Give at least one area' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(AREA_CODE_OR_ALL, { each: true, message: 'Areas must be ONS codes like E07000094, or all' })
  areas: string[];

  @ApiProperty({ description: 'Why the access is needed' })
  @IsString()
  @Length(3, 500, { message: 'Say in 3 to 500 characters what the access is for' })
  purpose: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startsAt must be a date-time like 2026-01-31T00:00:00Z' })
  startsAt?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be a date-time like 2026-12-31T00:00:00Z' })
  endsAt: string;
}

export class RevokeGrantDto {
  @ApiProperty()
  @IsString()
  @Length(3, 500, { message: 'Say in 3 to 500 characters why the access ends' })
  reason: string;
}

export class ListGrantsQueryDto {
  @ApiPropertyOptional({ description: 'Dataset slug' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  dataset?: string;

  @ApiPropertyOptional({ description: 'Grantee organisation slug' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  organisation?: string;

  @ApiPropertyOptional({ enum: ['live', 'all'], description: 'Defaults to all' })
  @IsOptional()
  @IsEnum({ live: 'live', all: 'all' })
  status?: 'live' | 'all';
}

export type GrantStatus = 'live' | 'scheduled' | 'expired' | 'revoked';

export class GrantDto {
  @ApiProperty() id: string;
  @ApiProperty() datasetId: string;
  @ApiProperty() datasetSlug: string;
  @ApiProperty({ nullable: true, type: String }) granteeOrganisationId: string | null;
  @ApiProperty({ nullable: true, type: String }) granteeOrganisationSlug: string | null;
  @ApiProperty({ nullable: true, type: String }) granteeUserId: string | null;
  @ApiProperty({ enum: AccessLevel }) level: AccessLevel;
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: ['live', 'scheduled', 'expired', 'revoked'] }) status: GrantStatus;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedReason: string | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ nullable: true, type: String }) agreementId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;

  static from(g: Grant, names: { datasetSlug: string; organisationSlug: string | null }, now: Date): GrantDto {
    return {
      id: g.id,
      datasetId: g.datasetId,
      datasetSlug: names.datasetSlug,
      granteeOrganisationId: g.granteeOrganisationId,
      granteeOrganisationSlug: names.organisationSlug,
      granteeUserId: g.granteeUserId,
      level: g.level,
      areas: g.areas,
      purpose: g.purpose,
      status: grantStatus(g, now),
      startsAt: g.startsAt.toISOString(),
      endsAt: g.endsAt.toISOString(),
      revokedAt: g.revokedAt?.toISOString() ?? null,
      revokedReason: g.revokedReason,
      createdBy: g.createdBy,
      agreementId: g.agreementId,
      lastUsedAt: g.lastUsedAt?.toISOString() ?? null,
      createdAt: g.createdAt.toISOString(),
    };
  }
}

export function grantStatus(g: Pick<Grant, 'revokedAt' | 'startsAt' | 'endsAt'>, now: Date): GrantStatus {
  if (g.revokedAt) return 'revoked';
  if (now < g.startsAt) return 'scheduled';
  if (now >= g.endsAt) return 'expired';
  return 'live';
}

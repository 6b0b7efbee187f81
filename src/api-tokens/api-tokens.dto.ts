import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AccessLevel } from '../access/access-level.js';
import { API_TOKEN_KINDS, type ApiToken, type ApiTokenKind } from './api-token.entity.js';

const SLUG = /^[a-z][a-z0-9-]{1,62}$/;

export class CreateApiTokenDto {
  @ApiProperty({ description: 'What the token is for, e.g. "Nightly export from the case system"' })
  @IsString()
  @Length(3, 100, { message: 'Give the token a name of 3 to 100 characters that says what uses it' })
  name: string;

  @ApiProperty({ enum: API_TOKEN_KINDS })
  @IsIn(API_TOKEN_KINDS, { message: 'kind must be feed_upload or dataset_query' })
  kind: ApiTokenKind;

  @ApiPropertyOptional({ description: 'Feed slug (feed_upload tokens)' })
  @IsOptional()
  @Matches(SLUG, { message: 'Give the feed by its slug, like winchester-asb' })
  feed?: string;

  @ApiPropertyOptional({ description: 'Dataset slug (dataset_query tokens)' })
  @IsOptional()
  @Matches(SLUG, { message: 'Give the dataset by its slug, like police-street' })
  dataset?: string;

  @ApiPropertyOptional({ enum: AccessLevel, description: 'dataset_query only: the most the token may ever see (at most your own level); omitted, up to your level as it is at each question' })
  @IsOptional()
  @IsEnum(AccessLevel, { message: 'level must be aggregate, record or identifiable' })
  level?: AccessLevel;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the token stops working; required, at most API_TOKEN_MAX_DAYS ahead' })
  @IsISO8601({ strict: true }, { message: 'expiresAt must be a date or date-time like 2027-03-31' })
  expiresAt: string;
}

export type ApiTokenStatus = 'active' | 'expired' | 'revoked' | 'suspended';

export class ApiTokenDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: API_TOKEN_KINDS }) kind: ApiTokenKind;
  @ApiProperty({ description: 'The first characters of the secret, to recognise it' }) prefix: string;
  @ApiProperty({ nullable: true, type: String }) feed: string | null;
  @ApiProperty({ nullable: true, type: String }) dataset: string | null;
  @ApiProperty({ description: 'Title of the feed or dataset' }) target: string;
  @ApiProperty({ enum: AccessLevel, nullable: true, description: 'A query token’s ceiling; null: up to its creator’s level' }) level: AccessLevel | null;
  @ApiProperty() createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAddress: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked', 'suspended'], description: 'suspended: its creator is disabled' }) status: ApiTokenStatus;
  @ApiProperty({ description: 'The caller may revoke it' }) revocable: boolean;

  static from(t: ApiToken, names: { feed: string | null; dataset: string | null; target: string; createdBy: string; creatorDisabled: boolean; revocable: boolean }, now: Date): ApiTokenDto {
    return {
      id: t.id,
      name: t.name,
      kind: t.kind,
      prefix: t.prefix,
      feed: names.feed,
      dataset: names.dataset,
      target: names.target,
      level: t.maxLevel,
      createdBy: names.createdBy,
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt.toISOString(),
      revokedAt: t.revokedAt?.toISOString() ?? null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      lastUsedAddress: t.lastUsedAddress,
      status: t.revokedAt ? 'revoked' : t.expiresAt <= now ? 'expired' : names.creatorDisabled ? 'suspended' : 'active',
      revocable: names.revocable && !t.revokedAt,
    };
  }
}

export class CreatedApiTokenDto {
  @ApiProperty({ type: ApiTokenDto }) token: ApiTokenDto;
  @ApiProperty({ description: 'The secret, shown this once: only its hash is kept' }) secret: string;
}

/** A feed or dataset the caller may create a token for. */
export class TokenTargetDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ enum: AccessLevel, description: 'Datasets: the caller’s own level now, the highest a token may be given' }) level?: AccessLevel;
}

export class TokenTargetsDto {
  @ApiProperty({ type: [TokenTargetDto] }) feeds: TokenTargetDto[];
  @ApiProperty({ type: [TokenTargetDto] }) datasets: TokenTargetDto[];
  @ApiProperty({ description: 'Longest lifetime a token may be given, in days' }) maxDays: number;
}

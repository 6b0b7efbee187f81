import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AccessLevel } from '../access/access-level.js';
import type { AccessReview, ReviewRow } from './access-review.js';

export class ReviewRowDto {
  @ApiProperty() grantId: string;
  @ApiProperty({ enum: ['live', 'scheduled', 'expired', 'revoked'] }) status: string;
  @ApiProperty({ nullable: true, type: String, description: 'Email of the named grantee' }) granteeUser: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Slug of the grantee organisation' }) granteeOrganisation: string | null;
  @ApiProperty({ description: 'Dataset slug' }) dataset: string;
  @ApiProperty() datasetTitle: string;
  @ApiProperty({ enum: AccessLevel }) level: AccessLevel;
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty() purpose: string;
  @ApiProperty({ nullable: true, type: String }) agreementId: string | null;
  @ApiProperty({ nullable: true, type: String }) agreement: string | null;
  @ApiProperty({ type: [String], description: 'Emails of approvers, or of the administrator who granted directly' }) approvers: string[];
  @ApiProperty({ type: String, format: 'date-time' }) grantedAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: string | null;
  @ApiProperty() unused: boolean;
  @ApiProperty() expiringSoon: boolean;
  @ApiProperty() granteeInactive: boolean;

  static from(r: ReviewRow): ReviewRowDto {
    return { ...r, grantedAt: r.grantedAt.toISOString(), startsAt: r.startsAt.toISOString(), expiresAt: r.expiresAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null };
  }
}

export class InactiveAccountDto {
  @ApiProperty() userId: string;
  @ApiProperty() email: string;
  @ApiProperty() organisation: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSignInAt: string | null;
  @ApiProperty() liveGrants: number;
}

export class ReviewThresholdsDto {
  @ApiProperty() unusedDays: number;
  @ApiProperty() expiringDays: number;
  @ApiProperty() inactiveDays: number;
}

export class ReviewSummaryDto {
  @ApiProperty() grants: number;
  @ApiProperty() live: number;
  @ApiProperty() unused: number;
  @ApiProperty() expiringSoon: number;
  @ApiProperty({ description: 'Live grants whose named grantee is inactive' }) granteeInactive: number;
  @ApiProperty() inactiveAccounts: number;
}

export class AccessReviewDto {
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: ReviewThresholdsDto }) thresholds: ReviewThresholdsDto;
  @ApiProperty({ type: ReviewSummaryDto }) summary: ReviewSummaryDto;
  @ApiProperty({ type: [ReviewRowDto] }) grants: ReviewRowDto[];
  @ApiProperty({ type: [InactiveAccountDto] }) inactiveAccounts: InactiveAccountDto[];
  @ApiProperty({ description: 'Grants matching the search and filters (the summary counts every grant)' }) matched: number;

  static from(r: AccessReview): AccessReviewDto {
    return {
      matched: r.grants.length,
      generatedAt: r.generatedAt.toISOString(),
      thresholds: r.thresholds,
      summary: r.summary,
      grants: r.grants.map(ReviewRowDto.from),
      inactiveAccounts: r.inactiveAccounts.map((a) => ({ ...a, lastSignInAt: a.lastSignInAt?.toISOString() ?? null })),
    };
  }
}

export class AccessReviewQueryDto {
  @ApiPropertyOptional({ enum: ['live', 'all'], description: 'live (default): grants in force now; all: every grant ever made' })
  @IsOptional()
  @IsEnum({ live: 'live', all: 'all' })
  status?: 'live' | 'all';

  @ApiPropertyOptional({ description: 'Words to find in the grantee, their organisation, the dataset, the purpose or the agreement' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Dataset slug' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'Give the dataset by its slug, like police-street' })
  dataset?: string;

  @ApiPropertyOptional({ enum: AccessLevel })
  @IsOptional()
  @IsEnum(AccessLevel, { message: 'level must be aggregate, record or identifiable' })
  level?: AccessLevel;

  @ApiPropertyOptional({ enum: ['unused', 'expiringSoon', 'granteeInactive'] })
  @IsOptional()
  @IsEnum({ unused: 'unused', expiringSoon: 'expiringSoon', granteeInactive: 'granteeInactive' }, { message: 'flag must be unused, expiringSoon or granteeInactive' })
  flag?: 'unused' | 'expiringSoon' | 'granteeInactive';

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Only grants ending before this date' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresBefore must be a date like 2027-03-31' })
  expiresBefore?: string;

  @ApiPropertyOptional({ enum: ['grantee', 'dataset', 'level', 'expires', 'lastUsed', '-grantee', '-dataset', '-level', '-expires', '-lastUsed'], description: 'A leading - sorts descending' })
  @IsOptional()
  @Matches(/^-?(grantee|dataset|level|expires|lastUsed)$/, { message: 'sort must be grantee, dataset, level, expires or lastUsed, with - before it to reverse' })
  sort?: string;
}

export class BulkRevokeDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1, { message: 'Choose at least one grant' })
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'Each grant may appear once' })
  @IsUUID('all', { each: true, message: 'Each grant must be a grant id' })
  grantIds: string[];

  @ApiProperty({ description: 'Recorded in the audit log with every revocation and sent to the grantees' })
  @IsString()
  @Length(3, 500, { message: 'Say in 3 to 500 characters why the access ends' })
  reason: string;
}

export class BulkRevokeResultDto {
  @ApiProperty() revoked: number;
}

export class RecertifyItemDto {
  @ApiProperty()
  @IsUUID('all', { message: 'grantId must be a grant id' })
  grantId: string;

  @ApiProperty({ enum: ['extend', 'end'], description: 'extend: keep until the new date; end: revoke now' })
  @IsEnum({ extend: 'extend', end: 'end' }, { message: 'action must be extend or end' })
  action: 'extend' | 'end';

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Required to extend; not past the agreement end' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be a date like 2027-03-31' })
  until?: string;
}

export class RecertifyDto {
  @ApiProperty({ type: [RecertifyItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'Choose at least one grant' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RecertifyItemDto)
  items: RecertifyItemDto[];

  @ApiProperty({ description: 'Recorded in the audit log with every change' })
  @IsString()
  @Length(3, 500, { message: 'Say in 3 to 500 characters why (e.g. the quarterly access review)' })
  reason: string;
}

export class RecertifyResultDto {
  @ApiProperty() extended: number;
  @ApiProperty() ended: number;
}

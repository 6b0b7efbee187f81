import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DatasetKind, Sensitivity } from '../../domain/dataset-schema.js';
import type { Feed } from './feed.entity.js';
import type { LoadCoverage } from './load-coverage.sql.js';
import type { Load } from './load.entity.js';
import { ADAPTERS, type AdapterName, LoadPolicy, LoadStatus } from './load-policy.js';

const SLUG = /^[a-z][a-z0-9-]{1,62}$/;

export class NewDatasetDto {
  @ApiProperty({ example: 'winchester-asb-cases' }) @Matches(SLUG, { message: 'dataset.slug must be lower-case letters, digits and hyphens' }) slug: string;
  @ApiProperty() @IsString() @MaxLength(200) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiProperty({ enum: DatasetKind }) @IsEnum(DatasetKind) kind: DatasetKind;
  @ApiProperty({ enum: Sensitivity }) @IsEnum(Sensitivity) sensitivity: Sensitivity;
  @ApiProperty({ example: 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e) public task' }) @IsString() @MaxLength(500) lawfulBasis: string;
  @ApiProperty({ description: 'Slug of the owning organisation', example: 'winchester' }) @IsString() @MaxLength(100) ownerOrganisation: string;
}

export class CreateFeedDto {
  @ApiProperty({ example: 'winchester-asb' }) @Matches(SLUG, { message: 'slug must be lower-case letters, digits and hyphens' }) slug: string;
  @ApiProperty() @IsString() @MaxLength(200) title: string;
  @ApiProperty({ enum: ADAPTERS }) @IsIn(ADAPTERS as unknown as string[]) adapter: AdapterName;
  @ApiProperty({ enum: LoadPolicy }) @IsEnum(LoadPolicy) policy: LoadPolicy;
  @ApiPropertyOptional({ description: 'Column mapping (delimited and xlsx adapters); see docs/etl.md' }) @IsOptional() @IsObject() mapping?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Slug of an existing dataset this feed fills' }) @IsOptional() @Matches(SLUG) datasetSlug?: string;
  @ApiPropertyOptional({ type: NewDatasetDto, description: 'A new dataset for this feed' }) @IsOptional() @ValidateNested() @Type(() => NewDatasetDto) dataset?: NewDatasetDto;
  @ApiPropertyOptional({ description: 'Absolute folder watched for files' }) @IsOptional() @IsString() @MaxLength(500) inboxDir?: string;
  @ApiPropertyOptional({ description: 'Cron expression for checking the inbox', example: '*/15 * * * *' }) @IsOptional() @IsString() @MaxLength(100) schedule?: string;
}

export class UpdateFeedDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) title?: string;
  @ApiPropertyOptional({ enum: LoadPolicy }) @IsOptional() @IsEnum(LoadPolicy) policy?: LoadPolicy;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) inboxDir?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) schedule?: string | null;
  @ApiPropertyOptional({ description: 'Every load stops for a preview before publishing (off: trusted feeds publish at once)' })
  @IsOptional()
  @IsBoolean()
  previewBeforePublish?: boolean;
}

export class MappingDto {
  @ApiProperty({ description: 'Column mapping; see docs/etl.md' }) @IsObject() mapping: Record<string, unknown>;
}

export class FeedDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ADAPTERS }) adapter: AdapterName;
  @ApiProperty({ enum: LoadPolicy }) policy: LoadPolicy;
  @ApiProperty({ description: 'The dataset the feed fills, with its owning organisation’s name' }) dataset: { id: string; slug: string; title: string; ownerName: string };
  @ApiProperty({ nullable: true, type: Object }) mapping: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) inboxDir: string | null;
  @ApiProperty({ nullable: true, type: String }) schedule: string | null;
  @ApiProperty() builtin: boolean;
  @ApiProperty({ description: 'Every load stops for a preview before publishing' }) previewBeforePublish: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;

  static from(f: Feed, dataset: { id: string; slug: string; title: string }, ownerName: string): FeedDto {
    return {
      id: f.id,
      slug: f.slug,
      title: f.title,
      adapter: f.adapter,
      policy: f.policy,
      dataset: { id: dataset.id, slug: dataset.slug, title: dataset.title, ownerName },
      mapping: (f.mapping as unknown as Record<string, unknown>) ?? null,
      inboxDir: f.inboxDir,
      schedule: f.schedule,
      builtin: f.builtin,
      previewBeforePublish: f.previewBeforePublish,
      updatedAt: f.updatedAt.toISOString(),
    };
  }
}

export class LoadDto {
  @ApiProperty() id: string;
  @ApiProperty() feed: string;
  @ApiProperty() dataset: string;
  @ApiProperty() file: string;
  @ApiProperty({ enum: LoadStatus }) status: LoadStatus;
  @ApiProperty({ nullable: true, type: String }) sha256: string | null;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: String }) operator: string | null;
  @ApiProperty() rowsRead: number;
  @ApiProperty() rowsLoaded: number;
  @ApiProperty() rowsRejected: number;
  @ApiProperty() rowsReplaced: number;
  @ApiProperty({ description: 'Rows left out because their record was erased' }) rowsErased: number;
  @ApiProperty() progress: { phase: string; percent: number };
  @ApiProperty({ nullable: true, type: String }) errorCode: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String }) duplicateOf: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) queuedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) rolledBackAt: string | null;
  @ApiProperty({ description: 'Stops before publishing for an operator to confirm' }) preview: boolean;
  @ApiProperty({ nullable: true, type: Object, description: 'months: [{ month, rows, replaced }], areas: [{ code, name, rows }], fileMonth, monthMismatch — what the load covered, or its preview would' })
  coverage: LoadCoverage | null;

  static from(l: Load, feedSlug: string, datasetSlug: string): LoadDto {
    return {
      id: l.id,
      feed: feedSlug,
      dataset: datasetSlug,
      file: l.fileName,
      status: l.status,
      sha256: l.sha256,
      sizeBytes: l.sizeBytes,
      source: l.source,
      operator: l.operatorEmail,
      rowsRead: l.rowsRead,
      rowsLoaded: l.rowsLoaded,
      rowsRejected: l.rowsRejected,
      rowsReplaced: l.rowsReplaced,
      rowsErased: l.rowsErased,
      progress: l.progress,
      errorCode: l.errorCode,
      error: l.error,
      duplicateOf: l.duplicateOf,
      queuedAt: l.queuedAt.toISOString(),
      startedAt: l.startedAt?.toISOString() ?? null,
      finishedAt: l.finishedAt?.toISOString() ?? null,
      durationMs: l.startedAt && l.finishedAt ? l.finishedAt.getTime() - l.startedAt.getTime() : null,
      rolledBackAt: l.rolledBackAt?.toISOString() ?? null,
      preview: l.preview,
      coverage: l.coverage,
    };
  }
}

export class LoadHistoryQueryDto {
  @ApiPropertyOptional({ description: 'Feed slug' }) @IsOptional() @Matches(SLUG, { message: 'feed must be a feed slug' }) feed?: string;
  @ApiPropertyOptional({ enum: LoadStatus }) @IsOptional() @IsEnum(LoadStatus, { message: 'Unknown load status' }) status?: LoadStatus;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'Queued on or after this day (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date like 2026-11-01' })
  from?: string;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'Queued before the end of this day (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date like 2026-11-30' })
  to?: string;
  @ApiPropertyOptional({ description: 'Only loads of exactly this file content' }) @IsOptional() @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 hexadecimal digits' }) sha256?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 25, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class LoadPageDto {
  @ApiProperty({ type: [LoadDto] }) loads: LoadDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** A load just rolled back, with what the rollback did. */
export class RolledBackLoadDto extends LoadDto {
  @ApiProperty({ description: 'Rows of the load removed from the dataset' }) rowsRemoved: number;
  @ApiProperty({ description: 'Rows the load had replaced, put back' }) rowsRestored: number;
}

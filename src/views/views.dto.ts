import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsEnum, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { TILE_WIDTHS } from './dashboard.entity.js';
import { SHARING_MODES, SharingMode } from './sharing.js';

export class SharingDto {
  @ApiProperty({ enum: SHARING_MODES })
  @IsEnum(SharingMode, { message: 'Share privately, with your organisation, or with named users' })
  mode: SharingMode;

  @ApiPropertyOptional({ type: [String], description: 'Email addresses, when mode is users' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsEmail({}, { each: true, message: 'Name users by their email address' })
  users?: string[];
}

export class ChartDto {
  @ApiProperty({ example: 'bar', description: 'line, bar, stacked, heatmap, map or table' })
  @Matches(/^[a-z][a-z-]{0,31}$/, { message: 'Choose a chart type like bar or line' })
  type: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { by: 'district' } })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

export class CreateViewDto {
  @ApiProperty({ example: 'ASB by district, last 12 months' })
  @IsString()
  @Length(1, 200, { message: 'Give the view a title of up to 200 characters' })
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'A POST /api/query spec' })
  @IsObject({ message: 'A view needs a question (a query spec)' })
  query: Record<string, unknown>;

  @ApiProperty({ type: ChartDto })
  @ValidateNested()
  @Type(() => ChartDto)
  chart: ChartDto;

  @ApiPropertyOptional({ type: SharingDto, description: 'Private unless said otherwise' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SharingDto)
  sharing?: SharingDto;
}

export class UpdateViewDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) description?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() query?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ChartDto }) @IsOptional() @ValidateNested() @Type(() => ChartDto) chart?: ChartDto;
  @ApiPropertyOptional({ type: SharingDto }) @IsOptional() @ValidateNested() @Type(() => SharingDto) sharing?: SharingDto;
}

/** Extra conditions a dashboard adds when one chart filters the others. */
export class RunViewDto {
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Filters added to the view\'s own, e.g. [{field: "district", op: "eq", value: "E07000094"}]' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  filters?: Record<string, unknown>[];

  @ApiPropertyOptional({ type: 'object', properties: { from: { type: 'string', example: '2025-01' }, to: { type: 'string', example: '2025-06' } }, description: 'Months; narrows the view\'s own range' })
  @IsOptional()
  @IsObject()
  timeRange?: { from?: string; to?: string };
}

export class UserRefDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
}

export class SharingOutDto {
  @ApiProperty({ enum: SHARING_MODES }) mode: SharingMode;
  @ApiProperty({ type: [String], description: 'Emails of the named users (owners only; others see an empty list)' }) users: string[];
}

export class ViewDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) query: Record<string, unknown>;
  @ApiProperty({ type: ChartDto }) chart: { type: string; options: Record<string, unknown> };
  @ApiProperty({ type: SharingOutDto }) sharing: SharingOutDto;
  @ApiProperty({ type: UserRefDto }) owner: UserRefDto;
  @ApiProperty({ description: 'Whether the caller owns it (and so may change it)' }) mine: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class TileDto {
  @ApiProperty() @IsUUID('4', { message: 'Each tile names a saved view by its id' }) viewId: string;

  @ApiProperty({ enum: TILE_WIDTHS, description: 'Width in quarters of the grid' })
  @IsInt()
  @IsIn([...TILE_WIDTHS], { message: 'A tile is 1, 2, 3 or 4 quarters wide' })
  width: 1 | 2 | 3 | 4;
}

export class CreateDashboardDto {
  @ApiProperty() @IsString() @Length(1, 200, { message: 'Give the dashboard a title of up to 200 characters' }) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) description?: string;

  @ApiProperty({ type: [TileDto] })
  @IsArray()
  @ArrayMaxSize(24, { message: 'A dashboard holds at most 24 views' })
  @ValidateNested({ each: true })
  @Type(() => TileDto)
  layout: TileDto[];

  @ApiPropertyOptional({ type: SharingDto }) @IsOptional() @ValidateNested() @Type(() => SharingDto) sharing?: SharingDto;
}

export class UpdateDashboardDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) description?: string;
  @ApiPropertyOptional({ type: [TileDto] }) @IsOptional() @IsArray() @ArrayMaxSize(24) @ValidateNested({ each: true }) @Type(() => TileDto) layout?: TileDto[];
  @ApiPropertyOptional({ type: SharingDto }) @IsOptional() @ValidateNested() @Type(() => SharingDto) sharing?: SharingDto;
}

export class DashboardTileOutDto {
  @ApiProperty() viewId: string;
  @ApiProperty() width: number;
  @ApiProperty({ type: ViewDto, nullable: true, description: 'Null when the view was deleted or is not visible to the caller' }) view: ViewDto | null;
}

export class DashboardDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [DashboardTileOutDto] }) layout: DashboardTileOutDto[];
  @ApiProperty({ type: SharingOutDto }) sharing: SharingOutDto;
  @ApiProperty({ type: UserRefDto }) owner: UserRefDto;
  @ApiProperty() mine: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

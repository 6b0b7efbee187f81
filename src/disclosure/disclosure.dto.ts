import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';

/** A data owner's disclosure settings for one dataset, within the limits the IMB sets (docs/disclosure-control.md). */
export class DisclosureSettingsDto {
  @ApiPropertyOptional({ nullable: true, description: "Counts below this are withheld (5 withholds 1–4; 8 withholds 1–7 for health data); null for the hub's" })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(2)
  @Max(11)
  threshold?: number | null;

  @ApiPropertyOptional({ nullable: true, description: "Distinct questions an organisation with aggregate access may ask a day; null for the hub's" })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(100_000)
  dailyQuestionBudget?: number | null;

  @ApiPropertyOptional({ description: 'Already published as open data (police.uk): aggregate callers get exact counts' })
  @IsOptional()
  @IsBoolean()
  openData?: boolean;
}

export class DisclosureSettingsViewDto {
  @ApiProperty() dataset!: string;
  @ApiProperty({ description: 'Counts below this are withheld' }) threshold!: number;
  @ApiProperty({ description: "Whether the threshold is the dataset's own" }) ownThreshold!: boolean;
  @ApiProperty() dailyQuestionBudget!: number;
  @ApiProperty() ownBudget!: boolean;
  @ApiProperty() openData!: boolean;
  @ApiProperty({ description: 'Limits the IMB sets: the highest threshold and the largest daily budget a data owner may choose' })
  limits!: { minThreshold: number; maxThreshold: number; maxDailyQuestionBudget: number };
  @ApiProperty({ description: 'Each end of a run of months moves a count by at most this much' }) spread!: number;
}

export class UsageQueryDto {
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be a date like 2026-12-06' })
  day?: string;
}

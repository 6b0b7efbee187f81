import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

/**
 * A feed's expected delivery as asked for. Both fields are checked together by the service
 * (src/governance/feed-schedule.ts `checkExpectedSchedule`), so a bad pair gets one sentence.
 */
export class SetExpectedDeliveryDto {
  @ApiProperty({ enum: ['monthly', 'weekly'], nullable: true, description: 'null: no delivery is expected (no overdue notices)' })
  @Allow()
  expectedEvery: 'monthly' | 'weekly' | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Monthly: day of the month 1–28; weekly: day of the week 1 (Monday) – 7 (Sunday); empty with no expected delivery' })
  @Allow()
  expectedByDay?: number | null;
}

/** A feed's expected delivery and whether it is overdue now. */
export class ExpectedDeliveryDto {
  @ApiProperty() feed: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The dataset the feed fills, with its owning organisation’s name' }) dataset: { slug: string; title: string; ownerName: string };
  @ApiProperty({ enum: ['monthly', 'weekly'], nullable: true, type: String }) expectedEvery: 'monthly' | 'weekly' | null;
  @ApiProperty({ nullable: true, type: Number }) expectedByDay: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'In words, e.g. "by day 10 of each month"' }) description: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The day the delivery is due in the current period' }) dueBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The period the feed is overdue for now (e.g. "2026-12" or "week of 2026-12-07"), or null' }) overdueFor: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When its last load that published rows finished' }) lastLoadedAt: string | null;
}

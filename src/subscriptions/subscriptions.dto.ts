import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsUUID, Max, Min, ValidateIf } from 'class-validator';

export class CreateSubscriptionDto {
  @ApiProperty({ enum: ['view', 'dashboard'] })
  @IsIn(['view', 'dashboard'], { message: 'Subscribe to a view or a dashboard' })
  targetType: 'view' | 'dashboard';

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'targetId must be the id of a saved view or dashboard' })
  targetId: string;

  @ApiProperty({ enum: ['weekly', 'monthly'] })
  @IsIn(['weekly', 'monthly'], { message: 'Choose weekly or monthly' })
  frequency: 'weekly' | 'monthly';
}

export class CreateAlertDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'viewId must be the id of a saved view' })
  viewId: string;

  @ApiProperty({ enum: ['exceeds', 'unusual'], description: 'exceeds: above a number in a month; unusual: above its usual range (the emerging-trend test)' })
  @IsIn(['exceeds', 'unusual'], { message: 'Choose "exceeds" (a number a month) or "unusual" (above its usual range)' })
  rule: 'exceeds' | 'unusual';

  @ApiPropertyOptional({ description: 'For exceeds: the monthly count to watch for (1 to 1,000,000)' })
  @ValidateIf((o: CreateAlertDto) => o.rule === 'exceeds')
  @IsInt({ message: 'Give the monthly number as a whole number' })
  @Min(1, { message: 'The monthly number must be at least 1' })
  @Max(1_000_000, { message: 'The monthly number must be at most 1,000,000' })
  threshold?: number;
}

export class SubscriptionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['view', 'dashboard'] }) targetType: 'view' | 'dashboard';
  @ApiProperty() targetId: string;
  @ApiProperty({ description: 'The title, or null when the target is gone or no longer shared with you' }) title: string | null;
  @ApiProperty({ enum: ['weekly', 'monthly'] }) frequency: 'weekly' | 'monthly';
  @ApiProperty() nextSendAt: string;
  @ApiProperty({ nullable: true }) lastSentAt: string | null;
  @ApiProperty({ nullable: true, description: 'sent, or why nothing was sent: no_access, gone, no_charts, refused:<code>' }) lastOutcome: string | null;
}

export class AlertDto {
  @ApiProperty() id: string;
  @ApiProperty() viewId: string;
  @ApiProperty({ nullable: true }) title: string | null;
  @ApiProperty({ enum: ['exceeds', 'unusual'] }) rule: 'exceeds' | 'unusual';
  @ApiProperty({ nullable: true }) threshold: number | null;
  @ApiProperty({ nullable: true }) lastCheckedAt: string | null;
  @ApiProperty({ nullable: true, description: 'The month it last fired for' }) lastFiredMonth: string | null;
  @ApiProperty({ nullable: true }) lastOutcome: string | null;
}

export class MySubscriptionsDto {
  @ApiProperty({ description: 'Whether the hub sends email at all (SMTP configured)' }) emailEnabled: boolean;
  @ApiProperty({ type: [SubscriptionDto] }) subscriptions: SubscriptionDto[];
  @ApiProperty({ type: [AlertDto] }) alerts: AlertDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsIn, ValidateNested } from 'class-validator';
import { NotificationKind } from '../governance/notification.entity.js';
import type { EmailDelivery } from './notification-email.js';

const DELIVERIES = ['off', 'immediate', 'digest'] as const;

export class EmailChoiceDto {
  @ApiProperty({ enum: NotificationKind })
  @IsEnum(NotificationKind, { message: 'kind must be one of the notification kinds' })
  kind: NotificationKind;

  @ApiProperty({ enum: DELIVERIES, description: 'off, immediate (one email each) or digest (one summary a day)' })
  @IsIn(DELIVERIES, { message: 'delivery must be off, immediate or digest' })
  delivery: EmailDelivery;
}

export class UpdateEmailPreferencesDto {
  @ApiProperty({ type: [EmailChoiceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EmailChoiceDto)
  preferences: EmailChoiceDto[];
}

export class EmailKindDto {
  @ApiProperty({ enum: NotificationKind }) kind: NotificationKind;
  @ApiProperty() label: string;
  @ApiProperty({ enum: DELIVERIES }) delivery: EmailDelivery;
  @ApiProperty({ description: 'True when this is the default, not a choice the user made' }) isDefault: boolean;
}

export class EmailPreferencesDto {
  @ApiProperty({ description: 'Whether the hub sends email at all (SMTP configured)' }) emailEnabled: boolean;
  @ApiProperty({ description: 'Where email goes: the account address' }) address: string;
  @ApiProperty({ type: [EmailKindDto] }) kinds: EmailKindDto[];
}

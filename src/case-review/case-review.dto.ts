import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel } from './case-review.entity.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = (field: string) => ({ message: `${field} must be a date like 2026-03-31` });
const DISTRICT = /^E0[6-9]\d{6}$/;

export class PersonDto {
  @ApiProperty() @IsString() @Length(2, 200, { message: 'Give the name in 2 to 200 characters' }) name: string;
  @ApiPropertyOptional({ description: 'yyyy-mm-dd; with the name it finds the person in partners\' records' })
  @IsOptional() @Matches(ISO_DATE, DATE_MESSAGE('dateOfBirth')) dateOfBirth?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 50) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) address?: string;
  @ApiPropertyOptional({ description: 'For someone applying on the victim\'s behalf: how they are related' })
  @IsOptional() @IsString() @Length(0, 100) relationship?: string;
}

export class LocationDto {
  @ApiProperty() @IsString() @Length(3, 300, { message: 'Give the address of the location in 3 to 300 characters' }) address: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 10) postcode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) description?: string;
}

export class IncidentDto {
  @ApiProperty() @Matches(ISO_DATE, DATE_MESSAGE('incident date')) date: string;
  @ApiProperty() @IsString() @Length(3, 2000, { message: 'Describe each incident in 3 to 2000 characters' }) description: string;
  @ApiPropertyOptional({ description: 'Whom the applicant reported it to, if anyone' }) @IsOptional() @IsString() @Length(0, 200) reportedTo?: string;
}

export class ContactPreferenceDto {
  @ApiProperty({ enum: ['phone', 'email', 'letter'] }) @IsIn(['phone', 'email', 'letter'], { message: 'contact method must be phone, email or letter' }) method: 'phone' | 'email' | 'letter';
  @ApiPropertyOptional({ description: 'e.g. safe times to call' }) @IsOptional() @IsString() @Length(0, 500) notes?: string;
}

/** An application as a CSP officer records it from a phone call, form or letter. */
export class CreateApplicationDto {
  @ApiProperty({ description: 'ONS code of the district or unitary whose partnership handles it' })
  @Matches(DISTRICT, { message: 'districtCode must be an ONS code like E07000094' }) districtCode: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn([...CHANNELS], { message: `channel must be one of ${CHANNELS.join(', ')}` }) channel: Channel;
  @ApiProperty() @Matches(ISO_DATE, DATE_MESSAGE('receivedOn')) receivedOn: string;
  @ApiProperty({ type: PersonDto, description: 'The victim' }) @ValidateNested() @Type(() => PersonDto) applicant: PersonDto;
  @ApiPropertyOptional({ type: PersonDto, description: 'Someone applying on the victim\'s behalf' }) @IsOptional() @ValidateNested() @Type(() => PersonDto) onBehalfOf?: PersonDto;
  @ApiProperty({ type: LocationDto }) @ValidateNested() @Type(() => LocationDto) location: LocationDto;
  @ApiProperty({ type: [IncidentDto] }) @IsArray() @ArrayMinSize(1, { message: 'Describe at least one incident' }) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => IncidentDto) incidents: IncidentDto[];
  @ApiProperty({ type: ContactPreferenceDto }) @ValidateNested() @Type(() => ContactPreferenceDto) contact: ContactPreferenceDto;
  @ApiProperty({ description: 'Any incident was motivated by hostility (hate incident)' }) @IsBoolean() hateIncident: boolean;
  @ApiProperty({ description: 'The risk assessment found the victim vulnerable' }) @IsBoolean() vulnerableVictim: boolean;
}

export class ThresholdDecisionDto {
  @ApiProperty({ enum: ['met', 'not_met'] }) @IsIn(['met', 'not_met'], { message: 'decision must be met or not_met' }) decision: 'met' | 'not_met';
  @ApiProperty({ description: 'Why: kept with the case and given to the applicant' }) @IsString() @Length(10, 4000, { message: 'Give the reasons in 10 to 4000 characters' }) reasons: string;
}

export class DatedDto {
  @ApiProperty({ description: 'yyyy-mm-dd, not in the future' }) @Matches(ISO_DATE, DATE_MESSAGE('on')) on: string;
}

export class OpenReviewDto {
  @ApiProperty({ type: [String], description: 'Slugs of the agencies taking part (the chair\'s is added)' })
  @IsArray() @ArrayMinSize(1, { message: 'Name at least one agency' }) @ArrayMaxSize(20) @ArrayUnique() @Matches(/^[a-z][a-z0-9-]{1,62}$/, { each: true, message: 'Give agencies by their slugs' })
  agencies: string[];
}

export class PackRequestDto {
  @ApiProperty({ description: 'The ASB information sharing agreement the case pack rests on' }) @IsUUID('all', { message: 'agreementId must be an agreement id' }) agreementId: string;
}

export class ItemDto {
  @ApiProperty({ enum: ['recommendation', 'action'] }) @IsIn(['recommendation', 'action'], { message: 'kind must be recommendation or action' }) kind: 'recommendation' | 'action';
  @ApiProperty() @IsString() @Length(3, 2000, { message: 'Write it in 3 to 2000 characters' }) text: string;
  @ApiPropertyOptional({ description: 'Owning agency slug (actions)' }) @IsOptional() @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'owner must be an agency slug' }) owner?: string;
  @ApiPropertyOptional({ description: 'Due date (actions)' }) @IsOptional() @Matches(ISO_DATE, DATE_MESSAGE('dueOn')) dueOn?: string;
}

export class OutcomeDto {
  @ApiProperty({ description: 'The outcome as told to the applicant' }) @IsString() @Length(10, 4000, { message: 'Give the outcome in 10 to 4000 characters' }) outcome: string;
  @ApiProperty({ description: 'When the applicant was told' }) @Matches(ISO_DATE, DATE_MESSAGE('respondedOn')) respondedOn: string;
}

export class AppealDto {
  @ApiProperty() @Matches(ISO_DATE, DATE_MESSAGE('requestedOn')) requestedOn: string;
  @ApiPropertyOptional({ description: 'The PCC\'s decision, once made' }) @IsOptional() @IsString() @Length(3, 4000) outcome?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ISO_DATE, DATE_MESSAGE('decidedOn')) decidedOn?: string;
}

export class FiguresQueryDto {
  @ApiProperty({ description: 'A calendar year (2026) or a financial year (2026-27, April to March)' })
  @Matches(/^\d{4}(-\d{2})?$/, { message: 'period must be a year like 2026, or a financial year like 2026-27' })
  period: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AgreementStatus } from './agreement.entity.js';

const SLUG = /^[a-z][a-z0-9-]{1,62}$/;
const DATE = { strict: true } as const;

export class CreateAgreementDto {
  @ApiProperty({ example: 'Hampshire ASB partnership sharing agreement' })
  @IsString()
  @Length(3, 200, { message: 'Give a title of 3 to 200 characters' })
  title: string;

  @ApiProperty({ example: 'Identifying repeat and vulnerable victims of ASB across partners' })
  @IsString()
  @Length(3, 2000, { message: 'Say in 3 to 2000 characters what the sharing is for' })
  purpose: string;

  @ApiProperty({ example: 'Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)' })
  @IsString()
  @Length(3, 500, { message: 'Name the lawful basis in 3 to 500 characters' })
  lawfulBasis: string;

  @ApiProperty({ type: [String], description: 'Organisation slugs of the parties (at least two)' })
  @IsArray()
  @ArrayMinSize(2, { message: 'An agreement needs at least two parties' })
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(SLUG, { each: true, message: 'Parties must be organisation slugs like winchester' })
  parties: string[];

  @ApiProperty({ type: [String], description: 'Slugs of the datasets the agreement covers (at least one)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'Name at least one dataset the agreement covers' })
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(SLUG, { each: true, message: 'Datasets must be dataset slugs like police-street' })
  datasets: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  @IsISO8601(DATE, { message: 'startsAt must be a date like 2026-04-01' })
  startsAt: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the IMB next reviews it' })
  @IsISO8601(DATE, { message: 'reviewAt must be a date like 2027-04-01' })
  reviewAt: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'No grant under the agreement lasts past this' })
  @IsISO8601(DATE, { message: 'endsAt must be a date like 2028-03-31' })
  endsAt: string;

  @ApiPropertyOptional({ enum: [AgreementStatus.Draft, AgreementStatus.Active], default: AgreementStatus.Active })
  @IsOptional()
  @IsEnum({ draft: AgreementStatus.Draft, active: AgreementStatus.Active }, { message: 'A new agreement is draft or active' })
  status?: AgreementStatus;
}

/** Changes to an agreement. Ending, suspending or narrowing it ends the grants that no longer fit. */
export class UpdateAgreementDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(3, 200, { message: 'Give a title of 3 to 200 characters' })
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(3, 2000, { message: 'Say in 3 to 2000 characters what the sharing is for' })
  purpose?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(3, 500, { message: 'Name the lawful basis in 3 to 500 characters' })
  lawfulBasis?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2, { message: 'An agreement needs at least two parties' })
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(SLUG, { each: true, message: 'Parties must be organisation slugs like winchester' })
  parties?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'Name at least one dataset the agreement covers' })
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(SLUG, { each: true, message: 'Datasets must be dataset slugs like police-street' })
  datasets?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsISO8601(DATE, { message: 'reviewAt must be a date like 2027-04-01' })
  reviewAt?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsISO8601(DATE, { message: 'endsAt must be a date like 2028-03-31' })
  endsAt?: string;

  @ApiPropertyOptional({ enum: AgreementStatus })
  @IsOptional()
  @IsEnum(AgreementStatus, { message: 'status must be draft, active, suspended or ended' })
  status?: AgreementStatus;

  @ApiPropertyOptional({ description: 'Recorded in the audit log, and on any grant the change ends' })
  @IsOptional()
  @IsString()
  @Length(3, 500, { message: 'Say in 3 to 500 characters why the agreement changes' })
  reason?: string;
}

export class RefDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class AgreementDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() purpose: string;
  @ApiProperty() lawfulBasis: string;
  @ApiProperty({ type: [RefDto] }) parties: RefDto[];
  @ApiProperty({ type: [RefDto], description: 'Datasets covered (name is the title)' }) datasets: RefDto[];
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) reviewAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty({ enum: AgreementStatus }) status: AgreementStatus;
  @ApiProperty({ description: 'The review date has passed' }) reviewDue: boolean;
  @ApiProperty({ description: 'Active and within its dates: requests and grants may rest on it' }) inForce: boolean;
  @ApiProperty({ description: 'Grants that the change ended or shortened (on updates only)', required: false }) grantsAffected?: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AccessLevel } from '../access/access-level.js';
import { AREA_CODE_OR_ALL } from '../access/grants.dto.js';
import type { ApprovalRule } from '../config/app-config.js';
import { RequestStatus } from './access-request.entity.js';

export class CreateAccessRequestDto {
  @ApiProperty({ description: 'Dataset slug' })
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'Give the dataset by its slug, like police-street' })
  dataset: string;

  @ApiProperty({ enum: AccessLevel })
  @IsEnum(AccessLevel, { message: 'level must be aggregate, record or identifiable' })
  level: AccessLevel;

  @ApiProperty({ type: [String], description: 'ONS area codes, or ["all"]' })
  @IsArray()
  @ArrayMinSize(1, { message: 'Give at least one area' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(AREA_CODE_OR_ALL, { each: true, message: 'Areas must be ONS codes like E07000094, or all' })
  areas: string[];

  @ApiProperty({ description: 'Why the access is needed' })
  @IsString()
  @Length(10, 1000, { message: 'Say in 10 to 1000 characters what the access is for' })
  purpose: string;

  @ApiProperty({ description: 'Id of the information sharing agreement the access rests on' })
  @IsUUID('all', { message: 'agreementId must be an agreement id' })
  agreementId: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the access should end; not after the agreement ends' })
  @IsISO8601({ strict: true }, { message: 'until must be a date like 2026-12-31' })
  until: string;
}

export class DecisionNoteDto {
  @ApiProperty({ description: 'Why: kept with the decision and sent to the requester' })
  @IsString()
  @Length(3, 1000, { message: 'Give a note of 3 to 1000 characters' })
  note: string;
}

/** An approval, optionally narrower than asked: a lower level, fewer areas, an earlier end. */
export class ApproveRequestDto extends DecisionNoteDto {
  @ApiPropertyOptional({ enum: AccessLevel, description: 'A lower level than asked; left out: as asked' })
  @IsOptional()
  @IsEnum(AccessLevel, { message: 'level must be aggregate, record or identifiable' })
  level?: AccessLevel;

  @ApiPropertyOptional({ type: [String], description: 'Some of the areas asked for (ONS codes); left out: as asked' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(/^E0[67]\d{6}$/, { each: true, message: 'Areas must be ONS codes like E07000094' })
  areas?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'An earlier end than asked; left out: as asked' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be a date like 2026-12-31' })
  until?: string;
}

export class RevokeWithReasonDto {
  @ApiProperty()
  @IsString()
  @Length(3, 500, { message: 'Say in 3 to 500 characters why the access ends' })
  reason: string;
}

export class ListAccessRequestsQueryDto {
  @ApiPropertyOptional({
    enum: ['mine', 'to_decide', 'all'],
    description: 'mine: my requests (default); to_decide: pending requests I may decide; all: every request I may see',
  })
  @IsOptional()
  @IsEnum({ mine: 'mine', to_decide: 'to_decide', all: 'all' })
  scope?: 'mine' | 'to_decide' | 'all';

  @ApiPropertyOptional({ enum: RequestStatus })
  @IsOptional()
  @IsEnum(RequestStatus)
  status?: RequestStatus;
}

export class DecisionDto {
  @ApiProperty() deciderId: string;
  @ApiProperty() deciderEmail: string;
  @ApiProperty({ enum: ['data_owner', 'imb'] }) capacity: string;
  @ApiProperty({ enum: ['approved', 'refused'] }) outcome: string;
  @ApiProperty() note: string;
  @ApiProperty({ type: String, format: 'date-time' }) decidedAt: string;
  @ApiProperty({ nullable: true, enum: AccessLevel, description: 'A partial approval’s level; null: as before' }) grantedLevel: AccessLevel | null;
  @ApiProperty({ nullable: true, type: [String], description: 'A partial approval’s areas; null: as before' }) grantedAreas: string[] | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'A partial approval’s end; null: as before' }) grantedUntil: string | null;
}

/** What the approvals so far give: the grant's terms once approved. */
export class GrantedTermsDto {
  @ApiProperty({ enum: AccessLevel }) level: AccessLevel;
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty({ type: String, format: 'date-time' }) until: string;
  @ApiProperty({ description: 'Narrower than asked: a lower level, fewer areas or an earlier end' }) partial: boolean;
}

export class AccessRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() requesterId: string;
  @ApiProperty() requesterEmail: string;
  @ApiProperty({ description: 'The requester’s display name' }) requesterName: string;
  @ApiProperty({ description: 'Organisation slug' }) requesterOrganisation: string;
  @ApiProperty({ description: 'Organisation name, for people to read' }) requesterOrganisationName: string;
  @ApiProperty({ description: 'Dataset slug' }) dataset: string;
  @ApiProperty() datasetTitle: string;
  @ApiProperty({ description: 'Name of the organisation that owns the dataset' }) datasetOwnerName: string;
  @ApiProperty() sensitivity: string;
  @ApiProperty({ enum: AccessLevel }) level: AccessLevel;
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty() purpose: string;
  @ApiProperty() agreementId: string;
  @ApiProperty() agreementTitle: string;
  @ApiProperty({ type: String, format: 'date-time' }) until: string;
  @ApiProperty({ enum: ['either', 'both', 'data_owner', 'imb'], description: 'Who must approve' }) approvalRule: ApprovalRule;
  @ApiProperty({ type: [String], description: 'Capacities whose approval is still awaited' }) awaiting: string[];
  @ApiProperty({ enum: RequestStatus }) status: RequestStatus;
  @ApiProperty({ type: [DecisionDto] }) decisions: DecisionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'The grant approval created' }) grantId: string | null;
  @ApiProperty({ description: 'Whether the caller may approve or refuse it now' }) canDecide: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The ASB case review whose case pack this request is for' }) caseReviewId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: GrantedTermsDto, description: 'Terms given by the approvals so far (null before any approval)' }) granted: GrantedTermsDto | null;
}

export class RequestColumnDto {
  @ApiProperty() name: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Personal data: seen only at identifiable level' }) personal: boolean;
  @ApiProperty({ description: 'Seen at the level asked for' }) included: boolean;
}

export class RequestAgreementDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() purpose: string;
  @ApiProperty() lawfulBasis: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
}

export class DataPeriodDto {
  @ApiProperty({ nullable: true, type: String, description: 'First month of data the dataset holds (YYYY-MM); null when empty' }) from: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Last month held' }) to: string | null;
  @ApiProperty({ description: 'Grants are not limited by month: access covers every month held, now and as loaded' }) limitedByMonth: boolean;
}

export class HoldingDto {
  @ApiProperty() grantId: string;
  @ApiProperty() dataset: string;
  @ApiProperty() datasetTitle: string;
  @ApiProperty() datasetOwnerName: string;
  @ApiProperty({ enum: AccessLevel }) level: AccessLevel;
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty({ description: 'Held by the requester by name, or by their whole organisation' }) byOrganisation: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
}

export class RequestViewDto {
  @ApiProperty() email: string;
  @ApiProperty({ enum: ['data_owner', 'imb'] }) capacity: string;
  @ApiProperty({ type: String, format: 'date-time' }) firstSeenAt: string;
}

/** One request with everything an approver weighs: columns, data period, agreement, what the requester already holds. */
export class AccessRequestDetailDto extends AccessRequestDto {
  @ApiProperty({ type: [RequestViewDto], description: 'Possible deciders who have opened the request (first time), so each capacity sees whether the other has looked' })
  seenBy: RequestViewDto[];
  @ApiProperty({ type: [RequestColumnDto] }) columns: RequestColumnDto[];
  @ApiProperty({ type: DataPeriodDto }) dataPeriod: DataPeriodDto;
  @ApiProperty() datasetLawfulBasis: string;
  @ApiProperty({ nullable: true, type: RequestAgreementDto }) agreement: RequestAgreementDto | null;
  @ApiProperty({ type: [HoldingDto], description: 'The requester’s live grants (their own and their organisation’s), on any dataset' }) holdings: HoldingDto[];
}

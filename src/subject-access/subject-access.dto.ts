import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

/** A subject access search: a name, a date of birth, a reference, or several of them. */
export class SubjectSearchDto {
  @ApiPropertyOptional({ description: 'Full name, in any order, case and punctuation' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'Date of birth, dd/mm/yyyy or yyyy-mm-dd' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: "A partner's record reference, e.g. a case reference" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;
}

export class SubjectColumnDto {
  @ApiProperty() name: string;
  @ApiProperty() label: string;
  @ApiProperty() personal: boolean;
}

export class SubjectRecordDto {
  @ApiProperty({ description: 'The load that brought the record' }) loadId: string;
  @ApiProperty({ description: "The record's row in that load's file" }) sourceRow: number;
  @ApiProperty({ nullable: true, type: String }) file: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) loadedAt: string | null;
  @ApiProperty({ type: [String], description: 'name, dateOfBirth, reference, subjectKey' }) matchedBy: string[];
  @ApiProperty({ type: Object, description: 'Column name → value' }) values: Record<string, unknown>;
}

export class SubjectDatasetDto {
  @ApiProperty() dataset: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) partner: string | null;
  @ApiProperty({ description: "The caller's organisation owns it (and may erase its records)" }) owned: boolean;
  @ApiProperty() lawfulBasis: string;
  @ApiProperty({ type: [String], description: 'The terms this dataset could be searched by' }) checked: string[];
  @ApiProperty({ type: [SubjectColumnDto] }) columns: SubjectColumnDto[];
  @ApiProperty({ type: [SubjectRecordDto] }) records: SubjectRecordDto[];
  @ApiProperty({ description: 'More records matched than are shown' }) truncated: boolean;
}

export class SubjectSearchResultDto {
  @ApiProperty({ description: 'Records found' }) hits: number;
  @ApiProperty({ type: [SubjectDatasetDto], description: 'Every dataset searched (those the caller holds identifiable access to), with its records' })
  datasets: SubjectDatasetDto[];
}

export class RecordRefDto {
  @ApiProperty() @IsUUID() loadId: string;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) sourceRow: number;
}

export class EraseRecordsDto {
  @ApiProperty({ description: 'Dataset slug' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  dataset: string;

  @ApiProperty({ type: [RecordRefDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RecordRefDto)
  records: RecordRefDto[];

  @ApiProperty({ description: 'Why the law allows (or requires) erasure; recorded with the erasure' })
  @IsString()
  @MinLength(10, { message: 'Give the reason for the erasure (at least 10 characters).' })
  @MaxLength(2000)
  reason: string;
}

export class ErasureResultDto {
  @ApiProperty() erasureId: string;
  @ApiProperty() dataset: string;
  @ApiProperty({ description: 'Distinct records erased' }) records: number;
  @ApiProperty() rowsDeleted: number;
  @ApiProperty({ description: 'Replaced versions deleted from the archive' }) archivedRowsDeleted: number;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { MAX_RETENTION_MONTHS } from './retention.service.js';

export class SetRetentionDto {
  @ApiProperty({ nullable: true, type: Number, description: `Months a row is kept after its month (1 to ${MAX_RETENTION_MONTHS}); null keeps rows until set` })
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'The retention period is a whole number of months.' })
  @Min(1, { message: 'The retention period is at least 1 month.' })
  @Max(MAX_RETENTION_MONTHS, { message: `The retention period is at most ${MAX_RETENTION_MONTHS} months.` })
  retentionMonths: number | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class GenerateBoardPackDto {
  @ApiPropertyOptional({ example: '2026-Q3', description: 'The quarter to report on; the last one ended when left out' })
  @IsOptional()
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'Give the quarter like 2026-Q3' })
  quarter?: string;
}

export class BoardPackDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-Q3' }) quarter: string;
  @ApiProperty({ enum: ['on_demand', 'schedule'] }) trigger: 'on_demand' | 'schedule';
  @ApiProperty() pages: number;
  @ApiProperty() createdAt: string;
}

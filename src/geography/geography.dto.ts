import { ApiProperty } from '@nestjs/swagger';

/** Whether boundaries are loaded, and their version (the ETag of every boundary answer includes it). */
export class GeographyStatusDto {
  @ApiProperty() loaded!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Fingerprint of the loaded boundaries' }) version!: string | null;
  @ApiProperty() districts!: number;
  @ApiProperty() lsoas!: number;
  @ApiProperty({ nullable: true, type: String, description: 'What to do when nothing is loaded' }) message!: string | null;
}

import { ApiProperty } from '@nestjs/swagger';

/** The deprivation reference data loaded: which version, from which file, and the best-fit lookup's rows by rule. */
export class ReferenceStatusDto {
  @ApiProperty() loaded!: boolean;
  @ApiProperty({ nullable: true, type: Number }) version!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'File name the version was loaded from' }) source!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of that file' }) sha256!: string | null;
  @ApiProperty({ description: '2011 LSOAs in the file' }) lsoas!: number;
  @ApiProperty({ nullable: true, type: String }) loadedAt!: string | null;
  @ApiProperty({ description: 'LSOA codes found in the data that are not 2011 LSOAs of the file, by the rule that placed them (docs/reference-data.md)', type: Object })
  bestFit!: Record<string, number>;
  @ApiProperty() attribution!: string;
}

/** One 2011 LSOA: deprivation and population (public data, Open Government Licence). */
export class LsoaProfileDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() districtCode!: string;
  @ApiProperty({ description: 'IMD 2019 rank, 1 = most deprived in England' }) imdRank!: number;
  @ApiProperty({ description: 'IMD 2019 decile, 1 = most deprived tenth' }) imdDecile!: number;
  @ApiProperty() population!: number;
  @ApiProperty() children!: number;
  @ApiProperty() aged16to59!: number;
  @ApiProperty() older!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The electoral ward covering most of the LSOA (best fit, docs/reference-data.md); null with no ward boundaries' })
  wardCode!: string | null;
}

export class LsoaProfilesDto {
  @ApiProperty({ nullable: true, type: Number }) version!: number | null;
  @ApiProperty({ type: [LsoaProfileDto] }) lsoas!: LsoaProfileDto[];
}

/** Shown with every map and rate. */
export const REFERENCE_ATTRIBUTION =
  'Boundaries: contains OS and ONS data © Crown copyright and database right 2016 (Open Government Licence v3.0; OS OpenData Licence). ' +
  'Deprivation and population: English Indices of Deprivation 2019, MHCLG (Open Government Licence v3.0).';

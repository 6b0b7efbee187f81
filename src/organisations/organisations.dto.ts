import { ApiProperty } from '@nestjs/swagger';
import { areaByCode } from '../../domain/areas.reference.js';
import type { Organisation } from './organisation.entity.js';
import { OrganisationType } from '../../domain/organisation-type.js';

export class AreaDto {
  @ApiProperty({ example: 'E07000094' }) code: string;
  @ApiProperty({ example: 'Winchester' }) name: string;

  static fromCode(code: string): AreaDto {
    return { code, name: areaByCode(code)?.name ?? code };
  }
}

export class OrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'winchester' }) slug: string;
  @ApiProperty({ example: 'Winchester City Council' }) name: string;
  @ApiProperty({ enum: OrganisationType }) type: OrganisationType;
  @ApiProperty({ nullable: true, example: 'E07000094' }) onsCode: string | null;
  @ApiProperty({ type: [AreaDto] }) areas: AreaDto[];

  static from(o: Organisation): OrganisationDto {
    return { id: o.id, slug: o.slug, name: o.name, type: o.type, onsCode: o.onsCode, areas: o.areas.map(AreaDto.fromCode) };
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { LsoaProfilesDto, ReferenceStatusDto } from './reference.dto.js';
import { ReferenceQueryService } from './reference-query.service.js';

/** Deprivation and population reference data (public, Open Government Licence), for rates and map layers. */
@ApiTags('reference')
@Controller('reference')
export class ReferenceController {
  constructor(private readonly reference: ReferenceQueryService) {}

  @Get()
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiOkResponse({ type: ReferenceStatusDto })
  status(): Promise<ReferenceStatusDto> {
    return this.reference.status();
  }

  /** Every 2011 LSOA with its IMD decile and population (the deprivation map layer). */
  @Get('lsoas')
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiOkResponse({ type: LsoaProfilesDto })
  lsoas(): Promise<LsoaProfilesDto> {
    return this.reference.lsoas();
  }
}

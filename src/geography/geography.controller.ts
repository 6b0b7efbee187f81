import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { BoundariesService } from './boundaries.service.js';
import { sendBoundaries, TOPOJSON_TYPE } from './boundary-response.js';
import { GeographyStatusDto } from './geography.dto.js';
import { DistrictCodesPipe } from './district-codes.pipe.js';

/** The boundaries loaded into the hub, for maps. Public reference data (OGL), not partner data. */
@ApiTags('geography')
@Controller('geography')
export class GeographyController {
  constructor(private readonly boundaries: BoundariesService) {}

  @Get()
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiOkResponse({ type: GeographyStatusDto })
  status(): Promise<GeographyStatusDto> {
    return this.boundaries.status();
  }

  /** The 14 districts as simplified TopoJSON (object `districts`); 404 `geography_not_loaded` when none are loaded. */
  @Get('districts')
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiProduces(TOPOJSON_TYPE)
  @ApiOkResponse({ description: 'TopoJSON topology, object "districts": id = ONS code, properties.name' })
  async districts(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendBoundaries(req, res, await this.boundaries.districts());
  }

  /** LSOAs as simplified TopoJSON (object `lsoas`), of the districts named (repeat or comma-separate) or all. */
  @Get('lsoas')
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiQuery({ name: 'district', required: false, description: 'ONS code(s) of districts, e.g. E07000094' })
  @ApiProduces(TOPOJSON_TYPE)
  @ApiOkResponse({ description: 'TopoJSON topology, object "lsoas": id = LSOA code, properties.name and .district' })
  async lsoas(@Query('district', DistrictCodesPipe) districts: string[], @Req() req: Request, @Res() res: Response): Promise<void> {
    sendBoundaries(req, res, await this.boundaries.lsoas(districts));
  }

  /** Electoral wards as simplified TopoJSON (object `wards`), for ward maps. */
  @Get('wards')
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiProduces(TOPOJSON_TYPE)
  @ApiOkResponse({ description: 'TopoJSON topology, object "wards": id = ward code, properties.name and .district' })
  async wards(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendBoundaries(req, res, await this.boundaries.wards());
  }
}

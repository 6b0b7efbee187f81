import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { DatasetDetailDto, DatasetSummaryDto } from './datasets.dto.js';
import { DatasetsService } from './datasets.service.js';
import { DatasetSlugPipe } from './dataset-slug.pipe.js';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Get()
  @Authenticated({ permission: Permission.DatasetsRead })
  @ApiOkResponse({ type: [DatasetSummaryDto] })
  list(@CurrentUser() caller: AuthUser): Promise<DatasetSummaryDto[]> {
    return this.datasets.list(caller);
  }

  @Get(':slug')
  @Authenticated({ permission: Permission.DatasetsRead, apiToken: { kind: 'dataset_query', scopeParam: 'slug' } })
  @ApiOkResponse({ type: DatasetDetailDto })
  get(@CurrentUser() caller: AuthUser, @Param('slug', DatasetSlugPipe) slug: string): Promise<DatasetDetailDto> {
    return this.datasets.get(caller, slug);
  }
}

import { rm } from 'node:fs/promises';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { badRequest } from '../common/domain-error.js';
import { FeedsService } from './feeds.service.js';
import { CreateFeedDto, FeedDto, LoadDto, MappingDto, UpdateFeedDto } from './ingest.dto.js';
import { LoadsService } from './loads.service.js';
import { UploadInterceptor } from './upload.interceptor.js';

@ApiTags('feeds')
@Controller('feeds')
export class FeedsController {
  constructor(
    private readonly feeds: FeedsService,
    private readonly loads: LoadsService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.FeedsRead })
  @ApiOkResponse({ type: [FeedDto] })
  list(): Promise<FeedDto[]> {
    return this.feeds.list();
  }

  @Get(':slug')
  @Authenticated({ permission: Permission.FeedsRead })
  @ApiOkResponse({ type: FeedDto })
  get(@Param('slug') slug: string): Promise<FeedDto> {
    return this.feeds.describe(slug);
  }

  @Post()
  @Authenticated({ permission: Permission.FeedsManage })
  @ApiCreatedResponse({ type: FeedDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateFeedDto, @Req() req: Request): Promise<FeedDto> {
    return this.feeds.create(user, dto, clientAddress(req));
  }

  @Patch(':slug')
  @Authenticated({ permission: Permission.FeedsManage })
  @ApiOkResponse({ type: FeedDto })
  update(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Body() dto: UpdateFeedDto, @Req() req: Request): Promise<FeedDto> {
    return this.feeds.update(user, slug, dto, clientAddress(req));
  }

  @Get(':slug/mapping')
  @Authenticated({ permission: Permission.FeedsRead })
  async mapping(@Param('slug') slug: string): Promise<{ mapping: Record<string, unknown> | null }> {
    return { mapping: (await this.feeds.describe(slug)).mapping };
  }

  @Put(':slug/mapping')
  @Authenticated({ permission: Permission.FeedsManage })
  @ApiOkResponse({ type: FeedDto })
  saveMapping(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Body() dto: MappingDto, @Req() req: Request): Promise<FeedDto> {
    return this.feeds.updateMapping(user, slug, dto.mapping, clientAddress(req));
  }

  /** Multipart upload (field `file`), streamed to disk; the load runs in the background. Poll GET /api/loads/:id. */
  @Post(':slug/loads')
  @HttpCode(202)
  @Authenticated({ permission: Permission.LoadsRun, apiToken: { kind: 'feed_upload', scopeParam: 'slug' } })
  @UseInterceptors(UploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiAcceptedResponse({ type: LoadDto })
  async upload(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Req() req: Request): Promise<LoadDto> {
    const file = (req as Request & { file?: Express.Multer.File }).file;
    if (!file) throw badRequest('file_required', 'Attach the file to load as the multipart field "file".');
    let preview: boolean | undefined;
    try {
      preview = previewField((req.body as Record<string, unknown> | undefined)?.preview);
    } catch (err) {
      await rm(file.path, { force: true });
      throw err;
    }
    const { load } = await this.loads.submit({ feedSlug: slug, path: file.path, fileName: file.originalname, source: 'upload', user, address: clientAddress(req), preview });
    return (await this.loads.describe([load]))[0];
  }
}

/** The upload form's optional `preview` field: true or false, or left out for the feed's setting. */
function previewField(value: unknown): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  throw badRequest('invalid_preview', 'preview must be true or false.');
}

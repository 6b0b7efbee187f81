import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { BoardPackDto, GenerateBoardPackDto } from './board-pack.dto.js';
import { BoardPackService } from './board-pack.service.js';

/** The IMB board pack: the caller's packs, making one now, and downloading one (all audited). */
@ApiTags('governance')
@Controller('board-packs')
export class BoardPackController {
  constructor(private readonly packs: BoardPackService) {}

  @Get()
  @Authenticated({ permission: Permission.BoardPackRead })
  @ApiOkResponse({ type: [BoardPackDto], description: "The caller's board packs, newest first (scheduled and on demand)" })
  list(@CurrentUser() caller: AuthUser): Promise<BoardPackDto[]> {
    return this.packs.list(caller);
  }

  @Post()
  @Authenticated({ permission: Permission.BoardPackRead })
  @ApiCreatedResponse({ type: BoardPackDto, description: 'Makes a board pack for the caller now (audited)' })
  generate(@CurrentUser() caller: AuthUser, @Body() dto: GenerateBoardPackDto, @Req() req: Request): Promise<BoardPackDto> {
    return this.packs.generate(caller, dto.quarter, clientAddress(req));
  }

  @Get(':id/pdf')
  @Authenticated({ permission: Permission.BoardPackRead })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The board pack PDF (each download audited)' })
  async pdf(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { pdf, filename } = await this.packs.download(caller, id, clientAddress(req));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  }
}

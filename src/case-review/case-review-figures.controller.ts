import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { CaseFiguresService } from './case-figures.service.js';
import { FiguresQueryDto } from './case-review.dto.js';

/** The yearly published figures (no personal data; small numbers handled by disclosure control). */
@ApiTags('case-reviews')
@Controller('case-review-figures')
export class CaseReviewFiguresController {
  constructor(private readonly figures: CaseFiguresService) {}

  @Get()
  @Authenticated({ permission: Permission.CaseReviewsFigures })
  @ApiOkResponse({ description: 'Applications, threshold not met, reviews carried out, reviews with recommendations, per district' })
  get(@CurrentUser() caller: AuthUser, @Query() q: FiguresQueryDto, @Req() req: Request) {
    return this.figures.figures(caller, q.period, clientAddress(req));
  }

  @Get('export')
  @Authenticated({ permission: Permission.CaseReviewsFigures })
  @ApiProduces('text/csv')
  async csv(@CurrentUser() caller: AuthUser, @Query() q: FiguresQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { filename, body } = await this.figures.csv(caller, q.period, clientAddress(req));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(body);
  }
}

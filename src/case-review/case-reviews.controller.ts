import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { CaseApplicationsService } from './case-applications.service.js';
import { CaseDeadlineSweepService } from './case-deadline-sweep.service.js';
import { CasePackService } from './case-pack.service.js';
import { AppealDto, CreateApplicationDto, DatedDto, ThresholdDecisionDto, ItemDto, OpenReviewDto, OutcomeDto, PackRequestDto } from './case-review.dto.js';
import { CaseReviewsService } from './case-reviews.service.js';

const Id = () => Param('id', ParseUUIDPipe);

/** The ASB case review (Community Trigger), step by step (docs/case-review.md). */
@ApiTags('case-reviews')
@Controller('case-reviews')
export class CaseReviewsController {
  constructor(
    private readonly applications: CaseApplicationsService,
    private readonly reviews: CaseReviewsService,
    private readonly packs: CasePackService,
    private readonly sweep: CaseDeadlineSweepService,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.CaseReviewsTakePart })
  @ApiOkResponse({ description: 'Cases the caller may see, with their next deadline; no personal details' })
  list(@CurrentUser() caller: AuthUser) {
    return this.applications.list(caller);
  }

  @Post()
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiCreatedResponse({ description: 'The application, recorded with its personal details sealed' })
  record(@CurrentUser() caller: AuthUser, @Body() dto: CreateApplicationDto, @Req() req: Request) {
    return this.applications.record(caller, dto, clientAddress(req));
  }

  @Post('deadline-sweep')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiOkResponse({ description: 'Sends due and overdue notices now (the scheduled sweep, on demand)' })
  runSweep() {
    return this.sweep.runOnce();
  }

  @Get(':id')
  @Authenticated({ permission: Permission.CaseReviewsTakePart })
  @ApiOkResponse({ description: "A case; its members also see the applicant's details (audited)" })
  get(@CurrentUser() caller: AuthUser, @Id() id: string, @Req() req: Request) {
    return this.applications.get(caller, id, clientAddress(req));
  }

  @Post(':id/threshold-check')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiOkResponse({ description: "Partners' reports about the applicant and the location, and the local rule's assessment" })
  checkThreshold(@CurrentUser() caller: AuthUser, @Id() id: string, @Req() req: Request) {
    return this.applications.checkThreshold(caller, id, clientAddress(req));
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  decide(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: ThresholdDecisionDto, @Req() req: Request) {
    return this.applications.decide(caller, id, dto, clientAddress(req));
  }

  @Post(':id/applicant-told')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  tellApplicant(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: DatedDto, @Req() req: Request) {
    return this.applications.tellApplicant(caller, id, dto.on, clientAddress(req));
  }

  @Post(':id/review')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiOkResponse({ description: 'Opens the review with the agencies taking part; the caller chairs it' })
  open(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: OpenReviewDto, @Req() req: Request) {
    return this.reviews.open(caller, id, dto.agencies, clientAddress(req));
  }

  @Post(':id/join')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsTakePart })
  @ApiOkResponse({ description: "Adds the caller's account as their agency's member" })
  join(@CurrentUser() caller: AuthUser, @Id() id: string, @Req() req: Request) {
    return this.reviews.join(caller, id, clientAddress(req));
  }

  @Post(':id/pack-requests')
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiCreatedResponse({ description: 'One access request per partner dataset holding reports, under the agreement' })
  requestPack(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: PackRequestDto, @Req() req: Request) {
    return this.reviews.requestPack(caller, id, dto.agreementId, clientAddress(req));
  }

  @Get(':id/pack')
  @Authenticated({ permission: Permission.CaseReviewsTakePart })
  @ApiOkResponse({ description: "Members only: each approving partner's records of the applicant and the location (audited)" })
  pack(@CurrentUser() caller: AuthUser, @Id() id: string, @Req() req: Request) {
    return this.packs.pack(caller, id, clientAddress(req));
  }

  @Post(':id/held')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  held(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: DatedDto, @Req() req: Request) {
    return this.reviews.recordHeld(caller, id, dto.on, clientAddress(req));
  }

  @Post(':id/items')
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiCreatedResponse({ description: 'A recommendation, or an action with an owning agency and a due date' })
  addItem(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: ItemDto, @Req() req: Request) {
    return this.reviews.addItem(caller, id, dto, clientAddress(req));
  }

  @Post(':id/items/:itemId/done')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsTakePart })
  completeItem(@CurrentUser() caller: AuthUser, @Id() id: string, @Param('itemId', ParseUUIDPipe) itemId: string, @Req() req: Request) {
    return this.reviews.completeItem(caller, id, itemId, clientAddress(req));
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiOkResponse({ description: 'Records the outcome; the review closes and its case pack ends' })
  close(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: OutcomeDto, @Req() req: Request) {
    return this.reviews.close(caller, id, dto, clientAddress(req));
  }

  @Post(':id/appeal')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CaseReviewsManage })
  @ApiOkResponse({ description: "The applicant's request that the PCC review the handling, and its outcome" })
  appeal(@CurrentUser() caller: AuthUser, @Id() id: string, @Body() dto: AppealDto, @Req() req: Request) {
    return this.reviews.appeal(caller, id, dto, clientAddress(req));
  }
}

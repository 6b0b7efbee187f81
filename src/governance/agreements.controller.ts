import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { AgreementDto, CreateAgreementDto, UpdateAgreementDto } from './agreements.dto.js';
import { AgreementsService } from './agreements.service.js';

@ApiTags('governance')
@Controller('governance/agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Get()
  @Authenticated({ permission: Permission.AgreementsRead })
  @ApiOkResponse({ type: [AgreementDto], description: 'IMB and auditors: every agreement; others: those their organisation is party to' })
  list(@CurrentUser() caller: AuthUser): Promise<AgreementDto[]> {
    return this.agreements.list(caller);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.AgreementsRead })
  @ApiOkResponse({ type: AgreementDto })
  get(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<AgreementDto> {
    return this.agreements.get(caller, id);
  }

  @Post()
  @Authenticated({ permission: Permission.AgreementsManage })
  @ApiCreatedResponse({ type: AgreementDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateAgreementDto, @Req() req: Request): Promise<AgreementDto> {
    return this.agreements.create(caller, dto, clientAddress(req));
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.AgreementsManage })
  @ApiOkResponse({ type: AgreementDto, description: 'Grants that no longer fit are ended or shortened; see grantsAffected' })
  update(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateAgreementDto, @Req() req: Request): Promise<AgreementDto> {
    return this.agreements.update(caller, id, dto, clientAddress(req));
  }
}

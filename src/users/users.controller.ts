import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Permission } from '../auth/permission.js';
import { clientAddress } from '../common/client-address.js';
import { CreatedUserDto, CreateUserDto, PasswordResetDto, UpdateUserDto, UserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Authenticated({ permission: Permission.UsersRead })
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Get(':id')
  @Authenticated({ permission: Permission.UsersRead })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Post()
  @Authenticated({ permission: Permission.UsersManage })
  @ApiCreatedResponse({ type: CreatedUserDto })
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateUserDto, @Req() req: Request): Promise<CreatedUserDto> {
    return this.users.create(caller, dto, clientAddress(req));
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.UsersManage })
  @ApiOkResponse({ type: UserDto })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @Req() req: Request,
  ): Promise<UserDto> {
    return this.users.update(caller, id, dto, clientAddress(req));
  }

  @Post(':id/reset-password')
  @Authenticated({ permission: Permission.UsersManage })
  @ApiCreatedResponse({ type: PasswordResetDto })
  resetPassword(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<PasswordResetDto> {
    return this.users.resetPassword(caller, id, clientAddress(req));
  }
}

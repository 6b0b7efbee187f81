import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { clientAddress } from '../common/client-address.js';
import type { User } from '../users/user.entity.js';
import { MeDto } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from './auth-user.js';
import { ChangePasswordDto, SignInDto, SignInResultDto, TokenDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { Authenticated, CurrentUser, Public } from './authenticated.decorator.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { SignInRateLimiter } from './sign-in-rate-limiter.js';

const context = (req: Request) => ({ address: clientAddress(req), userAgent: req.get('user-agent') });

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @UseGuards(SignInRateLimiter, LocalAuthGuard)
  @ApiBody({ type: SignInDto })
  @ApiOkResponse({ type: SignInResultDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address, or the account is locked' })
  async login(@Req() req: Request & { user: User }): Promise<SignInResultDto> {
    const token = await this.auth.signIn(req.user, context(req));
    const me = await this.users.me(req.user);
    return { ...token, user: me.user };
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Authenticated({ beforePasswordChange: true })
  @ApiOkResponse({ type: TokenDto })
  refresh(@CurrentUser() caller: AuthUser): Promise<TokenDto> {
    return this.auth.refresh(caller);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Authenticated({ beforePasswordChange: true })
  @ApiNoContentResponse()
  logout(@CurrentUser() caller: AuthUser, @Req() req: Request): Promise<void> {
    return this.auth.signOut(caller, context(req));
  }

  @Get('me')
  @Authenticated({ beforePasswordChange: true })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    return this.users.me(caller);
  }

  @Post('me/password')
  @HttpCode(204)
  @Authenticated({ beforePasswordChange: true })
  @ApiNoContentResponse()
  changePassword(@CurrentUser() caller: AuthUser, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<void> {
    return this.auth.changeOwnPassword(caller, dto.currentPassword, dto.newPassword, context(req));
  }
}

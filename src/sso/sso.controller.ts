import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import { Public } from '../auth/authenticated.decorator.js';
import { SignInRateLimiter } from '../auth/sign-in-rate-limiter.js';
import { clientAddress } from '../common/client-address.js';
import type { AppConfig } from '../config/app-config.js';
import { Inject } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import { UsersService } from '../users/users.service.js';
import { CompleteSsoDto, FindProviderDto, FindProviderResultDto, SsoOrganisationDto, SsoSignInResultDto } from './sso.dto.js';
import { SsoFailure } from './oidc-failure.js';
import { SsoService } from './sso.service.js';

/** The browser's key for its sign-in attempt; sent only to the sign-in routes. */
const COOKIE = 'csp_hub_sso';
const COOKIE_PATH = '/api/auth/sso';
const context = (req: Request) => ({ address: clientAddress(req), userAgent: req.get('user-agent') });

/**
 * Sign-in through an organisation's own provider. Public by nature: they are how a person without
 * a session gets one. Each is rate-limited like the password sign-in.
 */
@ApiTags('auth')
@Controller('auth/sso')
export class SsoController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sso: SsoService,
    private readonly users: UsersService,
  ) {}

  @Get('providers')
  @Public()
  @ApiOkResponse({ type: [SsoOrganisationDto] })
  providers(): Promise<SsoOrganisationDto[]> {
    return this.sso.list();
  }

  /** The email-first step: which organisation's provider serves this address. */
  @Post('find')
  @HttpCode(200)
  @Public()
  @UseGuards(SignInRateLimiter)
  @ApiOkResponse({ type: FindProviderResultDto })
  async find(@Body() dto: FindProviderDto): Promise<FindProviderResultDto> {
    return { organisation: await this.sso.findForEmail(dto.email) };
  }

  /** Sends the browser to its organisation's provider, or to the "sign-in unavailable" page. */
  @Get(':slug/start')
  @Public()
  @UseGuards(SignInRateLimiter)
  @ApiFoundResponse({ description: "Redirect to the organisation's provider" })
  async start(@Param('slug') slug: string, @Query('login_hint') loginHint: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const hint = typeof loginHint === 'string' && loginHint.length <= 320 ? loginHint : undefined;
      const { url, browserKey } = await this.sso.start(slug, context(req), hint);
      res.cookie(COOKIE, browserKey, { httpOnly: true, sameSite: 'lax', secure: this.config.publicUrl.startsWith('https:'), path: COOKIE_PATH, maxAge: 10 * 60_000 });
      res.redirect(302, url);
    } catch (err) {
      if (err instanceof SsoFailure) return res.redirect(302, `/sign-in/sso?error=unavailable&organisation=${encodeURIComponent(slug)}`);
      if (err instanceof DomainError && err.status === 404) return res.redirect(302, `/sign-in/sso?error=not_configured&organisation=${encodeURIComponent(slug)}`);
      throw err;
    }
  }

  /** The provider sends the browser back here; it leaves with a one-time code or a reason. */
  @Get('callback')
  @Public()
  @ApiFoundResponse({ description: 'Redirect to the client with a one-time code, or with the reason sign-in failed' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const url = new URL(req.originalUrl, this.config.publicUrl);
    const outcome = await this.sso.callback(browserKeyOf(req), url, context(req));
    const org = outcome.organisation ? `&organisation=${encodeURIComponent(outcome.organisation)}` : '';
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(302, outcome.ok ? `/sign-in/sso?handoff=${encodeURIComponent(outcome.handoff)}${org}` : `/sign-in/sso?error=${outcome.error}${org}`);
  }

  /** The client exchanges the one-time code for an ordinary hub session. */
  @Post('complete')
  @HttpCode(200)
  @Public()
  @UseGuards(SignInRateLimiter)
  @ApiOkResponse({ type: SsoSignInResultDto })
  async complete(@Body() dto: CompleteSsoDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SsoSignInResultDto> {
    const { token, user } = await this.sso.complete(browserKeyOf(req), dto.handoff, context(req));
    res.clearCookie(COOKIE, { path: COOKIE_PATH });
    const me = await this.users.me(user);
    return { ...token, user: me.user };
  }

  /** After the hub session has ended: on to the provider's own sign-out, when it offers one. */
  @Get(':slug/sign-out')
  @Public()
  @ApiFoundResponse({ description: "Redirect to the provider's end-session endpoint, or back to sign-in" })
  async signOut(@Param('slug') slug: string, @Res() res: Response): Promise<void> {
    const back = `${this.config.publicUrl}/sign-in`;
    const url = await this.sso.endSessionUrl(slug, back).catch(() => null);
    res.redirect(302, url ?? '/sign-in');
  }
}

function browserKeyOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[COOKIE] : undefined;
}

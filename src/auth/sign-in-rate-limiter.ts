import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests } from '../common/domain-error.js';
import { clientAddress } from '../common/client-address.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * Limits sign-in attempts per address per minute, before any password is checked. The
 * per-account lockout (which survives restarts) is in AuthService.
 */
@Injectable()
export class SignInRateLimiter implements CanActivate {
  private readonly limiter: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiterMemory({ points: config.auth.signInsPerMinutePerAddress, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    try {
      await this.limiter.consume(clientAddress(req));
      return true;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.ceil(err.msBeforeNext / 1000);
      context.switchToHttp().getResponse().setHeader('Retry-After', String(seconds));
      throw tooManyRequests('too_many_sign_ins', `Too many sign-in attempts from your network. Try again in ${seconds} seconds.`);
    }
  }
}

import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AuthUser } from './auth-user.js';
import { AuthService, type TokenClaims } from './auth.service.js';

/** Bearer access tokens, each checked against its live session on every request. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    // A key object made once: given the secret as text, jsonwebtoken derives one on every request
    // (a measurable share of each request under load). The typings predate key objects.
    const key = createSecretKey(Buffer.from(config.auth.jwtSecret)) as unknown as Buffer;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_req: unknown, _token: unknown, done: (err: unknown, key: Buffer) => void) => done(null, key),
      algorithms: ['HS256'],
      issuer: 'csp-hub',
      ignoreExpiration: false,
    });
  }

  validate(claims: TokenClaims): Promise<AuthUser> {
    return this.auth.validateSession(claims);
  }
}

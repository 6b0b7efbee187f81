import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { clientAddress } from '../common/client-address.js';
import type { User } from '../users/user.entity.js';
import { AuthService } from './auth.service.js';

/** Email and password, checked by {@link AuthService.verifyCredentials}. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, email: string, password: string): Promise<User> {
    return this.auth.verifyCredentials(email, password, { address: clientAddress(req) });
  }
}

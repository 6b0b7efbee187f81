import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { clientAddress } from '../common/client-address.js';
import { ApiTokenAuthenticator } from './api-token-authenticator.js';

type Verify = (req: Request, secret: string, done: (err: unknown, user?: AuthUser | false) => void) => void;

/**
 * The smallest passport strategy for `Authorization: Bearer <secret>`: passport adds `success`,
 * `fail` and `error` to each request's copy of it. (No dependency for the dozen lines it takes.)
 */
class BearerSecretStrategy {
  readonly name = 'api-token';
  declare success: (user: AuthUser) => void;
  declare fail: (challenge?: string, status?: number) => void;
  declare error: (err: unknown) => void;

  constructor(private readonly verify: Verify) {}

  authenticate(req: Request): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) return this.fail('Bearer', 401);
    this.verify(req, match[1], (err, user) => {
      if (err) return this.error(err);
      if (!user) return this.fail('Bearer', 401);
      this.success(user);
    });
  }
}

/** Resolves an API token to its creator's identity, limited to the token's scope. */
@Injectable()
export class ApiTokenStrategy extends PassportStrategy(BearerSecretStrategy, 'api-token') {
  constructor(private readonly tokens: ApiTokenAuthenticator) {
    super();
  }

  validate(req: Request, secret: string): Promise<AuthUser> {
    return this.tokens.authenticate(secret, { address: clientAddress(req), method: req.method, path: req.path });
  }
}

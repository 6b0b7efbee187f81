import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { ApiTokenGate } from '../auth/api-token-gate.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { AccessRequirement } from '../auth/authenticated.decorator.js';
import { clientAddress } from '../common/client-address.js';
import { DomainError, forbidden, unauthorised } from '../common/domain-error.js';

/** Runs the `api-token` passport strategy; its refusals come through with their own words. */
@Injectable()
export class ApiTokenAuthGuard extends AuthGuard('api-token') {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user) throw unauthorised('token_malformed', 'The Authorization header must be "Bearer " followed by the API token.');
    return user;
  }
}

/**
 * The token path of the global guard: authenticates the token, then admits it only to a route that
 * declares its kind, and only to its own feed or dataset when the route's path names one. Refusals
 * are audited. Role permissions are not consulted: a token's right comes from its creator's
 * authority over its one feed or dataset, checked on every use by the authenticator.
 */
@Injectable()
export class ApiTokenPath implements ApiTokenGate {
  constructor(
    private readonly authGuard: ApiTokenAuthGuard,
    private readonly audit: AuditService,
  ) {}

  async admit(context: ExecutionContext, requirement: AccessRequirement | undefined): Promise<boolean> {
    await this.authGuard.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user: AuthUser }>();
    const user = req.user;
    const token = user.apiToken!;
    const admission = requirement && !requirement.public ? requirement.apiToken : undefined;
    if (!admission || admission.kind !== token.kind) {
      const what = token.kind === 'feed_upload' ? `upload files to the feed "${token.feedSlug}" and read its loads` : `ask questions of the dataset "${token.datasetSlug}"`;
      throw this.refuse(req, user, forbidden('token_not_allowed_here', `An API token cannot be used here: this one may only ${what}.`));
    }
    if (admission.scopeParam) {
      const named = req.params[admission.scopeParam];
      const own = token.kind === 'feed_upload' ? token.feedSlug : token.datasetSlug;
      if (named !== own) {
        const noun = token.kind === 'feed_upload' ? 'feed' : 'dataset';
        throw this.refuse(req, user, forbidden(`token_wrong_${noun}`, `This API token is for the ${noun} "${own}" only, not "${named}".`));
      }
    }
    return true;
  }

  private refuse(req: Request, user: AuthUser, error: DomainError): DomainError {
    this.audit.recordSoon({
      actor: actorOf(user),
      action: 'api_token.refused',
      target: { type: 'api_token', id: user.apiToken!.id },
      details: { code: error.code, method: req.method, path: req.path, name: user.apiToken!.name },
      address: clientAddress(req),
    });
    return error;
  }
}

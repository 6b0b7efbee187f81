import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, type Observable, tap, throwError } from 'rxjs';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { clientAddress } from '../common/client-address.js';
import { DomainError } from '../common/domain-error.js';

/**
 * Every request an API token was admitted to is audited once, with its outcome: `api_token.used`
 * when it was answered, `api_token.refused` when the service refused it (e.g. another dataset in a
 * query's body). Sessions' requests pass untouched.
 */
@Injectable()
export class ApiTokenUseInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = req.user?.apiToken;
    if (!token) return next.handle();
    const record = (action: string, details: Record<string, unknown>) =>
      this.audit.recordSoon({
        actor: actorOf(req.user!),
        action,
        target: { type: 'api_token', id: token.id },
        details: { name: token.name, kind: token.kind, method: req.method, path: req.path, ...details },
        address: clientAddress(req),
      });
    return next.handle().pipe(
      tap(() => record('api_token.used', { status: context.switchToHttp().getResponse<Response>().statusCode })),
      catchError((err: unknown) => {
        const status = err instanceof DomainError ? err.status : ((err as { status?: number }).status ?? 500);
        record(status < 500 ? 'api_token.refused' : 'api_token.failed', { status, code: err instanceof DomainError ? err.code : null });
        return throwError(() => err);
      }),
    );
  }
}

import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { actorOf } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { clientAddress } from '../common/client-address.js';
import { DomainError } from '../common/domain-error.js';

/**
 * Every request an API token is admitted to is audited: `api_token.used` (method, path) before the
 * handler runs, so nothing is done if the audit log cannot take the entry; and `api_token.refused`
 * (code, status) if the service then refuses it, e.g. another dataset in a query's body. Sessions'
 * requests pass untouched.
 */
@Injectable()
export class ApiTokenUseInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = req.user?.apiToken;
    if (!token) return next.handle();
    const record = (action: string, details: Record<string, unknown> = {}) =>
      this.audit.recordSoon({
        actor: actorOf(req.user!),
        action,
        target: { type: 'api_token', id: token.id },
        details: { name: token.name, kind: token.kind, method: req.method, path: req.path, ...details },
        address: clientAddress(req),
      });
    record('api_token.used');
    return next.handle().pipe(
      catchError((err: unknown) => {
        const status = err instanceof DomainError ? err.status : ((err as { status?: number }).status ?? 500);
        try {
          record(status < 500 ? 'api_token.refused' : 'api_token.failed', { status, code: err instanceof DomainError ? err.code : null });
        } catch {
          // The audit log is full: the request's own error is the one to report.
        }
        return throwError(() => err);
      }),
    );
  }
}

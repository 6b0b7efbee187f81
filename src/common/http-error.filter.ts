import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error.js';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

const codeForStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

const messageForStatus: Record<number, string> = {
  401: 'Sign in to continue.',
  403: 'You do not have permission to do that.',
  404: 'There is nothing here.',
  413: 'The request is too large.',
  429: 'Too many requests. Wait a minute and try again.',
};

/** Maps every error to `{ error: { code, message } }`; users never see a stack trace. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const { status, body } = this.toBody(exception);
    if (status >= 500) {
      this.logger.error({ err: exception, requestId: req.id, path: req.url }, 'Unhandled error');
      body.error.requestId = req.id ? String(req.id) : undefined;
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(body);
  }

  private toBody(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        body: { error: { code: exception.code, message: exception.message, details: exception.details } },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const details = Array.isArray(raw) ? raw : undefined;
      if (status === 400 && isJsonSyntaxError(exception)) {
        return { status, body: { error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } } };
      }
      const message =
        messageForStatus[status] ??
        (Array.isArray(raw) ? 'The request is not valid: ' + raw.map((m) => String(m).replace(/\.$/, '')).join('; ') + '.' : String(raw ?? exception.message));
      return { status, body: { error: { code: codeForStatus[status] ?? 'error', message, details } } };
    }
    const status = bodyParserStatus(exception);
    if (status) {
      const message = status === 413 ? messageForStatus[413] : 'The request body is not valid JSON.';
      return { status, body: { error: { code: codeForStatus[status] ?? 'bad_request', message } } };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: { code: 'internal_error', message: 'Something went wrong on our side. It has been logged.' } },
    };
  }
}

/** Errors thrown by the body parser carry their own status (400 bad JSON, 413 too large). */
function bodyParserStatus(exception: unknown): number | undefined {
  const e = exception as { status?: unknown; type?: unknown };
  if (typeof e?.status === 'number' && typeof e.type === 'string' && e.status >= 400 && e.status < 500) return e.status;
  return undefined;
}

/** Nest wraps the body parser's SyntaxError in a 400; say what it means. */
function isJsonSyntaxError(exception: HttpException): boolean {
  return exception.cause instanceof SyntaxError || /JSON|Unexpected token|Unexpected end/.test(exception.message);
}

/**
 * An error the user can act on: a stable code for programs, a sentence for people, and the HTTP
 * status it maps to. Services throw these; {@link HttpErrorFilter} turns them into responses.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 400, details);
export const unauthorised = (code: string, message: string) => new DomainError(code, message, 401);
export const forbidden = (code: string, message: string) => new DomainError(code, message, 403);
export const notFound = (code: string, message: string) => new DomainError(code, message, 404);
export const conflict = (code: string, message: string) => new DomainError(code, message, 409);
export const tooManyRequests = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, message, 429, details);
export const serviceUnavailable = (code: string, message: string) => new DomainError(code, message, 503);

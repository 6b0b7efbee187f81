import type { Request } from 'express';

/** The caller's address as Express resolves it (honours TRUST_PROXY). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

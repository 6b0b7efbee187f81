import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Grant } from './grant.entity.js';

/** What else happens, inside the revoking transaction, when a grant is revoked through the grants API. */
export type RevocationHandler = (em: EntityManager, grant: Grant, reason: string) => Promise<void>;

/**
 * Lets governance act on a revocation made through the grants API (it tells the grantees) without
 * the access module depending on governance, which depends on it.
 */
@Injectable()
export class GrantRevocations {
  private readonly handlers: RevocationHandler[] = [];

  handle(handler: RevocationHandler): void {
    this.handlers.push(handler);
  }

  async announce(em: EntityManager, grant: Grant, reason: string): Promise<void> {
    for (const handler of this.handlers) await handler(em, grant, reason);
  }
}

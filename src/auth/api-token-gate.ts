import type { ExecutionContext } from '@nestjs/common';
import type { AccessRequirement } from './authenticated.decorator.js';

/** Injection token of the API token path (provided by src/api-tokens); without it tokens are refused. */
export const API_TOKEN_GATE = Symbol('API_TOKEN_GATE');

/** Authenticates a request that carries an API token and decides whether the route admits it. */
export interface ApiTokenGate {
  admit(context: ExecutionContext, requirement: AccessRequirement | undefined): Promise<boolean>;
}

/** True when the request's bearer value is an API token (`csph_…`), not a session's JWT. */
export function carriesApiToken(authorization: string | undefined): boolean {
  return /^Bearer\s+csph_/i.test(authorization ?? '');
}

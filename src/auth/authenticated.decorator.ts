import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthUser } from './auth-user.js';
import type { Permission } from './permission.js';

/** Kinds of API token a route may admit (see src/api-tokens). */
export type ApiTokenKindAdmitted = 'feed_upload' | 'dataset_query';

/**
 * A route open to one kind of API token as well as to sessions. `scopeParam` names the route
 * parameter that holds the token's own feed (or dataset) slug, checked before the handler runs.
 */
export interface ApiTokenAdmission {
  kind: ApiTokenKindAdmitted;
  scopeParam?: string;
}

export const ACCESS_METADATA = 'csp-hub:access';

/** What a route declares about who may call it. */
export type AccessRequirement =
  | { public: true }
  | { public: false; permission: Permission | null; beforePasswordChange?: boolean; apiToken?: ApiTokenAdmission };

/**
 * The route needs a signed-in user and, when given, a permission one of their roles grants.
 * Routes without this or {@link Public} are refused to everyone (see access.guard.ts).
 * `beforePasswordChange` keeps the route open to a user who must first change a one-time password.
 * `apiToken` also opens it to one kind of scoped API token; every other route refuses tokens.
 */
export function Authenticated(options: { permission?: Permission; beforePasswordChange?: boolean; apiToken?: ApiTokenAdmission } = {}) {
  const requirement: AccessRequirement = {
    public: false,
    permission: options.permission ?? null,
    beforePasswordChange: options.beforePasswordChange ?? false,
    ...(options.apiToken ? { apiToken: options.apiToken } : {}),
  };
  const decorators = [
    SetMetadata(ACCESS_METADATA, requirement),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid session' }),
    ApiExtension('x-permission', options.permission ?? 'signed-in'),
  ];
  if (options.permission) decorators.push(ApiForbiddenResponse({ description: `Needs ${options.permission}` }));
  if (options.apiToken) decorators.push(ApiExtension('x-api-token', options.apiToken.kind));
  return applyDecorators(...decorators);
}

/** The route is open to anyone. Keep this list short; a test pins it. */
export function Public() {
  return applyDecorators(SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRequirement), ApiExtension('x-permission', 'public'));
}

/** The signed-in caller. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

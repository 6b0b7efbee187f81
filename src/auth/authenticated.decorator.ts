import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthUser } from './auth-user.js';
import type { Permission } from './permission.js';

export const ACCESS_METADATA = 'csp-hub:access';

/** What a route declares about who may call it. */
export type AccessRequirement =
  | { public: true }
  | { public: false; permission: Permission | null; beforePasswordChange?: boolean };

/**
 * The route needs a signed-in user and, when given, a permission one of their roles grants.
 * Routes without this or {@link Public} are refused to everyone (see access.guard.ts).
 * `beforePasswordChange` keeps the route open to a user who must first change a one-time password.
 */
export function Authenticated(options: { permission?: Permission; beforePasswordChange?: boolean } = {}) {
  const requirement: AccessRequirement = {
    public: false,
    permission: options.permission ?? null,
    beforePasswordChange: options.beforePasswordChange ?? false,
  };
  const decorators = [
    SetMetadata(ACCESS_METADATA, requirement),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid session' }),
    ApiExtension('x-permission', options.permission ?? 'signed-in'),
  ];
  if (options.permission) decorators.push(ApiForbiddenResponse({ description: `Needs ${options.permission}` }));
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

import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import type { QueryResult } from '../query/query-result.js';
import type { QuerySpecInput } from '../query/query-spec.js';
import { QueryService } from '../query/query.service.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { sharedWith } from '../views/sharing.js';
import type { SavedView } from '../views/saved-view.entity.js';
import { ViewsRepository } from '../views/views.repository.js';
import { ViewsService } from '../views/views.service.js';

/** Why a view could not be read for someone at send time. */
export type Unreadable = { reason: 'no_user' | 'no_access' | 'gone' | `refused:${string}` };

/**
 * Reads saved views for a user when no one is signed in (a scheduled email or alert): as that user,
 * through the same paths as the app (the view's sharing, then the query engine under the user's
 * access policy, with disclosure control and the audit entry), so an email never shows what the
 * user could not see in the hub at that moment.
 */
@Injectable()
export class ViewReader {
  constructor(
    private readonly users: UsersRepository,
    private readonly views: ViewsService,
    private readonly repository: ViewsRepository,
    private readonly queries: QueryService,
  ) {}

  /** The user as a caller, or null when the account is gone or disabled. */
  async callerOf(userId: string): Promise<AuthUser | null> {
    const user = await this.users.findById(userId);
    return user && !user.disabled ? asCaller(user) : null;
  }

  /** The views of a dashboard the caller still sees, in its order; null when the dashboard is gone or no longer shared with them. */
  async dashboardViews(caller: AuthUser, dashboardId: string): Promise<{ title: string; viewIds: string[] } | null> {
    const board = await this.repository.findDashboard(dashboardId);
    if (!board || !sharedWith(board, caller)) return null;
    return { title: board.title, viewIds: board.layout.map((t) => t.viewId) };
  }

  /** A view the caller may still see, or why not. */
  async view(caller: AuthUser, viewId: string): Promise<SavedView | Unreadable> {
    try {
      return await this.views.visible(caller, viewId);
    } catch (err) {
      if (err instanceof DomainError && err.status === 404) return { reason: 'gone' };
      throw err;
    }
  }

  /** Runs a question as the caller; a refusal (no access any more, budget spent, bad question) is returned, not thrown. */
  async run(caller: AuthUser, spec: QuerySpecInput, format: string): Promise<QueryResult | Unreadable> {
    try {
      return await this.queries.run(caller, spec, { format, address: null });
    } catch (err) {
      if (err instanceof DomainError && err.status < 500) return { reason: err.status === 403 ? 'no_access' : err.status === 404 ? 'gone' : `refused:${err.code}` };
      throw err;
    }
  }
}

export function isUnreadable(x: unknown): x is Unreadable {
  return typeof x === 'object' && x !== null && 'reason' in x && !('id' in x) && !('columns' in x);
}

function asCaller(user: User): AuthUser {
  return { id: user.id, email: user.email, displayName: user.displayName, organisationId: user.organisationId, roles: user.roles, sessionId: 'scheduled', mustChangePassword: false };
}

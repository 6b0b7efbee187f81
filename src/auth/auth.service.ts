import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorOf } from '../audit/audit-event.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { badRequest, tooManyRequests, unauthorised } from '../common/domain-error.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AuthUser } from './auth-user.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { SessionRepository } from './session.repository.js';
import { SignInPolicyRepository } from './sign-in-policy.repository.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';

/** Claims in an access token: the user and the session that can revoke it. */
export interface TokenClaims {
  sub: string;
  sid: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

export interface RequestContext {
  address: string;
  userAgent?: string;
}

const INVALID = () => unauthorised('invalid_credentials', 'The email address or password is not right.');
const LOCKED = (minutes: number) =>
  tooManyRequests(
    'account_locked',
    `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to reset your password.`,
  );

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionRepository,
    private readonly throttle: SignInThrottleRepository,
    private readonly signInPolicy: SignInPolicyRepository,
    private readonly audit: AuditService,
    private readonly jwt: JwtService,
  ) {}

  /**
   * Checks an email and password. Unknown emails and wrong passwords get the same answer, take
   * the same time and count towards the same lockout.
   */
  async verifyCredentials(emailInput: string, password: string, ctx: RequestContext): Promise<User> {
    const email = emailInput.trim().toLowerCase();
    const now = new Date();
    const throttle = await this.throttle.find(email);
    if (throttle?.lockedUntil && throttle.lockedUntil > now) {
      await this.audit.record({ actor: null, actorEmail: email, action: 'auth.sign_in_refused', details: { reason: 'locked' }, address: ctx.address });
      throw LOCKED(minutesUntil(throttle.lockedUntil, now));
    }
    const user = await this.users.findForSignIn(email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!ok) {
      const lockedUntil = await this.recordFailure(email, user, now, ctx);
      throw lockedUntil ? LOCKED(minutesUntil(lockedUntil, now)) : INVALID();
    }
    await this.throttle.clear(email);
    if (user!.disabled) {
      await this.audit.record({ actor: actorOf(user!), action: 'auth.sign_in_refused', details: { reason: 'disabled' }, address: ctx.address });
      throw unauthorised('account_disabled', 'This account is disabled. Ask your administrator to enable it.');
    }
    if (await this.signInPolicy.passwordsSwitchedOff(user!.organisationId)) {
      await this.audit.record({ actor: actorOf(user!), action: 'auth.sign_in_refused', details: { reason: 'local_passwords_off' }, address: ctx.address });
      throw unauthorised('password_sign_in_off', 'Your organisation signs in with its own account. Use "Sign in with your organisation" instead of a password.');
    }
    return user!;
  }

  private async recordFailure(email: string, user: User | null, now: Date, ctx: RequestContext): Promise<Date | null> {
    const { maxFailedSignIns, lockMinutes } = this.config.auth;
    const windowStart = new Date(now.getTime() - lockMinutes * 60_000);
    const lockEnd = new Date(now.getTime() + lockMinutes * 60_000);
    return this.dataSource.transaction(async (em) => {
      const locked = await this.throttle.recordFailure(em, email, now, windowStart, maxFailedSignIns, lockEnd);
      const justLocked = locked !== null && locked.getTime() === lockEnd.getTime();
      await this.audit.record(
        {
          actor: user ? actorOf(user) : null,
          actorEmail: email,
          action: 'auth.sign_in_failed',
          details: { reason: user ? 'wrong_password' : 'unknown_email', locked: justLocked },
          address: ctx.address,
        },
        em,
      );
      return justLocked ? locked : null;
    });
  }

  /** Opens a session for a verified user and returns its first access token. */
  async signIn(user: User, ctx: RequestContext, sso?: { organisationId: string }): Promise<IssuedToken> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionMaxHours * 3_600_000);
    const session = await this.dataSource.transaction(async (em) => {
      const s = await this.sessions.create(em, {
        userId: user.id,
        expiresAt,
        address: ctx.address,
        userAgent: ctx.userAgent?.slice(0, 300) ?? null,
        ssoOrganisationId: sso?.organisationId ?? null,
      });
      const details = { method: sso ? 'sso' : 'password' };
      await this.audit.record({ actor: actorOf(user), action: 'auth.sign_in', target: { type: 'session', id: s.id }, details, address: ctx.address }, em);
      return s;
    });
    await this.users.recordSignIn(user.id, now);
    return this.token(user.id, session.id, expiresAt);
  }

  /** A fresh access token for a live session, never past the session's own end. */
  async refresh(caller: AuthUser): Promise<IssuedToken> {
    const session = await this.sessions.findById(caller.sessionId);
    if (!session) throw unauthorised('unauthenticated', 'Sign in to continue.');
    return this.token(caller.id, session.id, session.expiresAt);
  }

  async signOut(caller: AuthUser, ctx: RequestContext): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.sessions.revoke(em, caller.sessionId, new Date());
      await this.audit.record({ actor: actorOf(caller), action: 'auth.sign_out', target: { type: 'session', id: caller.sessionId }, address: ctx.address }, em);
    });
  }

  /** Resolves a token's claims to the caller, refusing revoked or ended sessions and disabled users. */
  async validateSession(claims: TokenClaims): Promise<AuthUser> {
    const found = await this.sessions.findWithUser(claims.sid);
    const now = new Date();
    if (!found || found.session.userId !== claims.sub) throw unauthorised('unauthenticated', 'Sign in to continue.');
    const { session, user } = found;
    if (session.revokedAt) throw unauthorised('session_ended', 'You have been signed out. Sign in again.');
    if (session.expiresAt <= now) throw unauthorised('session_expired', 'Your session has expired. Sign in again.');
    if (!user || user.disabled) throw unauthorised('account_disabled', 'This account is disabled. Ask your administrator to enable it.');
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      organisationId: user.organisationId,
      roles: user.roles,
      sessionId: session.id,
      mustChangePassword: user.mustChangePassword,
      ssoOrganisationId: session.ssoOrganisationId,
    };
  }

  async changeOwnPassword(caller: AuthUser, current: string, next: string, ctx: RequestContext): Promise<void> {
    const user = await this.users.findForSignIn(caller.email);
    if (!user || !(await verifyPassword(user.passwordHash, current))) {
      throw badRequest('wrong_current_password', 'Your current password is not right.');
    }
    const problem = passwordProblem(next, [user.email, user.displayName]);
    if (problem) throw badRequest('weak_password', problem);
    const passwordHash = await hashPassword(next);
    await this.dataSource.transaction(async (em) => {
      await this.users.update(em, user.id, { passwordHash, mustChangePassword: false });
      await this.audit.record({ actor: actorOf(caller), action: 'user.password_changed', target: { type: 'user', id: user.id }, address: ctx.address }, em);
    });
  }

  private async token(userId: string, sessionId: string, sessionEnd: Date): Promise<IssuedToken> {
    const remaining = Math.floor((sessionEnd.getTime() - Date.now()) / 1000);
    if (remaining <= 0) throw unauthorised('session_expired', 'Your session has expired. Sign in again.');
    const expiresIn = Math.min(this.config.auth.tokenTtlSeconds, remaining);
    const claims: TokenClaims = { sub: userId, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn });
    return { accessToken, expiresIn };
  }
}

function minutesUntil(t: Date, now: Date): number {
  return Math.max(1, Math.ceil((t.getTime() - now.getTime()) / 60_000));
}


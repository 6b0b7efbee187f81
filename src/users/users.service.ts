import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { actorOf } from '../audit/audit-event.js';
import { hashPassword } from '../auth/password-hasher.js';
import { passwordProblem } from '../auth/password-policy.js';
import { permissionsOf } from '../auth/permission.js';
import { Role } from '../auth/role.js';
import { SessionRepository } from '../auth/session.repository.js';
import { badRequest, conflict, notFound } from '../common/domain-error.js';
import { AreaDto } from '../organisations/organisations.dto.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { User } from './user.entity.js';
import { CreatedUserDto, CreateUserDto, MeDto, PasswordResetDto, UpdateUserDto, UserDto } from './users.dto.js';
import { UsersRepository } from './users.repository.js';

/** Accounts: the administrator's user management and each user's own profile. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionRepository,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
  ) {}

  async me(caller: { id: string }): Promise<MeDto> {
    const user = await this.require(caller.id);
    const org = await this.organisations.get(user.organisationId);
    return {
      user: UserDto.from(user, org),
      roles: user.roles,
      permissions: [...permissionsOf(user.roles)].sort(),
      areas: org.areas.map(AreaDto.fromCode),
    };
  }

  async list(): Promise<UserDto[]> {
    const users = await this.users.list();
    const orgs = await this.organisations.byIds(users.map((u) => u.organisationId));
    return users.map((u) => UserDto.from(u, orgs.get(u.organisationId)));
  }

  async get(id: string): Promise<UserDto> {
    return this.toDto(await this.require(id));
  }

  /** Creates an account with a one-time password the user must change at first sign-in. */
  async create(caller: AuthUser, dto: CreateUserDto, address: string): Promise<CreatedUserDto> {
    const email = dto.email.trim().toLowerCase();
    const org = await this.organisations.getBySlug(dto.organisation);
    if (await this.users.findByEmail(email)) throw conflict('email_taken', 'There is already an account with that email address.');
    const temporaryPassword = temporaryPasswordFor();
    const user = await this.dataSource.transaction(async (em) => {
      const created = await this.users.insert(em, {
        email,
        displayName: dto.displayName.trim(),
        organisationId: org.id,
        roles: dto.roles,
        passwordHash: await hashPassword(temporaryPassword),
        mustChangePassword: true,
      });
      await this.audit.record(
        { actor: actorOf(caller), action: 'user.created', target: { type: 'user', id: created.id }, details: { email, organisation: org.slug, roles: dto.roles }, address },
        em,
      );
      return created;
    });
    return { user: UserDto.from(user, org), temporaryPassword };
  }

  async update(caller: AuthUser, id: string, dto: UpdateUserDto, address: string): Promise<UserDto> {
    const user = await this.require(id);
    if (id === caller.id && dto.disabled === true) throw badRequest('cannot_disable_self', 'You cannot disable your own account.');
    if (id === caller.id && dto.roles && !dto.roles.includes(Role.Admin)) {
      throw badRequest('cannot_remove_own_admin', 'You cannot remove your own administrator role.');
    }
    const changes: Partial<User> = {};
    if (dto.displayName !== undefined) changes.displayName = dto.displayName.trim();
    if (dto.roles !== undefined) changes.roles = dto.roles;
    if (dto.disabled !== undefined) changes.disabled = dto.disabled;
    await this.dataSource.transaction(async (em) => {
      await this.users.update(em, id, changes);
      if (dto.disabled === true) await this.sessions.revokeAllForUser(em, id, new Date());
      const action = dto.disabled === true ? 'user.disabled' : dto.disabled === false ? 'user.enabled' : 'user.updated';
      const before = { displayName: user.displayName, roles: user.roles, disabled: user.disabled };
      await this.audit.record({ actor: actorOf(caller), action, target: { type: 'user', id }, details: { before, after: changes }, address }, em);
    });
    return this.get(id);
  }

  /** Replaces the password with a one-time one and ends the user's sessions. */
  async resetPassword(caller: AuthUser, id: string, address: string): Promise<PasswordResetDto> {
    await this.require(id);
    const temporaryPassword = temporaryPasswordFor();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.dataSource.transaction(async (em) => {
      await this.users.update(em, id, { passwordHash, mustChangePassword: true });
      await this.sessions.revokeAllForUser(em, id, new Date());
      await this.audit.record({ actor: actorOf(caller), action: 'user.password_reset', target: { type: 'user', id }, address }, em);
    });
    return { temporaryPassword };
  }

  /** The CLI's way to create the first administrator: a one-time password, audited as the system. */
  async createBySystem(input: { email: string; displayName: string; organisationSlug: string; roles: Role[] }): Promise<CreatedUserDto> {
    const temporaryPassword = temporaryPasswordFor();
    if (await this.users.findByEmail(input.email)) throw conflict('email_taken', 'There is already an account with that email address.');
    const user = await this.createWithPassword({ ...input, password: temporaryPassword });
    await this.dataSource.transaction((em) => this.users.update(em, user.id, { mustChangePassword: true }));
    return { user: UserDto.from({ ...user, mustChangePassword: true }, await this.organisations.getBySlug(input.organisationSlug)), temporaryPassword };
  }

  /** Used by seeding and tests: an account with a chosen password. */
  async createWithPassword(input: { email: string; displayName: string; organisationSlug: string; roles: Role[]; password: string }): Promise<User> {
    const problem = passwordProblem(input.password, [input.email, input.displayName]);
    if (problem) throw badRequest('weak_password', problem);
    const org = await this.organisations.getBySlug(input.organisationSlug);
    return this.dataSource.transaction(async (em) => {
      const user = await this.users.insert(em, {
        email: input.email.toLowerCase(),
        displayName: input.displayName,
        organisationId: org.id,
        roles: input.roles,
        passwordHash: await hashPassword(input.password),
      });
      await this.audit.record({ actor: null, action: 'user.created', target: { type: 'user', id: user.id }, details: { email: user.email, organisation: org.slug, roles: input.roles, by: 'system' } }, em);
      return user;
    });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  private async require(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('user_not_found', 'There is no such user.');
    return user;
  }

  private async toDto(user: User): Promise<UserDto> {
    return UserDto.from(user, await this.organisations.get(user.organisationId));
  }
}

/** Four groups of random characters: long, unguessable and easy to read out. */
function temporaryPasswordFor(): string {
  const raw = randomBytes(15).toString('base64url').replace(/[-_]/g, 'x');
  return raw.match(/.{1,5}/g)!.join('-');
}

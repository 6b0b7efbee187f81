import { Injectable } from '@nestjs/common';
import { badRequest } from '../common/domain-error.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { SharingMode, type Shareable } from './sharing.js';
import type { SharingDto, SharingOutDto, UserRefDto } from './views.dto.js';

/** Resolves the people views and dashboards mention: owners, and named users to share with. */
@Injectable()
export class ViewPeople {
  constructor(private readonly users: UsersRepository) {}

  /** Everyone, by id (a directory of the partnership's users is small). */
  async directory(): Promise<Map<string, User>> {
    return new Map((await this.users.list()).map((u) => [u.id, u]));
  }

  /** The sharing settings to store, with named users' emails resolved to active accounts. */
  async resolveSharing(dto: SharingDto | undefined, ownerId: string): Promise<Pick<Shareable, 'sharing' | 'sharedWith'>> {
    if (!dto) return { sharing: SharingMode.Private, sharedWith: [] };
    if (dto.mode !== SharingMode.Users) return { sharing: dto.mode, sharedWith: [] };
    const emails = (dto.users ?? []).map((e) => e.trim().toLowerCase());
    if (emails.length === 0) throw badRequest('no_users_named', 'Name at least one person to share with, by email address.');
    const byEmail = new Map([...(await this.directory()).values()].map((u) => [u.email.toLowerCase(), u]));
    const unknown = emails.filter((e) => !byEmail.get(e) || byEmail.get(e)!.disabled);
    if (unknown.length) throw badRequest('unknown_user', `There is no active account for ${unknown.join(', ')}. Check the email address.`);
    return { sharing: SharingMode.Users, sharedWith: [...new Set(emails.map((e) => byEmail.get(e)!.id))].filter((id) => id !== ownerId) };
  }

  /** Sharing as the caller may read it: only the owner sees whom else it is shared with. */
  sharingOut(item: Shareable, mine: boolean, people: Map<string, User>): SharingOutDto {
    return { mode: item.sharing, users: mine ? item.sharedWith.map((id) => people.get(id)?.email ?? id) : [] };
  }

  ref(id: string, people: Map<string, User>): UserRefDto {
    const u = people.get(id);
    return { id, email: u?.email ?? '', displayName: u?.displayName ?? 'A former user' };
  }
}

import { randomBytes } from 'node:crypto';
import { Role } from '../../src/auth/role.js';
import type { User } from '../../src/users/user.entity.js';
import { UsersService } from '../../src/users/users.service.js';
import { TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

export interface UserOptions {
  roles?: Role[];
  organisation?: string;
  email?: string;
  password?: string;
}

/** Creates an account directly (no HTTP); defaults to an analyst at Winchester City Council. */
export async function createUser(hub: TestHub, options: UserOptions = {}): Promise<User> {
  const roles = options.roles ?? [Role.Analyst];
  const email = options.email ?? `${roles.join('-').replace(/_/g, '')}.${randomBytes(4).toString('hex')}@test.csp-hub.test`;
  return hub.app.get(UsersService).createWithPassword({
    email,
    displayName: `Test ${roles.join(' ')}`,
    organisationSlug: options.organisation ?? 'winchester',
    roles,
    password: options.password ?? TEST_PASSWORD,
  });
}

/** Creates a user and signs in; returns the user and a bearer token. */
export async function signedInUser(hub: TestHub, options: UserOptions = {}): Promise<{ user: User; token: string }> {
  const user = await createUser(hub, options);
  return { user, token: await hub.login(user.email, options.password) };
}

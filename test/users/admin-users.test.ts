import { Role } from '../../src/auth/role.js';
import { signedInUser } from '../factories/user.factory.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

describe('administrators manage users', () => {
  let hub: TestHub;
  let admin: string;
  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    ({ token: admin } = await signedInUser(hub, { roles: [Role.Admin], organisation: 'opcc' }));
  });
  afterAll(() => hub.close());

  const as = (token: string) => ({
    get: (url: string) => hub.http().get(url).auth(token, { type: 'bearer' }),
    post: (url: string, body?: object) => hub.http().post(url).auth(token, { type: 'bearer' }).send(body ?? {}),
    patch: (url: string, body: object) => hub.http().patch(url).auth(token, { type: 'bearer' }).send(body),
  });

  it('creates a user with a one-time password that must be changed before anything else', async () => {
    const created = await as(admin)
      .post('/api/users', { email: 'New.Officer@Havant.test', displayName: 'New Officer', organisation: 'havant', roles: ['analyst'] })
      .expect(201);
    expect(created.body.user).toMatchObject({ email: 'new.officer@havant.test', mustChangePassword: true, organisation: { slug: 'havant' } });
    const temp = created.body.temporaryPassword as string;

    const token = await hub.login('new.officer@havant.test', temp);
    const blocked = await as(token).get('/api/organisations').expect(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    await as(token).get('/api/me').expect(200);

    const weak = await as(token).post('/api/me/password', { currentPassword: temp, newPassword: 'password123' }).expect(400);
    expect(weak.body.error.message).toMatch(/at least 12 characters/);
    await as(token).post('/api/me/password', { currentPassword: temp, newPassword: 'heron quarry velvet' }).expect(204);
    await as(token).get('/api/organisations').expect(200);
    await hub.login('new.officer@havant.test', 'heron quarry velvet');
  });

  it('lists users and refuses a duplicate email or an unknown role with clear messages', async () => {
    const list = await as(admin).get('/api/users').expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(2);
    const dup = await as(admin)
      .post('/api/users', { email: 'new.officer@havant.test', displayName: 'Again', organisation: 'havant', roles: ['analyst'] })
      .expect(409);
    expect(dup.body.error.code).toBe('email_taken');
    const badRole = await as(admin)
      .post('/api/users', { email: 'x@havant.test', displayName: 'X', organisation: 'havant', roles: ['superuser'] })
      .expect(400);
    expect(badRole.body.error.message).toMatch(/Roles must be among/);
    const badOrg = await as(admin)
      .post('/api/users', { email: 'y@havant.test', displayName: 'Y', organisation: 'atlantis', roles: ['analyst'] })
      .expect(404);
    expect(badOrg.body.error.message).toMatch(/atlantis/);
    const extra = await as(admin)
      .post('/api/users', { email: 'z@havant.test', displayName: 'Z', organisation: 'havant', roles: ['analyst'], isAdmin: true })
      .expect(400);
    expect(extra.body.error.code).toBe('invalid_request');
  });

  it('disabling a user ends their sessions at once and is audited', async () => {
    const { user, token } = await signedInUser(hub, { roles: [Role.Analyst] });
    await as(token).get('/api/me').expect(200);
    await as(admin).patch(`/api/users/${user.id}`, { disabled: true }).expect(200);
    await as(token).get('/api/me').expect(401);
    const signIn = await hub.http().post('/api/auth/login').send({ email: user.email, password: 'orchard-lantern-kettle' }).expect(401);
    expect(signIn.body.error.code).toBe('account_disabled');
    const [entry] = await hub.dataSource.query(`SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id DESC LIMIT 1`, [user.id]);
    expect(entry.action).toBe('user.disabled');
  });

  it('resets a password: old sessions end, a one-time password works', async () => {
    const { user, token } = await signedInUser(hub, { roles: [Role.Analyst] });
    const reset = await as(admin).post(`/api/users/${user.id}/reset-password`).expect(201);
    await as(token).get('/api/me').expect(401);
    const fresh = await hub.login(user.email, reset.body.temporaryPassword);
    const me = await as(fresh).get('/api/me').expect(200);
    expect(me.body.user.mustChangePassword).toBe(true);
  });

  it('stops an administrator from disabling themselves', async () => {
    const me = await as(admin).get('/api/me').expect(200);
    const res = await as(admin).patch(`/api/users/${me.body.user.id}`, { disabled: true }).expect(400);
    expect(res.body.error.code).toBe('cannot_disable_self');
  });

  it('rejects malformed ids and bodies without a stack trace', async () => {
    const res = await as(admin).get('/api/users/not-a-uuid').expect(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:/);
    const bad = await hub.http().post('/api/users').auth(admin, { type: 'bearer' }).set('content-type', 'application/json').send('{"email": ').expect(400);
    expect(bad.body.error.message).toMatch(/not valid JSON/);
  });
});

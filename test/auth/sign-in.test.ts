import { JwtService } from '@nestjs/jwt';
import { Role } from '../../src/auth/role.js';
import { createUser, signedInUser } from '../factories/user.factory.js';
import { createTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

describe('sign-in, sessions and lockout', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_MAX_FAILURES: '3', SIGNIN_LOCK_MINUTES: '15', SIGNIN_RATE_PER_MINUTE: '40' });
  });
  afterAll(() => hub.close());

  const login = (email: string, password: string) => hub.http().post('/api/auth/login').send({ email, password });

  it('signs in with the right password and returns a token, its lifetime and the user', async () => {
    const user = await createUser(hub, { roles: [Role.Analyst], organisation: 'gosport' });
    const res = await login(user.email.toUpperCase(), TEST_PASSWORD).expect(200);
    expect(res.body.expiresIn).toBe(900);
    expect(res.body.user).toMatchObject({ email: user.email, roles: ['analyst'], organisation: { slug: 'gosport' } });
    expect(res.body.user.passwordHash).toBeUndefined();

    const me = await hub.http().get('/api/me').auth(res.body.accessToken, { type: 'bearer' }).expect(200);
    expect(me.body.user.email).toBe(user.email);
    expect(me.body.areas).toEqual([{ code: 'E07000088', name: 'Gosport' }]);
    expect(me.body.roles).toEqual(['analyst']);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const user = await createUser(hub);
    const wrong = await login(user.email, 'not-the-right-password').expect(401);
    const unknown = await login('nobody.at.all@test.csp-hub.test', 'not-the-right-password').expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('asks for both fields when they are missing', async () => {
    const res = await hub.http().post('/api/auth/login').send({ email: 'someone@test.csp-hub.test' }).expect(400);
    expect(res.body.error.message).toMatch(/email address and password/);
  });

  it('locks an account after repeated failures, and says so the same way for unknown emails', async () => {
    const user = await createUser(hub);
    for (let i = 0; i < 2; i++) await login(user.email, 'wrong-password-again').expect(401);
    const locking = await login(user.email, 'wrong-password-again').expect(429);
    expect(locking.body.error.code).toBe('account_locked');
    const evenRight = await login(user.email, TEST_PASSWORD).expect(429);
    expect(evenRight.body.error.message).toMatch(/Too many failed sign-ins for this account/);

    const ghost = 'ghost.user@test.csp-hub.test';
    for (let i = 0; i < 2; i++) await login(ghost, 'wrong-password-again').expect(401);
    const ghostLocked = await login(ghost, 'wrong-password-again').expect(429);
    expect(ghostLocked.body).toEqual(locking.body);
  });

  it('records sign-ins and failures in the audit log', async () => {
    const user = await createUser(hub);
    await login(user.email, 'wrong-password-here').expect(401);
    await login(user.email, TEST_PASSWORD).expect(200);
    const rows = await hub.dataSource.query(`SELECT action, details FROM audit_log WHERE actor_email = $1 ORDER BY id`, [user.email]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['auth.sign_in_failed', 'auth.sign_in']);
    expect(rows[0].details).toMatchObject({ reason: 'wrong_password' });
  });

  it('revokes the session on logout', async () => {
    const { token } = await signedInUser(hub);
    await hub.http().get('/api/me').auth(token, { type: 'bearer' }).expect(200);
    await hub.http().post('/api/auth/logout').auth(token, { type: 'bearer' }).expect(204);
    const after = await hub.http().get('/api/me').auth(token, { type: 'bearer' }).expect(401);
    expect(after.body.error.code).toBe('session_ended');
  });

  it('refuses an expired token', async () => {
    const { user, token } = await signedInUser(hub);
    const { sid } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const expired = await hub.app.get(JwtService).signAsync({ sub: user.id, sid, exp: Math.floor(Date.now() / 1000) - 5 });
    const res = await hub.http().get('/api/me').auth(expired, { type: 'bearer' }).expect(401);
    expect(res.body.error.code).toBe('session_expired');
  });

  it('refuses a token whose session has passed its absolute end', async () => {
    const { token } = await signedInUser(hub);
    const { sid } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    await hub.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [sid]);
    const res = await hub.http().get('/api/me').auth(token, { type: 'bearer' }).expect(401);
    expect(res.body.error.code).toBe('session_expired');
  });

  it('refuses tokens signed with another key or tampered with', async () => {
    const { token } = await signedInUser(hub);
    const [h, p] = token.split('.');
    await hub.http().get('/api/me').auth(`${h}.${p}.AAAA`, { type: 'bearer' }).expect(401);
    await hub.http().get('/api/me').auth('not-a-token', { type: 'bearer' }).expect(401);
  });

  it('refreshes a live session', async () => {
    const { token } = await signedInUser(hub);
    const res = await hub.http().post('/api/auth/refresh').auth(token, { type: 'bearer' }).expect(200);
    await hub.http().get('/api/me').auth(res.body.accessToken, { type: 'bearer' }).expect(200);
  });

  it('limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    let last: { body: { error: { code: string } } } | undefined;
    for (let i = 0; i < 45; i++) {
      const res = await login(`flood${i}@test.csp-hub.test`, 'whatever-password');
      statuses.push(res.status);
      if (res.status === 429) {
        last = res;
        break;
      }
    }
    expect(statuses).toContain(429);
    expect(last?.body.error.code).toBe('too_many_sign_ins');
  });
});

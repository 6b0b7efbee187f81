import { generateKeyPairSync } from 'node:crypto';
import { Role } from '../../src/auth/role.js';
import { createUser, signedInUser } from '../factories/user.factory.js';
import { freePort, startTestIdp, type TestIdp } from '../support/oidc-test-provider.js';
import { RedirectClient } from '../support/redirect-client.js';
import { createTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

// The authorization code flow end to end over HTTP: the hub, a real oidc-provider on a loopback
// port, and a cookie-keeping client that follows every redirect and fills in the provider's login form.
describe('single sign-on through a real OpenID Connect provider', () => {
  let hub: TestHub;
  let idp: TestIdp;
  let base: string;
  let admin: string;
  let keyJwk: string;

  const PASSWORD = 'provider-password';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyJwk = JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'hub-key-1' });
    idp = await startTestIdp({
      keyedClient: { clientId: 'csp-hub-keyed', publicJwk: { ...publicKey.export({ format: 'jwk' }), kid: 'hub-key-1', alg: 'RS256', use: 'sig' } },
      redirectUris: [`${base}/api/auth/sso/callback`],
      postLogoutRedirectUris: [`${base}/sign-in`],
      users: [
        { username: 'alice', password: PASSWORD, email: 'Alice.Newcomer@winchester.gov.uk', name: 'Alice Newcomer' },
        { username: 'bob', password: PASSWORD, email: 'bob.registered@winchester.gov.uk', name: 'Bob Registered' },
        { username: 'dave', password: PASSWORD, email: 'dave.disabled@winchester.gov.uk' },
        { username: 'eve', password: PASSWORD, email: 'eve@elsewhere.example.com' },
        { username: 'grace', password: PASSWORD, email: 'grace@gosport.gov.uk', groups: ['csp-analysts', 'canteen-rota'] },
        { username: 'nomail', password: PASSWORD },
        { username: 'kim', password: PASSWORD, email: 'kim@eastleigh.gov.uk' },
      ],
    });
    hub = await createTestHub({ PUBLIC_URL: base, SIGNIN_RATE_PER_MINUTE: '1000' });
    await hub.app.listen(port, '127.0.0.1');
    admin = (await signedInUser(hub, { roles: [Role.Admin], organisation: 'opcc' })).token;
    await configure('winchester', { allowedDomains: ['winchester.gov.uk'], autoCreate: true, localPasswords: false });
    await configure('gosport', { allowedDomains: ['gosport.gov.uk'], autoCreate: true, roleMapping: 'claim', rolesClaim: 'groups', roleMap: { 'csp-analysts': Role.Analyst } });
  });
  afterAll(async () => {
    await hub?.close();
    await idp?.close();
  });

  async function configure(slug: string, changes: Record<string, unknown>, expected = 200) {
    const body = { enabled: true, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, clientAuth: 'client_secret_basic', roleMapping: 'hub', autoCreate: false, localPasswords: true, ...changes };
    const res = await hub.http().put(`/api/organisations/${slug}/identity-provider`).set(auth(admin)).send(body);
    expect(res.status).toBe(expected);
    return res.body;
  }

  /** Start at the hub, sign in at the provider, and stop where the provider sends the browser back to the client. */
  async function signInAt(slug: string, username: string, client = new RedirectClient()) {
    const atProvider = await client.follow(`${base}/api/auth/sso/${slug}/start`);
    expect(atProvider.url.origin).toBe(idp.issuer);
    expect(atProvider.body).toContain('<label for="username">Username</label>');
    const back = await client.follow(atProvider.url.href, { method: 'POST', form: { username, password: PASSWORD }, stopAt: (u) => u.origin === base && u.pathname === '/sign-in/sso' });
    expect(back.url.pathname).toBe('/sign-in/sso');
    return { client, landing: back.url, visited: [...atProvider.visited, ...back.visited] };
  }

  async function signedInThroughProvider(slug: string, username: string) {
    const { client, landing } = await signInAt(slug, username);
    expect(landing.searchParams.get('error')).toBeNull();
    const done = await client.json(`${base}/api/auth/sso/complete`, 'POST', { handoff: landing.searchParams.get('handoff') });
    expect(done.status).toBe(200);
    return { client, handoff: landing.searchParams.get('handoff')!, token: done.body.accessToken as string, result: done.body };
  }

  it('signs a newcomer from an allowed domain in with PKCE, state and nonce, creating an account with no data access, audited', async () => {
    const { client, landing, visited } = await signInAt('winchester', 'alice');
    const authorize = visited.find((u) => u.origin === idp.issuer && u.pathname === '/auth' && u.searchParams.has('client_id'))!;
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${base}/api/auth/sso/callback`);
    expect(landing.searchParams.get('organisation')).toBe('winchester');

    const done = await client.json(`${base}/api/auth/sso/complete`, 'POST', { handoff: landing.searchParams.get('handoff') });
    expect(done.status).toBe(200);
    expect(done.body.expiresIn).toBe(900);
    expect(done.body.user).toMatchObject({ email: 'alice.newcomer@winchester.gov.uk', displayName: 'Alice Newcomer', roles: [], organisation: { slug: 'winchester' } });
    const token = done.body.accessToken;
    const me = await hub.http().get('/api/me').set(auth(token)).expect(200);
    expect(me.body.permissions).toEqual([]);
    await hub.http().get('/api/datasets').set(auth(token)).expect(403);

    const audit = await hub.dataSource.query(`SELECT action, details FROM audit_log WHERE actor_email = $1 OR details->>'email' = $1 ORDER BY id`, ['alice.newcomer@winchester.gov.uk']);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['user.created', 'auth.sign_in']);
    expect(audit[0].details).toMatchObject({ by: 'sso_first_sign_in', roles: [], organisation: 'winchester' });
    expect(audit[1].details).toEqual({ method: 'sso' });
  });

  it('hands the session over once, and only to the browser that started the sign-in', async () => {
    const { landing, client } = await signInAt('winchester', 'alice');
    const handoff = landing.searchParams.get('handoff');
    const elsewhere = await new RedirectClient().json(`${base}/api/auth/sso/complete`, 'POST', { handoff });
    expect(elsewhere.status).toBe(401);
    expect((await client.json(`${base}/api/auth/sso/complete`, 'POST', { handoff })).status).toBe(200);
    expect((await client.json(`${base}/api/auth/sso/complete`, 'POST', { handoff })).status).toBe(401);
  });

  it('refuses a callback from a browser that did not start the sign-in (login CSRF)', async () => {
    const client = new RedirectClient();
    const atProvider = await client.follow(`${base}/api/auth/sso/winchester/start`);
    const back = await client.follow(atProvider.url.href, { method: 'POST', form: { username: 'alice', password: PASSWORD }, stopAt: (u) => u.origin === base });
    const victim = await new RedirectClient().follow(back.url.href, { stopAt: (u) => u.pathname === '/sign-in/sso' });
    expect(victim.url.searchParams.get('error')).toBe('expired');
  });

  it('links a pre-registered account and keeps the roles assigned in the hub', async () => {
    const bob = await createUser(hub, { email: 'bob.registered@winchester.gov.uk', roles: [Role.Analyst] });
    const { result } = await signedInThroughProvider('winchester', 'bob');
    expect(result.user).toMatchObject({ id: bob.id, roles: ['analyst'] });
    const [row] = await hub.dataSource.query(`SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1`, [bob.id]);
    expect(row).toEqual({ oidc_issuer: idp.issuer, oidc_subject: 'bob' });
    const linked = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'user.sso_linked' AND actor_id = $1`, [bob.id]);
    expect(linked).toHaveLength(1);
  });

  it('turns the password sign-in off for an organisation that chose so, and says how to sign in instead', async () => {
    await createUser(hub, { email: 'carol.password@winchester.gov.uk' });
    const res = await hub.http().post('/api/auth/login').send({ email: 'carol.password@winchester.gov.uk', password: TEST_PASSWORD }).expect(401);
    expect(res.body.error.code).toBe('password_sign_in_off');
    await hub.login((await createUser(hub, { organisation: 'havant' })).email);
  });

  it('maps roles from the groups claim, ignoring unmapped groups, and follows changes at the next sign-in', async () => {
    const first = await signedInThroughProvider('gosport', 'grace');
    expect(first.result.user.roles).toEqual(['analyst']);
    idp.setUser({ username: 'grace', password: PASSWORD, email: 'grace@gosport.gov.uk', groups: ['canteen-rota'] });
    const second = await signedInThroughProvider('gosport', 'grace');
    expect(second.result.user.roles).toEqual([]);
    const [change] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'user.roles_from_provider' AND actor_email = 'grace@gosport.gov.uk'`);
    expect(change.details).toEqual({ before: ['analyst'], after: [] });
  });

  it('keeps an account disabled in the hub out, whatever the provider says', async () => {
    const dave = await createUser(hub, { email: 'dave.disabled@winchester.gov.uk' });
    await hub.http().patch(`/api/users/${dave.id}`).set(auth(admin)).send({ disabled: true }).expect(200);
    const { landing } = await signInAt('winchester', 'dave');
    expect(landing.searchParams.get('error')).toBe('account_disabled');
    expect(landing.searchParams.has('handoff')).toBe(false);
    const [refused] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'auth.sso_refused' AND actor_id = $1`, [dave.id]);
    expect(refused.details).toMatchObject({ reason: 'account_disabled' });
  });

  it('refuses a person from a domain the organisation does not allow, and creates nothing', async () => {
    const { landing } = await signInAt('winchester', 'eve');
    expect(landing.searchParams.get('error')).toBe('domain_not_allowed');
    expect(await hub.dataSource.query(`SELECT id FROM users WHERE email = 'eve@elsewhere.example.com'`)).toEqual([]);
  });

  it('sends the person to the unavailable page, and the administrator a reason, when the ID token lacks an email', async () => {
    const { landing } = await signInAt('winchester', 'nomail');
    expect(landing.searchParams.get('error')).toBe('unavailable');
    const settings = await hub.http().get('/api/organisations/winchester/identity-provider').set(auth(admin)).expect(200);
    expect(settings.body.lastError).toMatch(/^missing_claims: .*email/);
  });

  it('says the provider refused when the person cancels at the provider, without blaming the provider', async () => {
    const client = new RedirectClient();
    const atProvider = await client.follow(`${base}/api/auth/sso/gosport/start`);
    const uid = atProvider.url.pathname.split('/')[2];
    const back = await client.follow(`${idp.issuer}/interaction/${uid}/abort`, { stopAt: (u) => u.origin === base && u.pathname === '/sign-in/sso' });
    expect(back.url.searchParams.get('error')).toBe('provider_refused');
    const settings = await hub.http().get('/api/organisations/gosport/identity-provider').set(auth(admin)).expect(200);
    expect(settings.body.lastError).toBeNull();
  });

  it('keeps the session rules after an SSO sign-in: sign-out and disabling end it, and so does its absolute end', async () => {
    const signOut = await signedInThroughProvider('gosport', 'grace');
    await hub.http().post('/api/auth/logout').set(auth(signOut.token)).expect(204);
    expect((await hub.http().get('/api/me').set(auth(signOut.token)).expect(401)).body.error.code).toBe('session_ended');

    const disabled = await signedInThroughProvider('gosport', 'grace');
    await hub.http().patch(`/api/users/${disabled.result.user.id}`).set(auth(admin)).send({ disabled: true }).expect(200);
    await hub.http().get('/api/me').set(auth(disabled.token)).expect(401);
    await hub.http().patch(`/api/users/${disabled.result.user.id}`).set(auth(admin)).send({ disabled: false }).expect(200);

    const expired = await signedInThroughProvider('gosport', 'grace');
    const { sid } = JSON.parse(Buffer.from(expired.token.split('.')[1], 'base64url').toString());
    const [session] = await hub.dataSource.query(`SELECT sso_organisation_id FROM sessions WHERE id = $1`, [sid]);
    expect(session.sso_organisation_id).toBeTruthy();
    await hub.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [sid]);
    expect((await hub.http().get('/api/me').set(auth(expired.token)).expect(401)).body.error.code).toBe('session_expired');
  });

  it("offers the provider's own sign-out after the hub session ends", async () => {
    const res = await hub.http().get('/api/auth/sso/winchester/sign-out').expect(302);
    const url = new URL(res.headers.location);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('client_id')).toBe(idp.clientId);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/sign-in`);
    // A browser still signed in at the provider is asked there whether to sign out of it too.
    const { client } = await signInAt('winchester', 'bob');
    const page = await client.follow(res.headers.location);
    expect(page.body).toContain('Sign out of the test identity provider too?');
  });

  it('routes an email to its organisation (email-first) and lists the organisations with single sign-on', async () => {
    const found = await hub.http().post('/api/auth/sso/find').send({ email: 'someone@Gosport.gov.uk' }).expect(200);
    expect(found.body.organisation).toMatchObject({ slug: 'gosport' });
    expect((await hub.http().post('/api/auth/sso/find').send({ email: 'someone@nowhere.example' }).expect(200)).body.organisation).toBeNull();
    const list = await hub.http().get('/api/auth/sso/providers').expect(200);
    expect(list.body.map((o: { slug: string }) => o.slug).sort()).toEqual(['gosport', 'winchester']);
  });

  it('keeps the client secret write-only and tests the connection through discovery', async () => {
    const settings = await hub.http().get('/api/organisations/winchester/identity-provider').set(auth(admin)).expect(200);
    expect(settings.body).toMatchObject({ hasClientSecret: true, redirectUri: `${base}/api/auth/sso/callback` });
    expect(JSON.stringify(settings.body)).not.toContain(idp.clientSecret);
    const [stored] = await hub.dataSource.query(`SELECT client_secret_sealed FROM identity_providers LIMIT 1`);
    expect(stored.client_secret_sealed).not.toContain(idp.clientSecret);
    const check = await hub.http().post('/api/organisations/winchester/identity-provider/check').set(auth(admin)).expect(200);
    expect(check.body).toMatchObject({ ok: true, issuer: idp.issuer, endSessionEndpoint: `${idp.issuer}/session/end` });
  });

  it('shows the unavailable page for a provider that is down, and keeps the reason for the administrator', async () => {
    const closed = await freePort();
    await configure('portsmouth', { issuer: `http://127.0.0.1:${closed}`, allowedDomains: ['portsmouth.gov.uk'] });
    const res = await hub.http().get('/api/auth/sso/portsmouth/start').expect(302);
    expect(res.headers.location).toBe('/sign-in/sso?error=unavailable&organisation=portsmouth');
    const settings = await hub.http().get('/api/organisations/portsmouth/identity-provider').set(auth(admin)).expect(200);
    expect(settings.body.lastError).toMatch(/^provider_unreachable: The provider did not answer/);
    const check = await hub.http().post('/api/organisations/portsmouth/identity-provider/check').set(auth(admin)).expect(200);
    expect(check.body).toMatchObject({ ok: false, reason: 'provider_unreachable' });
    const failed = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'auth.sso_failed' AND target_id = (SELECT id FROM organisations WHERE slug = 'portsmouth')::text`);
    expect(failed[0].details).toEqual({ reason: 'provider_unreachable' });
    // The rest of the hub carries on.
    await hub.http().get('/api/me').set(auth(admin)).expect(200);
  });

  it('shows the unavailable page when the provider answers garbage, and the test connection says what is wrong', async () => {
    await signedInThroughProvider('gosport', 'grace');
    idp.setMode('garbage');
    try {
      // Straight after a sign-in that worked (discovery already known): the next start still notices.
      const first = await hub.http().get('/api/auth/sso/gosport/start').expect(302);
      expect(first.headers.location).toBe('/sign-in/sso?error=unavailable&organisation=gosport');
      const check = await hub.http().post('/api/organisations/gosport/identity-provider/check').set(auth(admin)).expect(200);
      expect(check.body).toMatchObject({ ok: false, reason: 'provider_bad_answer' });
      expect(check.body.message).toMatch(/not OpenID Connect metadata/);
    } finally {
      idp.setMode('up');
    }
    await hub.http().post('/api/organisations/gosport/identity-provider/check').set(auth(admin)).expect(200, /"ok":true/);
  });

  it('authenticates the hub to the provider with a private key (private_key_jwt) instead of a secret', async () => {
    const saved = await configure('eastleigh', { clientId: 'csp-hub-keyed', clientAuth: 'private_key_jwt', clientSecret: undefined, privateKey: keyJwk, allowedDomains: ['eastleigh.gov.uk'], autoCreate: true });
    expect(saved).toMatchObject({ hasPrivateKey: true, hasClientSecret: false });
    expect(JSON.stringify(saved)).not.toContain('"d"');
    const { result } = await signedInThroughProvider('eastleigh', 'kim');
    expect(result.user).toMatchObject({ email: 'kim@eastleigh.gov.uk', organisation: { slug: 'eastleigh' } });
  });

  it('refuses settings that cannot work, with a message that says what to fix', async () => {
    const res = await configure('fareham', { allowedDomains: [] }, 400);
    expect(res.error.message).toMatch(/allowed email domain/);
    const claim = await configure('fareham', { allowedDomains: ['fareham.gov.uk'], roleMapping: 'claim', rolesClaim: 'groups', roleMap: { x: 'superuser' } }, 400);
    expect(claim.error.message).toMatch(/Map claim values to hub roles only/);
  });
});

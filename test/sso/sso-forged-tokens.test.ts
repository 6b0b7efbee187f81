import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { Role } from '../../src/auth/role.js';
import { signedInUser } from '../factories/user.factory.js';
import { freePort } from '../support/oidc-test-provider.js';
import { RedirectClient } from '../support/redirect-client.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/** What the fake issuer's token endpoint answers, given the claims a genuine ID token would carry. */
type Forge = (genuine: JWTPayload, keys: { good: KeyPair; rogue: KeyPair }) => Promise<{ status?: number; type?: string; body: string }>;

const sign = (claims: JWTPayload, key: KeyPair, alg = 'RS256') => new SignJWT(claims).setProtectedHeader({ alg, kid: 'fake-1' }).sign(key.privateKey);
const tokens = (idToken: string) => ({ body: JSON.stringify({ access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken }) });

/**
 * A minimal issuer (discovery, JWKS, an authorization endpoint that answers at once, a token
 * endpoint) whose ID tokens each test forges with jose: the hub must refuse every one that
 * openid-client would, and say why to the administrator.
 */
async function startFakeIssuer(clientId: string) {
  const keys = { good: await generateKeyPair('RS256'), rogue: await generateKeyPair('RS256') };
  const jwk = { ...(await exportJWK(keys.good.publicKey)), kid: 'fake-1', use: 'sig', alg: 'RS256' };
  const codes = new Map<string, string>();
  let forge: Forge = async (genuine) => tokens(await sign(genuine, keys.good));
  let discoveryIssuer: string | null = null;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (value: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer: discoveryIssuer ?? issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/authorize') {
      const code = randomBytes(12).toString('hex');
      codes.set(code, url.searchParams.get('nonce') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return res.writeHead(302, { Location: back.href }).end();
    }
    if (url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const nonce = codes.get(new URLSearchParams(body).get('code') ?? '') ?? '';
      const now = Math.floor(Date.now() / 1000);
      const genuine = { iss: issuer, aud: clientId, sub: 'subject-1', email: 'forged.person@winchester.gov.uk', nonce, iat: now, exp: now + 300 };
      const answer = await forge(genuine, keys);
      return res.writeHead(answer.status ?? 200, { 'Content-Type': answer.type ?? 'application/json' }).end(answer.body);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    forge: (next: Forge) => void (forge = next),
    claimIssuer: (value: string | null) => void (discoveryIssuer = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('single sign-on refuses forged, stale and misaddressed ID tokens', () => {
  let hub: TestHub;
  let fake: Awaited<ReturnType<typeof startFakeIssuer>>;
  let base: string;
  let admin: string;
  const auth = () => ({ Authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    fake = await startFakeIssuer('csp-hub');
    hub = await createTestHub({ PUBLIC_URL: base, SIGNIN_RATE_PER_MINUTE: '1000' });
    await hub.app.listen(port, '127.0.0.1');
    admin = (await signedInUser(hub, { roles: [Role.Admin], organisation: 'opcc' })).token;
    await hub
      .http()
      .put('/api/organisations/winchester/identity-provider')
      .set(auth())
      .send({ enabled: true, issuer: fake.issuer, clientId: 'csp-hub', clientSecret: 'fake-secret', clientAuth: 'client_secret_post', allowedDomains: ['winchester.gov.uk'], roleMapping: 'hub', autoCreate: true, localPasswords: true, clockToleranceSeconds: 30 })
      .expect(200);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  async function attempt(): Promise<{ landing: URL; lastError: string | null }> {
    const { url } = await new RedirectClient().follow(`${base}/api/auth/sso/winchester/start`, { stopAt: (u) => u.origin === base && u.pathname === '/sign-in/sso' });
    const settings = await hub.http().get('/api/organisations/winchester/identity-provider').set(auth()).expect(200);
    return { landing: url, lastError: settings.body.lastError };
  }

  it('accepts the genuine token (the control: each case below changes one thing)', async () => {
    fake.forge(async (genuine, { good }) => tokens(await sign(genuine, good)));
    const { landing } = await attempt();
    expect(landing.searchParams.get('handoff')).toBeTruthy();
  });

  const cases: [string, string, Forge][] = [
    ['a tampered token (payload changed after signing)', 'id_token_signature', async (g, { good }) => {
      const [h, , s] = (await sign(g, good)).split('.');
      const payload = Buffer.from(JSON.stringify({ ...g, email: 'someone.else@winchester.gov.uk' })).toString('base64url');
      return tokens(`${h}.${payload}.${s}`);
    }],
    ['a token signed with a key the issuer does not publish', 'id_token_signature', async (g, { rogue }) => tokens(await sign(g, rogue))],
    ['an expired token', 'id_token_expired', async (g, { good }) => tokens(await sign({ ...g, iat: g.iat! - 1200, exp: g.iat! - 600 }, good))],
    // A fast clock shows in "nbf" (Entra ID sets it); openid-client does not judge "iat" alone.
    ['a token from a provider whose clock is ten minutes fast', 'id_token_expired', async (g, { good }) => tokens(await sign({ ...g, iat: g.iat! + 600, nbf: g.iat! + 600, exp: g.exp! + 600 }, good))],
    ['a token for another client (wrong audience)', 'wrong_audience', async (g, { good }) => tokens(await sign({ ...g, aud: 'another-client' }, good))],
    ['a token answering another sign-in (wrong nonce)', 'wrong_nonce', async (g, { good }) => tokens(await sign({ ...g, nonce: 'replayed-nonce' }, good))],
    ['a token from another issuer', 'wrong_issuer', async (g, { good }) => tokens(await sign({ ...g, iss: 'https://impostor.example' }, good))],
    ['a token without a subject', 'missing_claims', async ({ sub: _sub, ...g }, { good }) => tokens(await sign(g, good))],
    ['a token without an email address', 'missing_claims', async ({ email: _email, ...g }, { good }) => tokens(await sign(g, good))],
    ['an HTML page instead of a token response', 'provider_bad_answer', async () => ({ type: 'text/html', body: '<html><body>Gateway error</body></html>' })],
    ['a token response without an ID token', 'invalid_response', async () => ({ body: JSON.stringify({ access_token: 'x', token_type: 'Bearer', expires_in: 300 }) })],
  ];

  it.each(cases)('refuses %s: the unavailable page for the person, the reason (%s) for the administrator', async (_name, reason, forge) => {
    fake.forge(forge);
    const before = await hub.dataSource.query(`SELECT count(*)::int AS n FROM sessions`);
    const { landing, lastError } = await attempt();
    expect(landing.searchParams.get('error')).toBe('unavailable');
    expect(landing.searchParams.get('organisation')).toBe('winchester');
    expect(landing.searchParams.has('handoff')).toBe(false);
    expect(lastError?.split(':')[0]).toBe(reason);
    expect(await hub.dataSource.query(`SELECT count(*)::int AS n FROM sessions`)).toEqual(before);
    const [failed] = await hub.dataSource.query(`SELECT details FROM audit_log WHERE action = 'auth.sso_failed' ORDER BY id DESC LIMIT 1`);
    expect(failed.details).toEqual({ reason });
  });

  it('names a discovery document that claims another issuer in the test connection', async () => {
    fake.claimIssuer('https://login.impostor.example');
    try {
      const check = await hub.http().post('/api/organisations/winchester/identity-provider/check').set(auth()).expect(200);
      expect(check.body).toMatchObject({ ok: false, reason: 'wrong_issuer' });
      expect(check.body.message).toMatch(/Use exactly the issuer from its discovery document/);
    } finally {
      fake.claimIssuer(null);
    }
  });
});

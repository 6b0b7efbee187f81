import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** A person at the test provider: what they type to sign in and what the ID token says about them. */
export interface TestIdpUser {
  /** What the person types as "Username" at the provider; also the subject (`sub`). */
  username: string;
  password: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  /** The `groups` claim (issued with the `profile` scope, as Entra ID puts groups in the ID token). */
  groups?: string[];
  /** Any other claim to put in the ID token. */
  claims?: Record<string, unknown>;
}

export interface TestIdpOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Shown on the login page. */
  name?: string;
  clientId?: string;
  clientSecret?: string;
  /** The hub's callback, `<PUBLIC_URL>/api/auth/sso/callback`. */
  redirectUris: string[];
  /** Where the provider may send the browser after its own sign-out, e.g. `<PUBLIC_URL>/sign-in`. */
  postLogoutRedirectUris?: string[];
  users?: TestIdpUser[];
  /** A second client that proves itself with a signed JWT (private_key_jwt) made with the private half of `publicJwk`. */
  keyedClient?: { clientId: string; publicJwk: Record<string, unknown> };
}

export interface TestIdp {
  /** The issuer identifier and discovery base, `http://127.0.0.1:<port>`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces a user (claims take effect at their next sign-in). */
  setUser(user: TestIdpUser): void;
  /** `garbage`: every endpoint answers 200 with an HTML page, as a misrouted proxy would. */
  setMode(mode: 'up' | 'garbage'): void;
  close(): Promise<void>;
}

const SCOPES = 'openid email profile';

/**
 * A real OpenID Connect provider (`oidc-provider`) on a loopback port, with one confidential
 * client (client_secret_basic, PKCE required) and a set of users who sign in on a plain login
 * form. Consent is implied for the one client. Used by the SSO tests and by `npm run idp:dev`.
 */
export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const users = new Map((options.users ?? []).map((u) => [u.username, u]));
  const clientId = options.clientId ?? 'csp-hub';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const name = options.name ?? 'Test identity provider';
  let mode: 'up' | 'garbage' = 'up';

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: 'csp-hub',
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      // Its keys by jwks_uri: inline `jwks` fail oidc-provider's plain-object check under Jest's module realm.
      ...(options.keyedClient
        ? [{ client_id: options.keyedClient.clientId, token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `${issuer}/test-client-keys`, redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }]
        : []),
    ],
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-idp-1', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'groups'] },
    // Claims in the ID token itself (as Entra ID and most providers send them), not only at userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    loadExistingGrant,
    renderError,
    adapter: MemoryAdapter,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    findAccount: (_ctx: unknown, id: string) => {
      const user = users.get(id);
      if (!user) return undefined;
      return { accountId: id, claims: () => claimsOf(user) };
    },
  });
  // A wrong password or a stale interaction is an expected answer here, not something to print.
  provider.on('server_error', () => undefined);
  const handle = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (mode === 'garbage') return send(res, 200, '<html><body>Service temporarily unavailable</body></html>');
    if (req.url === '/test-client-keys' && options.keyedClient) {
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [options.keyedClient.publicJwk] }));
    }
    const match = /^\/interaction\/([\w-]+)(\/abort)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return handle(req, res);
    interaction(provider, users, name, req, res, Boolean(match[2])).catch((err: Error) => send(res, 400, page(name, 'Sign-in failed', `<p>${escape(err.message)}</p>`)));
  });

  return {
    issuer,
    clientId,
    clientSecret,
    setUser: (user) => void users.set(user.username, user),
    setMode: (next) => void (mode = next),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

type Stored = { payload: Record<string, unknown>; expiresAt: number };
const stores = new Map<string, Map<string, Stored>>();

/** oidc-provider's storage interface over plain maps, for one process (the tests and idp:dev). */
class MemoryAdapter {
  private readonly store: Map<string, Stored>;
  constructor(model: string) {
    this.store = stores.get(model) ?? new Map();
    stores.set(model, this.store);
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
    this.store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
  }
  async find(id: string) {
    const hit = this.store.get(id);
    if (!hit || hit.expiresAt <= Date.now()) return undefined;
    return hit.payload;
  }
  async findByUid(uid: string) {
    const hit = [...this.store.entries()].find(([, v]) => v.payload.uid === uid);
    return hit ? this.find(hit[0]) : undefined;
  }
  async findByUserCode(userCode: string) {
    const hit = [...this.store.entries()].find(([, v]) => v.payload.userCode === userCode);
    return hit ? this.find(hit[0]) : undefined;
  }
  async consume(id: string) {
    const hit = this.store.get(id);
    if (hit) hit.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    this.store.delete(id);
  }
  async revokeByGrantId(grantId: string) {
    for (const [id, v] of this.store) if (v.payload.grantId === grantId) this.store.delete(id);
  }
}

function claimsOf(user: TestIdpUser): Record<string, unknown> {
  return {
    sub: user.username,
    ...(user.email !== undefined && { email: user.email, email_verified: user.emailVerified ?? true }),
    ...(user.name !== undefined && { name: user.name }),
    ...(user.groups !== undefined && { groups: user.groups }),
    ...user.claims,
  };
}

/** The login page and its answer: GET shows the form, POST checks the password; abort cancels. */
async function interaction(provider: Provider, users: Map<string, TestIdpUser>, name: string, req: IncomingMessage, res: ServerResponse, abort: boolean): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (abort) return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false });
  if (details.prompt.name !== 'login') throw new Error(`The test provider does not handle the "${details.prompt.name}" prompt.`);
  if (req.method !== 'POST') return send(res, 200, loginPage(name, details.uid, typeof details.params.login_hint === 'string' ? details.params.login_hint : '', null));
  const form = new URLSearchParams(await readBody(req));
  const username = form.get('username') ?? '';
  const user = users.get(username);
  if (!user || user.password !== form.get('password')) return send(res, 200, loginPage(name, details.uid, username, 'The username or password is wrong.'));
  await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
}

/** The one client is first-party: every sign-in is granted the scopes the hub asks for. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, result, provider } = ctx.oidc;
  const grantId = result?.consent?.grantId ?? session.grantIdFor(client!.clientId);
  if (grantId) return provider.Grant.find(grantId);
  const grant = new provider.Grant({ clientId: client!.clientId, accountId: session.accountId });
  grant.addOIDCScope(SCOPES);
  await grant.save();
  return grant;
}

async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  ctx.body = page('Test identity provider', 'Sign out', `${form}<p>Sign out of the test identity provider too?</p><button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button> <button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  ctx.body = page('Test identity provider', 'Signed out', '<p>You have signed out of the test identity provider.</p>');
}

async function renderError(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
  ctx.type = 'html';
  ctx.body = page('Test identity provider', 'Sign-in error', `<p>${escape(out.error ?? 'error')}: ${escape(out.error_description ?? '')}</p>`);
}

function loginPage(name: string, uid: string, username: string, error: string | null): string {
  return page(
    name,
    `Sign in to ${name}`,
    `${error ? `<p role="alert" id="error">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${uid}" autocomplete="off">
      <p><label for="username">Username</label><br><input id="username" name="username" value="${escape(username)}" required></p>
      <p><label for="password">Password</label><br><input id="password" name="password" type="password" required></p>
      <p><button type="submit">Sign in</button></p>
    </form>
    <p><a href="/interaction/${uid}/abort">Cancel</a></p>`,
  );
}

function page(name: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} – ${escape(name)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new Error('The form is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A loopback port nobody is listening on right now (for a hub whose PUBLIC_URL must name its port). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

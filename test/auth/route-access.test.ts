import { hasPermission, type Permission } from '../../src/auth/permission.js';
import { ALL_ROLES, type Role } from '../../src/auth/role.js';
import { signedInUser } from '../factories/user.factory.js';
import { concretePath, listRoutes, type RouteInfo } from '../support/routes.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

/** The only routes anyone may call without signing in. Changing this list is a security decision. */
// Sign-in with an organisation's own account starts before there is a session: the provider list,
// the email-first lookup, the redirect out, the callback and its completion, and the provider's sign-out.
const PUBLIC_ROUTES = [
  'POST /api/auth/login',
  'GET /api/auth/sso/:slug/sign-out',
  'GET /api/auth/sso/:slug/start',
  'GET /api/auth/sso/callback',
  'POST /api/auth/sso/complete',
  'POST /api/auth/sso/find',
  'GET /api/auth/sso/providers',
  'GET /api/health',
];

describe('every route is closed unless declared public', () => {
  let hub: TestHub;
  let routes: RouteInfo[];
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    hub = await createTestHub({ SIGNIN_RATE_PER_MINUTE: '1000' });
    routes = listRoutes(hub.app);
    for (const role of ALL_ROLES) tokens.set(role, (await signedInUser(hub, { roles: [role], organisation: 'opcc' })).token);
  });
  afterAll(() => hub.close());

  const send = (r: RouteInfo, token?: string) => {
    const req = hub.http()[r.method.toLowerCase() as 'get'](concretePath(r.path));
    return token ? req.auth(token, { type: 'bearer' }) : req;
  };

  it('finds the routes, each with a declared access rule (a diff here is a permission change)', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.access === 'UNDECLARED')).toEqual([]);
    expect(routes.map((r) => `${r.method} ${r.path} -> ${r.access}${r.apiToken ? ` (or an API token: ${r.apiToken})` : ''}`)).toMatchSnapshot();
  });

  it('has a short, explicit public list', () => {
    expect(routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`)).toEqual(PUBLIC_ROUTES);
  });

  it('answers 401 without a token on every non-public route', async () => {
    for (const r of routes.filter((x) => x.access !== 'public')) {
      const res = await send(r);
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 401 });
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('answers 403 to a signed-in user whose roles lack the permission', async () => {
    const guarded = routes.filter((r) => r.access !== 'public' && r.access !== 'signed-in');
    expect(guarded.length).toBeGreaterThan(0);
    for (const r of guarded) {
      const lacking = ALL_ROLES.filter((role) => !hasPermission([role], r.access as Permission));
      for (const role of lacking) {
        const res = await send(r, tokens.get(role));
        expect({ route: `${r.method} ${r.path}`, role, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, role, status: 403 });
      }
    }
  });
});

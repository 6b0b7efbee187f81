// `npm run idp:dev`: a real OpenID Connect provider (oidc-provider, the one the SSO tests use) on
// this machine, with a few people to sign in as, so a newcomer can try "Sign in with <organisation>"
// against a hub started with `npm start`. For development only: everything is held in memory.
import { startTestIdp } from '../test/support/oidc-test-provider.js';

const hub = (process.env.PUBLIC_URL ?? `http://${process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1'}:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const port = Number(process.env.IDP_PORT ?? 4010);
const PASSWORD = 'idp-dev-password';

const idp = await startTestIdp({
  port,
  name: 'Development identity provider',
  clientId: 'csp-hub-dev',
  clientSecret: 'csp-hub-dev-secret',
  redirectUris: [`${hub}/api/auth/sso/callback`],
  postLogoutRedirectUris: [`${hub}/sign-in`],
  users: [
    // The demo analyst at Winchester (seeded by DEMO_SEED): signing in links her existing account.
    { username: 'wendy', password: PASSWORD, email: 'analyst.winchester@demo.csp-hub.test', name: 'Wendy Analyst', groups: ['csp-analysts'] },
    // Nobody in the hub yet: a first sign-in creates an account with no data access (with "Create an account" ticked).
    { username: 'newcomer', password: PASSWORD, email: 'newcomer@demo.csp-hub.test', name: 'Nia Newcomer', groups: ['csp-analysts'] },
    // From a domain the organisation does not allow: always refused.
    { username: 'outsider', password: PASSWORD, email: 'outsider@elsewhere.example', name: 'Oscar Outsider' },
    // No email claim: the hub shows "your organisation's sign-in is unavailable" and tells the administrator why.
    { username: 'noemail', password: PASSWORD, name: 'No Email' },
  ],
});

console.log(`Development OpenID Connect provider at ${idp.issuer} (for a hub at ${hub})

Configure an organisation to use it:
  1. Start the hub (npm start) and sign in as admin@demo.csp-hub.test (DEMO_PASSWORD).
  2. Admin > Organisations and sign-in > Sign-in settings for Winchester City Council.
  3. Tick "Let people sign in with ...", then:
       Issuer (discovery) URL   ${idp.issuer}
       Client id                ${idp.clientId}
       Client secret            ${idp.clientSecret}   (Client secret (HTTP Basic))
       Allowed email domains    demo.csp-hub.test
     Optionally: roles from the claim "groups" with csp-analysts = analyst; "Create an account at first sign-in".
  4. Save settings, then Test connection.
  5. Sign out; the sign-in page now offers "Sign in with Winchester City Council".

People at this provider (password ${PASSWORD} for each):
  wendy     analyst.winchester@demo.csp-hub.test   groups csp-analysts
  newcomer  newcomer@demo.csp-hub.test             groups csp-analysts
  outsider  outsider@elsewhere.example             (domain not allowed)
  noemail   no email claim                          (sign-in unavailable)

Another hub address: PUBLIC_URL=http://localhost:3000 npm run idp:dev. Another port: IDP_PORT=4011.
Ctrl+C stops it.`);

const stop = () => void idp.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

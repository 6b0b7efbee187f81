import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Banner } from '../components/coming-soon.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { TextInput } from '../components/text-input.js';
import { useTitle } from './use-title.js';

const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the form before sending it, in the words the GOV.UK patterns use. */
export function validateSignIn(email: string, password: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!email.trim()) errors.push({ field: 'email', message: 'Enter your email address' });
  else if (!EMAIL_FORMAT.test(email.trim())) errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.gov.uk' });
  if (!password) errors.push({ field: 'password', message: 'Enter your password' });
  return errors;
}

export function SignInPage({ notice, signedOutOf }: { notice: string | null; signedOutOf?: string | null }) {
  useTitle(notice || 'Sign in');
  const organisations = useSsoOrganisations();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems = validateSignIn(email, password);
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      await session.signIn(email.trim(), password);
    } catch (err) {
      setPassword('');
      setErrors([{ field: 'password', message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {notice && !errors.length && (
          <Banner title="Signed out">
            <p class="govuk-notification-banner__heading" data-testid="sign-in-notice">
              {notice}
            </p>
            {signedOutOf && (
              <p class="govuk-body">
                You may still be signed in to your organisation’s own account in this browser.{' '}
                <a class="govuk-notification-banner__link" href={`/api/auth/sso/${encodeURIComponent(signedOutOf)}/sign-out`}>
                  Sign out of {organisations?.find((o) => o.slug === signedOutOf)?.name ?? 'your organisation'}’s account too
                </a>
              </p>
            )}
          </Banner>
        )}
        <h1 class="govuk-heading-l">Sign in to csp-hub</h1>
        {organisations && organisations.length > 0 && <OrganisationSignIn organisations={organisations} />}
        {organisations && organisations.length > 0 && <h2 class="govuk-heading-m">Sign in with a csp-hub password</h2>}
        <p class="govuk-body">Use the email address your partnership registered for you.</p>
        <form noValidate onSubmit={submit}>
          <TextInput id="email" label="Email address" type="email" autocomplete="username" value={email} onInput={setEmail} error={errorFor(errors, 'email')} width="govuk-!-width-two-thirds" />
          <TextInput id="password" label="Password" type="password" autocomplete="current-password" value={password} onInput={setPassword} error={errorFor(errors, 'password')} width="govuk-!-width-two-thirds" />
          <button type="submit" class="govuk-button" disabled={busy} aria-disabled={busy}>
            Sign in
          </button>
        </form>
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Problems signing in</span>
          </summary>
          <div class="govuk-details__text">
            After several wrong passwords your account is locked for a while. Your organisation’s administrator can reset your password; you
            will be asked to choose a new one when you next sign in.
          </div>
        </details>
      </div>
    </div>
  );
}

export interface SsoOrganisation {
  slug: string;
  name: string;
}

/** The organisations whose people sign in with their own accounts (null while loading). */
export function useSsoOrganisations(): SsoOrganisation[] | null {
  const [list, setList] = useState<SsoOrganisation[] | null>(null);
  useEffect(() => {
    session
      .request<SsoOrganisation[]>('GET', '/api/auth/sso/providers', undefined, false)
      .then(setList)
      .catch(() => setList([]));
  }, []);
  return list;
}

/** The address that starts a sign-in at an organisation's own provider (a full page load, not an API call). */
export const ssoStartUrl = (slug: string, email?: string) => `/api/auth/sso/${encodeURIComponent(slug)}/start${email ? `?login_hint=${encodeURIComponent(email)}` : ''}`;

/** "Sign in with <organisation>" for each organisation with its own sign-in, and an email-first step that finds the right one. */
function OrganisationSignIn({ organisations }: { organisations: SsoOrganisation[] }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const find = async (event: Event) => {
    event.preventDefault();
    const value = email.trim();
    if (!EMAIL_FORMAT.test(value)) return setError('Enter your work email address, like name@example.gov.uk');
    setBusy(true);
    try {
      const { organisation } = await session.request<{ organisation: SsoOrganisation | null }>('POST', '/api/auth/sso/find', { email: value }, false);
      if (!organisation) setError('No organisation signs in with its own accounts for that address. Sign in with your csp-hub password below.');
      else location.assign(ssoStartUrl(organisation.slug, value));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="sso-heading" data-testid="organisation-sign-in">
      <h2 class="govuk-heading-m" id="sso-heading">
        Sign in with your organisation’s account
      </h2>
      <p class="govuk-body">If your organisation signs in to csp-hub with its own accounts, you do not need a csp-hub password.</p>
      <div class="govuk-button-group">
        {organisations.map((o) => (
          <a key={o.slug} href={ssoStartUrl(o.slug)} role="button" draggable={false} class="govuk-button govuk-button--secondary" data-module="govuk-button">
            Sign in with {o.name}
          </a>
        ))}
      </div>
      <form noValidate onSubmit={find}>
        <TextInput id="sso-email" label="Or enter your work email to find your organisation" type="email" autocomplete="username" value={email} onInput={setEmail} error={error} width="govuk-!-width-two-thirds" />
        <button type="submit" class="govuk-button govuk-button--secondary" disabled={busy} aria-disabled={busy}>
          Continue
        </button>
      </form>
    </section>
  );
}

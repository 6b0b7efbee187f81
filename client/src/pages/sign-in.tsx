import { useState } from 'preact/hooks';
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

export function SignInPage({ notice }: { notice: string | null }) {
  useTitle(notice || 'Sign in');
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
          </Banner>
        )}
        <h1 class="govuk-heading-l">Sign in to csp-hub</h1>
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

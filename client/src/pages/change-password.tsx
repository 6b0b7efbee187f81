import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { TextInput } from '../components/text-input.js';
import { useTitle } from './use-title.js';

/** Validation before sending; the server's policy (length, strength) has the last word. */
export function validatePasswordChange(current: string, next: string, confirm: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!current) errors.push({ field: 'current-password', message: 'Enter your current password' });
  if (!next) errors.push({ field: 'new-password', message: 'Enter a new password' });
  else if (next.length < 12) errors.push({ field: 'new-password', message: 'Your new password must be at least 12 characters' });
  if (next && confirm !== next) errors.push({ field: 'confirm-password', message: 'The passwords do not match' });
  return errors;
}

/** Shown instead of everything else while the user holds a one-time password. */
export function ChangePasswordPage({ forced }: { forced: boolean }) {
  useTitle('Change your password');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems = validatePasswordChange(current, next, confirm);
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      await session.request('POST', '/api/me/password', { currentPassword: current, newPassword: next });
      await session.reload();
    } catch (err) {
      const field = err instanceof ApiError && err.code === 'wrong_current_password' ? 'current-password' : 'new-password';
      setErrors([{ field, message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 class="govuk-heading-l">Change your password</h1>
        {forced && <p class="govuk-body">You signed in with a one-time password. Choose your own password before you continue.</p>}
        <form noValidate onSubmit={submit}>
          <TextInput id="current-password" label={forced ? 'One-time password' : 'Current password'} type="password" autocomplete="current-password" value={current} onInput={setCurrent} error={errorFor(errors, 'current-password')} width="govuk-!-width-two-thirds" />
          <TextInput id="new-password" label="New password" type="password" autocomplete="new-password" hint="At least 12 characters. Three random words make a strong password you can remember." value={next} onInput={setNext} error={errorFor(errors, 'new-password')} width="govuk-!-width-two-thirds" />
          <TextInput id="confirm-password" label="Confirm new password" type="password" autocomplete="new-password" value={confirm} onInput={setConfirm} error={errorFor(errors, 'confirm-password')} width="govuk-!-width-two-thirds" />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" disabled={busy}>
              Change password
            </button>
            {forced && (
              <button type="button" class="govuk-button govuk-button--secondary" onClick={() => session.signOut()}>
                Sign out
              </button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}

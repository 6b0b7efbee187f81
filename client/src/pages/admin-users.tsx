import { useEffect, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { ROLE_LABELS, type Me, type Organisation, type Role, type User } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { TextInput } from '../components/text-input.js';
import { AdminNavigation } from './admin-organisations.js';
import { useTitle } from './use-title.js';

const ALL_ROLES = Object.keys(ROLE_LABELS) as Role[];

/** A one-time password to show once, with whom it is for. */
interface OneTimePassword {
  email: string;
  password: string;
  created: boolean;
}

export function AdminUsersPage({ me }: { me: Me }) {
  useTitle('Users');
  const [users, setUsers] = useState<User[] | null>(null);
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [secret, setSecret] = useState<OneTimePassword | null>(null);

  const load = async () => {
    try {
      const [u, o] = await Promise.all([session.request<User[]>('GET', '/api/users'), session.request<Organisation[]>('GET', '/api/organisations')]);
      setUsers(u);
      setOrganisations(o);
    } catch (err) {
      setLoadError(messageOf(err));
    }
  };
  useEffect(() => void load(), []);

  const act = async (action: () => Promise<void>) => {
    setActionError(null);
    setSecret(null);
    try {
      await action();
      await load();
    } catch (err) {
      setActionError(messageOf(err));
    }
  };
  const setDisabled = (user: User, disabled: boolean) => act(() => session.request('PATCH', `/api/users/${user.id}`, { disabled }));
  const resetPassword = (user: User) =>
    act(async () => {
      if (!confirm(`Reset the password of ${user.displayName}? Their current sessions end and they must choose a new password.`)) return;
      const result = await session.request<{ temporaryPassword: string }>('POST', `/api/users/${user.id}/reset-password`);
      setSecret({ email: user.email, password: result.temporaryPassword, created: false });
    });

  if (loadError) return <LoadError message={loadError} />;
  if (!users) return <Loading what="Loading users" />;
  return (
    <>
      <AdminNavigation current="/admin/users" />
      <h1 class="govuk-heading-l">Users</h1>
      {actionError && <LoadError message={actionError} />}
      {secret && <OneTimePasswordBanner secret={secret} onDone={() => setSecret(null)} />}
      <table class="govuk-table" data-testid="users-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{users.length} users</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Organisation</th>
            <th scope="col" class="govuk-table__header">Roles</th>
            <th scope="col" class="govuk-table__header">Status</th>
            <th scope="col" class="govuk-table__header">
              <span class="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {users.map((u) => (
            <tr class="govuk-table__row" key={u.id}>
              <td class="govuk-table__cell">
                {u.displayName}
                <br />
                <span class="govuk-body-s">{u.email}</span>
              </td>
              <td class="govuk-table__cell">{u.organisation.name}</td>
              <td class="govuk-table__cell">{u.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}</td>
              <td class="govuk-table__cell">
                {u.disabled ? <strong class="govuk-tag govuk-tag--red">Disabled</strong> : <strong class="govuk-tag govuk-tag--green">Active</strong>}
                {u.mustChangePassword && !u.disabled && <strong class="govuk-tag govuk-tag--yellow govuk-!-margin-top-1">Password to change</strong>}
              </td>
              <td class="govuk-table__cell app-table-actions">
                {u.id !== me.user.id && (
                  <>
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" onClick={() => setDisabled(u, !u.disabled)}>
                      {u.disabled ? 'Enable' : 'Disable'}
                      <span class="govuk-visually-hidden"> {u.displayName}</span>
                    </button>{' '}
                    <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-1" onClick={() => resetPassword(u)}>
                      Reset password<span class="govuk-visually-hidden"> of {u.displayName}</span>
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateUserForm organisations={organisations} onCreated={async (s) => { await load(); setSecret(s); }} />
    </>
  );
}

function OneTimePasswordBanner({ secret, onDone }: { secret: OneTimePassword; onDone: () => void }) {
  return (
    <Banner success title={secret.created ? 'User created' : 'Password reset'}>
      <p class="govuk-notification-banner__heading">
        One-time password for {secret.email}: <span class="app-one-time-password" data-testid="one-time-password">{secret.password}</span>
      </p>
      <p class="govuk-body">
        This is shown once. Give it to the user by a secure route; they must change it when they sign in.{' '}
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={onDone}>
          I have noted it
        </button>
      </p>
    </Banner>
  );
}

function CreateUserForm({ organisations, onCreated }: { organisations: Organisation[]; onCreated: (s: OneTimePassword) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [roles, setRoles] = useState<Role[]>(['analyst']);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (!displayName.trim()) problems.push({ field: 'new-user-name', message: 'Enter the user’s full name' });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) problems.push({ field: 'new-user-email', message: 'Enter an email address in the correct format, like name@example.gov.uk' });
    if (!organisation) problems.push({ field: 'new-user-organisation', message: 'Select the user’s organisation' });
    if (!roles.length) problems.push({ field: `new-user-role-${ALL_ROLES[0]}`, message: 'Select at least one role' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const result = await session.request<{ user: User; temporaryPassword: string }>('POST', '/api/users', { email: email.trim(), displayName: displayName.trim(), organisation, roles });
      setEmail('');
      setDisplayName('');
      onCreated({ email: result.user.email, password: result.temporaryPassword, created: true });
    } catch (err) {
      const field = err instanceof ApiError && err.code === 'email_taken' ? 'new-user-email' : undefined;
      setErrors([{ field, message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };
  const toggleRole = (role: Role, on: boolean) => setRoles(on ? [...roles, role] : roles.filter((r) => r !== role));
  const orgError = errorFor(errors, 'new-user-organisation');
  const roleError = errorFor(errors, `new-user-role-${ALL_ROLES[0]}`);

  return (
    <form noValidate onSubmit={submit} aria-labelledby="create-user-heading">
      <h2 class="govuk-heading-m" id="create-user-heading">
        Create a user
      </h2>
      <ErrorSummary errors={errors} />
      <TextInput id="new-user-name" label="Full name" value={displayName} onInput={setDisplayName} error={errorFor(errors, 'new-user-name')} width="govuk-input--width-30" autocomplete="off" />
      <TextInput id="new-user-email" label="Email address" type="email" value={email} onInput={setEmail} error={errorFor(errors, 'new-user-email')} width="govuk-input--width-30" autocomplete="off" />
      <div class={`govuk-form-group${orgError ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="new-user-organisation">
          Organisation
        </label>
        {orgError && (
          <p class="govuk-error-message" id="new-user-organisation-error">
            <span class="govuk-visually-hidden">Error:</span> {orgError}
          </p>
        )}
        <select
          class={`govuk-select${orgError ? ' govuk-select--error' : ''}`}
          id="new-user-organisation"
          value={organisation}
          onChange={(e) => setOrganisation(e.currentTarget.value)}
          aria-describedby={orgError ? 'new-user-organisation-error' : undefined}
        >
          <option value="">Select an organisation</option>
          {organisations.map((o) => (
            <option key={o.slug} value={o.slug}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div class={`govuk-form-group${roleError ? ' govuk-form-group--error' : ''}`}>
        <fieldset class="govuk-fieldset" aria-describedby={roleError ? 'new-user-roles-error' : undefined}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Roles</legend>
          {roleError && (
            <p class="govuk-error-message" id="new-user-roles-error">
              <span class="govuk-visually-hidden">Error:</span> {roleError}
            </p>
          )}
          <div class="govuk-checkboxes govuk-checkboxes--small">
            {ALL_ROLES.map((role) => (
              <div class="govuk-checkboxes__item" key={role}>
                <input
                  class="govuk-checkboxes__input"
                  id={`new-user-role-${role}`}
                  type="checkbox"
                  checked={roles.includes(role)}
                  onChange={(e) => toggleRole(role, e.currentTarget.checked)}
                />
                <label class="govuk-label govuk-checkboxes__label" for={`new-user-role-${role}`}>
                  {ROLE_LABELS[role]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button type="submit" class="govuk-button" disabled={busy}>
        Create user
      </button>
    </form>
  );
}

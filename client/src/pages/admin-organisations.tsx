import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { ROLE_LABELS, type Organisation, type Role } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { SubNavigation } from '../components/sub-navigation.js';
import { TextInput } from '../components/text-input.js';
import { Link } from '../router.js';
import { useSsoOrganisations } from './sign-in.js';
import { useTitle } from './use-title.js';

/** The administrator's screens, linked from each other. */
export function AdminNavigation({ current }: { current: string }) {
  return (
    <SubNavigation
      label="Administration"
      current={current}
      items={[
        { href: '/admin/users', label: 'Users' },
        { href: '/admin/organisations', label: 'Organisations and sign-in' },
      ]}
    />
  );
}

/** Every partner organisation, whether it signs in with its own accounts, and a link to its settings. */
export function AdminOrganisationsPage() {
  useTitle('Organisations and sign-in');
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const withSso = useSsoOrganisations();
  useEffect(() => {
    session.request<Organisation[]>('GET', '/api/organisations').then(setOrganisations, (err) => setError(messageOf(err)));
  }, []);
  if (error) return <LoadError message={error} />;
  if (!organisations) return <Loading what="Loading organisations" />;
  return (
    <>
      <AdminNavigation current="/admin/organisations" />
      <h1 class="govuk-heading-l">Organisations and sign-in</h1>
      <p class="govuk-body">An organisation can let its people sign in with their own organisation accounts (OpenID Connect, such as Microsoft Entra ID).</p>
      <table class="govuk-table" data-testid="organisations-table">
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Organisation</th>
            <th scope="col" class="govuk-table__header">Own sign-in</th>
            <th scope="col" class="govuk-table__header">
              <span class="govuk-visually-hidden">Settings</span>
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {organisations.map((o) => (
            <tr class="govuk-table__row" key={o.slug}>
              <td class="govuk-table__cell">{o.name}</td>
              <td class="govuk-table__cell">{withSso?.some((s) => s.slug === o.slug) ? <strong class="govuk-tag govuk-tag--green">On</strong> : <strong class="govuk-tag govuk-tag--grey">Off</strong>}</td>
              <td class="govuk-table__cell">
                <Link class="govuk-link" href={`/admin/organisations/${o.slug}`}>
                  Sign-in settings<span class="govuk-visually-hidden"> for {o.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type ClientAuth = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

interface ProviderSettings {
  configured: boolean;
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientAuth: ClientAuth;
  hasClientSecret: boolean;
  hasPrivateKey: boolean;
  scopes: string;
  allowedDomains: string[];
  roleMapping: 'hub' | 'claim';
  rolesClaim: string | null;
  roleMap: Record<string, Role>;
  autoCreate: boolean;
  localPasswords: boolean;
  clockToleranceSeconds: number;
  redirectUri: string;
  lastError: string | null;
  lastErrorAt: string | null;
}

interface CheckResult {
  ok: boolean;
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  endSessionEndpoint?: string | null;
  reason?: string;
  message?: string;
}

/** The form's text, as typed. */
interface Draft {
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientAuth: ClientAuth;
  clientSecret: string;
  privateKey: string;
  scopes: string;
  domains: string;
  roleMapping: 'hub' | 'claim';
  rolesClaim: string;
  roleMap: string;
  autoCreate: boolean;
  localPasswords: boolean;
  clockTolerance: string;
}

const draftOf = (p: ProviderSettings): Draft => ({
  enabled: p.enabled,
  issuer: p.issuer,
  clientId: p.clientId,
  clientAuth: p.clientAuth,
  clientSecret: '',
  privateKey: '',
  scopes: p.scopes,
  domains: p.allowedDomains.join('\n'),
  roleMapping: p.roleMapping,
  rolesClaim: p.rolesClaim ?? 'groups',
  roleMap: Object.entries(p.roleMap)
    .map(([value, role]) => `${value} = ${role}`)
    .join('\n'),
  autoCreate: p.autoCreate,
  localPasswords: p.localPasswords,
  clockTolerance: String(p.clockToleranceSeconds),
});

/** Turns the draft into the API's body, or the field errors that stop it. */
export function providerBody(d: Draft): { body?: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const domains = d.domains.split(/[\s,]+/).map((x) => x.trim().toLowerCase().replace(/^@/, '')).filter(Boolean);
  const roleMap: Record<string, string> = {};
  for (const line of d.roleMap.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [value, role] = line.split('=').map((x) => x?.trim());
    if (!value || !role || !(role in ROLE_LABELS)) {
      errors.push({ field: 'role-map', message: `Write each mapping as group = role, with a role from ${Object.keys(ROLE_LABELS).join(', ')} (not “${line}”)` });
      break;
    }
    roleMap[value] = role;
  }
  const tolerance = Number(d.clockTolerance);
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 600) errors.push({ field: 'clock-tolerance', message: 'Enter the clock tolerance as whole seconds from 0 to 600' });
  if (!d.issuer.trim()) errors.push({ field: 'issuer', message: 'Enter the issuer URL' });
  if (!d.clientId.trim()) errors.push({ field: 'client-id', message: 'Enter the client id' });
  if (errors.length) return { errors };
  return {
    errors,
    body: {
      enabled: d.enabled,
      issuer: d.issuer.trim(),
      clientId: d.clientId.trim(),
      clientAuth: d.clientAuth,
      ...(d.clientSecret && d.clientAuth !== 'private_key_jwt' && { clientSecret: d.clientSecret }),
      ...(d.privateKey.trim() && d.clientAuth === 'private_key_jwt' && { privateKey: d.privateKey.trim() }),
      scopes: d.scopes.trim() || 'openid email profile',
      allowedDomains: [...new Set(domains)],
      roleMapping: d.roleMapping,
      ...(d.roleMapping === 'claim' && { rolesClaim: d.rolesClaim.trim(), roleMap }),
      autoCreate: d.autoCreate,
      localPasswords: d.localPasswords,
      clockToleranceSeconds: tolerance,
    },
  };
}

/** An organisation's own sign-in: its OpenID Connect provider, who may come in, and how roles are given. */
export function IdentityProviderPage({ slug }: { slug: string }) {
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [saved, setSaved] = useState<ProviderSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [busy, setBusy] = useState(false);
  const name = organisation?.name ?? slug;
  useTitle(`Sign-in settings: ${name}`);

  const path = `/api/organisations/${encodeURIComponent(slug)}/identity-provider`;
  useEffect(() => {
    Promise.all([session.request<Organisation[]>('GET', '/api/organisations'), session.request<ProviderSettings>('GET', path)]).then(([orgs, p]) => {
      setOrganisation(orgs.find((o) => o.slug === slug) ?? null);
      setSaved(p);
      setDraft(draftOf(p));
    }, (err) => setLoadError(messageOf(err)));
  }, [slug]);

  if (loadError) return <LoadError message={loadError} />;
  if (!draft || !saved) return <Loading what="Loading sign-in settings" />;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const save = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    setCheck(null);
    const { body, errors: problems } = providerBody(draft);
    setErrors(problems);
    if (!body) return;
    setBusy(true);
    try {
      const p = await session.request<ProviderSettings>('PUT', path, body);
      setSaved(p);
      setDraft(draftOf(p));
      setNotice('Sign-in settings saved.');
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };
  const testConnection = async () => {
    setNotice(null);
    setErrors([]);
    setBusy(true);
    try {
      setCheck(await session.request<CheckResult>('POST', `${path}/check`));
    } catch (err) {
      setErrors([{ message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <AdminNavigation current="/admin/organisations" />
      <ErrorSummary errors={errors} />
      {notice && (
        <Banner success title="Saved">
          <p class="govuk-notification-banner__heading">{notice}</p>
        </Banner>
      )}
      <span class="govuk-caption-l">{name}</span>
      <h1 class="govuk-heading-l">Sign-in settings</h1>
      {saved.lastError && (
        <div class="govuk-warning-text" data-testid="provider-last-error">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            The last sign-in or connection test failed{saved.lastErrorAt ? ` at ${new Date(saved.lastErrorAt).toLocaleString('en-GB')}` : ''}: {saved.lastError}
          </strong>
        </div>
      )}
      {check && <CheckPanel check={check} />}
      <p class="govuk-body">
        Register csp-hub at the provider as a web application with this redirect URI: <code data-testid="redirect-uri">{saved.redirectUri}</code>
      </p>
      <form noValidate onSubmit={save}>
        <Checkbox id="enabled" checked={draft.enabled} onChange={(enabled) => set({ enabled })} label={`Let people sign in with ${name}’s own accounts`} />
        <TextInput id="issuer" label="Issuer (discovery) URL" hint="The issuer from the provider’s discovery document, for Microsoft Entra ID https://login.microsoftonline.com/<tenant id>/v2.0" value={draft.issuer} onInput={(issuer) => set({ issuer })} error={errorFor(errors, 'issuer')} width="govuk-!-width-full" />
        <TextInput id="client-id" label="Client id" value={draft.clientId} onInput={(clientId) => set({ clientId })} error={errorFor(errors, 'client-id')} width="govuk-input--width-30" />
        <Radios
          id="client-auth"
          legend="How csp-hub proves itself to the provider"
          value={draft.clientAuth}
          onChange={(clientAuth) => set({ clientAuth: clientAuth as ClientAuth })}
          options={[
            ['client_secret_basic', 'Client secret (HTTP Basic)'],
            ['client_secret_post', 'Client secret (in the request body)'],
            ['private_key_jwt', 'Private key (signed JWT)'],
          ]}
        />
        {draft.clientAuth === 'private_key_jwt' ? (
          <div class="govuk-form-group">
            <label class="govuk-label" for="private-key">Private key (JSON Web Key)</label>
            <div class="govuk-hint" id="private-key-hint">{saved.hasPrivateKey ? 'A key is stored and is never shown. Leave this empty to keep it.' : 'The private RSA or EC key as a JWK; csp-hub keeps it sealed.'}</div>
            <textarea class="govuk-textarea" id="private-key" rows={4} aria-describedby="private-key-hint" autocomplete="off" spellcheck={false} value={draft.privateKey} onInput={(e) => set({ privateKey: e.currentTarget.value })} />
          </div>
        ) : (
          <TextInput id="client-secret" type="password" autocomplete="new-password" label="Client secret" hint={saved.hasClientSecret ? 'A secret is stored and is never shown. Leave this empty to keep it.' : 'The secret the provider issued for csp-hub; csp-hub keeps it sealed.'} value={draft.clientSecret} onInput={(clientSecret) => set({ clientSecret })} width="govuk-input--width-30" />
        )}
        <TextInput id="scopes" label="Scopes" hint="Start with openid; add what the provider needs to send the email address and groups" value={draft.scopes} onInput={(scopes) => set({ scopes })} width="govuk-input--width-30" />
        <div class="govuk-form-group">
          <label class="govuk-label" for="domains">Allowed email domains</label>
          <div class="govuk-hint" id="domains-hint">One per line, like winchester.gov.uk. Only people whose email address is at one of these may sign in this way.</div>
          <textarea class="govuk-textarea" id="domains" rows={3} aria-describedby="domains-hint" spellcheck={false} value={draft.domains} onInput={(e) => set({ domains: e.currentTarget.value })} />
        </div>
        <Radios
          id="role-mapping"
          legend="Where roles come from"
          value={draft.roleMapping}
          onChange={(roleMapping) => set({ roleMapping: roleMapping as 'hub' | 'claim' })}
          options={[
            ['hub', 'Assigned in csp-hub by an administrator'],
            ['claim', 'From a groups or roles claim sent by the provider (at every sign-in)'],
          ]}
        />
        {draft.roleMapping === 'claim' && (
          <div class="govuk-inset-text">
            <TextInput id="roles-claim" label="Claim name" hint="For example groups or roles" value={draft.rolesClaim} onInput={(rolesClaim) => set({ rolesClaim })} width="govuk-input--width-20" />
            <div class={`govuk-form-group${errorFor(errors, 'role-map') ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label" for="role-map">Claim values and the roles they give</label>
              <div class="govuk-hint" id="role-map-hint">One per line as value = role, like csp-analysts = analyst. Roles: {Object.keys(ROLE_LABELS).join(', ')}. Values not listed give no role.</div>
              {errorFor(errors, 'role-map') && <p class="govuk-error-message" id="role-map-error"><span class="govuk-visually-hidden">Error:</span> {errorFor(errors, 'role-map')}</p>}
              <textarea class="govuk-textarea" id="role-map" rows={4} aria-describedby="role-map-hint" spellcheck={false} value={draft.roleMap} onInput={(e) => set({ roleMap: e.currentTarget.value })} />
            </div>
          </div>
        )}
        <Checkbox id="auto-create" checked={draft.autoCreate} onChange={(autoCreate) => set({ autoCreate })} label="Create an account at first sign-in for anyone at an allowed domain" hint="The new account has no data access until an administrator gives it roles (or the claim does). Otherwise only people already registered here get in." />
        <Checkbox id="local-passwords" checked={draft.localPasswords} onChange={(localPasswords) => set({ localPasswords })} label="Also let this organisation’s people sign in with a csp-hub password" hint="Untick to make the organisation’s own sign-in the only way in (it applies while the own sign-in is switched on)." />
        <TextInput id="clock-tolerance" label="Clock tolerance in seconds" hint="How far the provider’s clock may differ from csp-hub’s; raise it only if sign-ins fail for clock skew" value={draft.clockTolerance} onInput={(clockTolerance) => set({ clockTolerance })} error={errorFor(errors, 'clock-tolerance')} width="govuk-input--width-20" />
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" disabled={busy} aria-disabled={busy}>
            Save settings
          </button>
          <button type="button" class="govuk-button govuk-button--secondary" disabled={busy || !saved.configured} aria-disabled={busy || !saved.configured} onClick={testConnection}>
            Test connection
          </button>
          <Link class="govuk-link" href="/admin/organisations">
            Back to organisations
          </Link>
        </div>
      </form>
    </>
  );
}

function CheckPanel({ check }: { check: CheckResult }) {
  if (!check.ok) {
    return (
      <div class="govuk-error-summary" role="alert" data-testid="connection-check">
        <h2 class="govuk-error-summary__title">The connection test failed</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{check.message}</p>
          <p class="govuk-body-s">Reason code: {check.reason}</p>
        </div>
      </div>
    );
  }
  return (
    <div class="govuk-panel govuk-panel--confirmation" role="status" data-testid="connection-check">
      <h2 class="govuk-panel__title govuk-!-font-size-27">The provider answered</h2>
      <div class="govuk-panel__body govuk-!-font-size-16">
        Issuer {check.issuer}. {check.endSessionEndpoint ? 'It offers sign-out (end-session).' : 'It offers no end-session endpoint.'}
      </div>
    </div>
  );
}

function Checkbox({ id, label, hint, checked, onChange }: { id: string; label: string; hint?: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="govuk-form-group">
      <div class="govuk-checkboxes govuk-checkboxes--small">
        <div class="govuk-checkboxes__item">
          <input class="govuk-checkboxes__input" type="checkbox" id={id} checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.currentTarget.checked)} />
          <label class="govuk-label govuk-checkboxes__label" for={id}>
            {label}
          </label>
          {hint && (
            <div class="govuk-hint govuk-checkboxes__hint" id={`${id}-hint`}>
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function Radios({ id, legend, value, options, onChange }: { id: string; legend: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <div class="govuk-form-group">
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div class="govuk-radios govuk-radios--small">
          {options.map(([v, label]) => (
            <div class="govuk-radios__item" key={v}>
              <input class="govuk-radios__input" type="radio" name={id} id={`${id}-${v}`} checked={value === v} onChange={() => onChange(v)} />
              <label class="govuk-label govuk-radios__label" for={`${id}-${v}`}>
                {label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { useResource } from '../components/use-resource.js';
import { Link } from '../router.js';
import { useTitle } from './use-title.js';

type Delivery = 'off' | 'immediate' | 'digest';
interface EmailKind {
  kind: string;
  label: string;
  delivery: Delivery;
  isDefault: boolean;
}
interface EmailPreferences {
  emailEnabled: boolean;
  address: string;
  kinds: EmailKind[];
}

const CHOICES: { value: Delivery; label: string }[] = [
  { value: 'immediate', label: 'Straight away' },
  { value: 'digest', label: 'In a daily summary' },
  { value: 'off', label: 'Not by email' },
];

/** Each kind of notice: by email straight away, in the daily summary, or not at all (GET/PUT /api/me/email-preferences). */
export function AccountEmailPage() {
  useTitle('Email settings');
  const prefs = useResource<EmailPreferences>('/api/me/email-preferences');
  const [chosen, setChosen] = useState<Record<string, Delivery>>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (prefs.data) setChosen(Object.fromEntries(prefs.data.kinds.map((k) => [k.kind, k.delivery])));
  }, [prefs.data]);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await session.request('PUT', '/api/me/email-preferences', { preferences: Object.entries(chosen).map(([kind, delivery]) => ({ kind, delivery })) });
      await prefs.reload();
      setSaved(true);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (prefs.error && !prefs.data) return <><h1 class="govuk-heading-l">Email settings</h1><LoadError message={prefs.error} /></>;
  if (!prefs.data) return <Loading what="Loading your email settings" />;
  const p = prefs.data;
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Email settings</h1>
        {saved && <Banner success title="Saved">Your email settings are saved.</Banner>}
        {!p.emailEnabled && (
          <div class="govuk-inset-text">This hub does not send email at the moment (no mail server is set up): your notices are in the app only. Your choices are kept for when it does.</div>
        )}
        <p class="govuk-body">
          Email goes to <strong>{p.address}</strong>. Emails say that something needs your attention and link to the hub; the detail stays behind sign-in.
          Charts you subscribe to are set on <Link href="/account/subscriptions">your subscriptions and alerts</Link>.
        </p>
        {error && <LoadError message={error} />}
        <form onSubmit={save} noValidate>
          <table class="govuk-table" data-testid="email-preferences">
            <caption class="govuk-table__caption govuk-table__caption--m">Which notices come by email</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Notice</th>
                {CHOICES.map((c) => (
                  <th scope="col" class="govuk-table__header" key={c.value}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.kinds.map((k) => (
                <tr class="govuk-table__row" key={k.kind}>
                  <th scope="row" class="govuk-table__header">
                    {k.label}
                  </th>
                  {CHOICES.map((c) => (
                    <td class="govuk-table__cell" key={c.value}>
                      <div class="govuk-radios govuk-radios--small">
                        <div class="govuk-radios__item">
                          <input class="govuk-radios__input" type="radio" id={`${k.kind}-${c.value}`} name={k.kind} value={c.value} checked={chosen[k.kind] === c.value} onChange={() => setChosen({ ...chosen, [k.kind]: c.value })} />
                          <label class="govuk-label govuk-radios__label" for={`${k.kind}-${c.value}`}>
                            <span class="govuk-visually-hidden">
                              {k.label}: {c.label}
                            </span>
                          </label>
                        </div>
                      </div>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" class="govuk-button" disabled={busy}>
            Save email settings
          </button>
        </form>
      </div>
    </div>
  );
}

import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary.js';
import { useResource } from '../components/use-resource.js';
import { Link } from '../router.js';
import { formatDateTime } from './access-types.js';
import { useTitle } from './use-title.js';

interface Subscription {
  id: string;
  targetType: 'view' | 'dashboard';
  targetId: string;
  title: string | null;
  frequency: 'weekly' | 'monthly';
  nextSendAt: string;
  lastSentAt: string | null;
  lastOutcome: string | null;
}
interface Alert {
  id: string;
  viewId: string;
  title: string | null;
  rule: 'exceeds' | 'unusual';
  threshold: number | null;
  lastCheckedAt: string | null;
  lastFiredMonth: string | null;
  lastOutcome: string | null;
}
interface Mine {
  emailEnabled: boolean;
  subscriptions: Subscription[];
  alerts: Alert[];
}

const OUTCOMES: Record<string, string> = {
  sent: 'Sent',
  no_access: 'Not sent: you no longer have access',
  gone: 'Not sent: it was deleted or is no longer shared with you',
  no_user: 'Not sent: your account is disabled',
  no_charts: 'Not sent: nothing to draw',
  fired: 'Alerted',
  quiet: 'Checked: below the alert',
  no_data: 'Checked: no month to test yet',
};

const outcome = (o: string | null) => (o ? (OUTCOMES[o] ?? `Not sent (${o.replace(/^refused:/, '')})`) : 'Not yet');
const targetHref = (s: { targetType: string; targetId: string }) => (s.targetType === 'dashboard' ? `/dashboards/${s.targetId}` : `/dashboards/views/${s.targetId}`);

/** The user's subscriptions (charts by email) and alerts on saved views: see, stop, and add an alert. */
export function AccountSubscriptionsPage() {
  useTitle('Your subscriptions and alerts');
  const mine = useResource<Mine>('/api/me/subscriptions');
  const [error, setError] = useState<string | null>(null);
  const remove = async (path: string) => {
    setError(null);
    try {
      await session.request('DELETE', path);
      await mine.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  if (mine.error && !mine.data) return <><h1 class="govuk-heading-l">Your subscriptions and alerts</h1><LoadError message={mine.error} /></>;
  if (!mine.data) return <Loading what="Loading your subscriptions" />;
  const m = mine.data;
  return (
    <>
      <h1 class="govuk-heading-l">Your subscriptions and alerts</h1>
      {!m.emailEnabled && <div class="govuk-inset-text">This hub does not send email at the moment: alerts still appear in your notifications.</div>}
      {error && <LoadError message={error} />}
      <h2 class="govuk-heading-m">Subscriptions</h2>
      {m.subscriptions.length === 0 ? (
        <p class="govuk-body">You have no subscriptions. Open a saved view or a dashboard and choose “Get this by email”.</p>
      ) : (
        <table class="govuk-table" data-testid="subscriptions">
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Saved view or dashboard</th>
              <th scope="col" class="govuk-table__header">How often</th>
              <th scope="col" class="govuk-table__header">Next</th>
              <th scope="col" class="govuk-table__header">Last time</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {m.subscriptions.map((s) => (
              <tr class="govuk-table__row" key={s.id}>
                <td class="govuk-table__cell">{s.title ? <Link href={targetHref(s)}>{s.title}</Link> : 'No longer shared with you'}</td>
                <td class="govuk-table__cell">{s.frequency === 'weekly' ? 'Weekly' : 'Monthly'}</td>
                <td class="govuk-table__cell">{formatDateTime(s.nextSendAt)}</td>
                <td class="govuk-table__cell">{outcome(s.lastOutcome)}{s.lastSentAt ? `, ${formatDateTime(s.lastSentAt)}` : ''}</td>
                <td class="govuk-table__cell">
                  <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0 app-button-small" onClick={() => remove(`/api/me/subscriptions/${s.id}`)}>
                    Unsubscribe<span class="govuk-visually-hidden"> from {s.title ?? 'this'}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 class="govuk-heading-m">Alerts on saved views</h2>
      {m.alerts.length === 0 ? (
        <p class="govuk-body">You have no alerts.</p>
      ) : (
        <table class="govuk-table" data-testid="alerts">
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Saved view</th>
              <th scope="col" class="govuk-table__header">Tell me when</th>
              <th scope="col" class="govuk-table__header">Last check</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {m.alerts.map((a) => (
              <tr class="govuk-table__row" key={a.id}>
                <td class="govuk-table__cell">{a.title ? <Link href={`/dashboards/views/${a.viewId}`}>{a.title}</Link> : 'No longer shared with you'}</td>
                <td class="govuk-table__cell">{a.rule === 'exceeds' ? `a month's count is above ${a.threshold}` : 'a month rises above its usual range'}</td>
                <td class="govuk-table__cell">
                  {outcome(a.lastOutcome)}
                  {a.lastCheckedAt ? `, ${formatDateTime(a.lastCheckedAt)}` : ''}
                  {a.lastFiredMonth ? ` (last alert for ${a.lastFiredMonth})` : ''}
                </td>
                <td class="govuk-table__cell">
                  <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0 app-button-small" onClick={() => remove(`/api/me/alerts/${a.id}`)}>
                    Remove<span class="govuk-visually-hidden"> the alert on {a.title ?? 'this view'}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AlertForm onAdded={mine.reload} />
    </>
  );
}

/** A new alert: a saved view, and either a monthly number or "above its usual range". */
function AlertForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const views = useResource<{ id: string; title: string }[]>('/api/views');
  const [viewId, setViewId] = useState('');
  const [rule, setRule] = useState<'exceeds' | 'unusual'>('exceeds');
  const [threshold, setThreshold] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [added, setAdded] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setAdded(null);
    const found: FieldError[] = [];
    if (!viewId) found.push({ field: 'alert-view', message: 'Choose a saved view' });
    const n = Number(threshold);
    if (rule === 'exceeds' && (!/^\d+$/.test(threshold.trim()) || n < 1 || n > 1_000_000)) found.push({ field: 'alert-threshold', message: 'Enter the monthly number as a whole number from 1 to 1,000,000' });
    setErrors(found);
    if (found.length) return;
    try {
      await session.request('POST', '/api/me/alerts', { viewId, rule, ...(rule === 'exceeds' ? { threshold: n } : {}) });
      setAdded('The alert is added. It is checked every morning; you hear once for each month that crosses it.');
      setThreshold('');
      await onAdded();
    } catch (err) {
      setErrors([{ field: 'alert-view', message: messageOf(err) }]);
    }
  };
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h2 class="govuk-heading-m">Add an alert</h2>
        <ErrorSummary errors={errors} />
        {added && <p class="govuk-body" role="status">{added}</p>}
        <form onSubmit={submit} noValidate data-testid="alert-form">
          <div class={`govuk-form-group${errorFor(errors, 'alert-view') ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label" for="alert-view">Saved view</label>
            <div class="govuk-hint">The alert watches the view's count for each month, as you may see it.</div>
            {errorFor(errors, 'alert-view') && <p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {errorFor(errors, 'alert-view')}</p>}
            <select class="govuk-select" id="alert-view" value={viewId} onChange={(e) => setViewId((e.target as HTMLSelectElement).value)}>
              <option value="">Choose a saved view</option>
              {(views.data ?? []).map((v) => (
                <option key={v.id} value={v.id}>{v.title}</option>
              ))}
            </select>
          </div>
          <div class="govuk-form-group">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Tell me when</legend>
              <div class="govuk-radios govuk-radios--small">
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="alert-rule-exceeds" name="alert-rule" type="radio" checked={rule === 'exceeds'} onChange={() => setRule('exceeds')} />
                  <label class="govuk-label govuk-radios__label" for="alert-rule-exceeds">A month's count is above a number</label>
                </div>
                {rule === 'exceeds' && (
                  <div class={`govuk-form-group govuk-!-margin-left-6${errorFor(errors, 'alert-threshold') ? ' govuk-form-group--error' : ''}`}>
                    <label class="govuk-label" for="alert-threshold">Number a month</label>
                    {errorFor(errors, 'alert-threshold') && <p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {errorFor(errors, 'alert-threshold')}</p>}
                    <input class="govuk-input govuk-input--width-5" id="alert-threshold" inputMode="numeric" value={threshold} onInput={(e) => setThreshold((e.target as HTMLInputElement).value)} />
                  </div>
                )}
                <div class="govuk-radios__item">
                  <input class="govuk-radios__input" id="alert-rule-unusual" name="alert-rule" type="radio" checked={rule === 'unusual'} onChange={() => setRule('unusual')} />
                  <label class="govuk-label govuk-radios__label" for="alert-rule-unusual">A month rises above its usual range</label>
                  <div class="govuk-hint govuk-radios__hint">The same test as emerging trends: the month against the months before it.</div>
                </div>
              </div>
            </fieldset>
          </div>
          <button type="submit" class="govuk-button">Add the alert</button>
        </form>
      </div>
    </div>
  );
}

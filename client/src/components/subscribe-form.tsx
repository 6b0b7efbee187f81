import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Link } from '../router.js';

/**
 * "Get this by email": subscribes the signed-in user to a saved view or dashboard, weekly or
 * monthly. The email holds each chart as an image, drawn as the user may see it on the day.
 */
export function SubscribeForm({ targetType, targetId }: { targetType: 'view' | 'dashboard'; targetId: string }) {
  const [frequency, setFrequency] = useState<'weekly' | 'monthly'>('weekly');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const what = targetType === 'view' ? 'saved view' : 'dashboard';
  const name = `frequency-${targetId}`;
  const subscribe = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.request('POST', '/api/me/subscriptions', { targetType, targetId, frequency });
      setDone(`You will get this ${what} by email ${frequency === 'weekly' ? 'every Monday' : 'on the 1st of each month'}.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="govuk-details" data-testid="subscribe">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Get this {what} by email</span>
      </summary>
      <div class="govuk-details__text">
        <form onSubmit={subscribe} noValidate>
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How often</legend>
              {error && (
                <p class="govuk-error-message" role="alert">
                  <span class="govuk-visually-hidden">Error:</span> {error}
                </p>
              )}
              <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                {(['weekly', 'monthly'] as const).map((f) => (
                  <div class="govuk-radios__item" key={f}>
                    <input class="govuk-radios__input" id={`${name}-${f}`} name={name} type="radio" value={f} checked={frequency === f} onChange={() => setFrequency(f)} />
                    <label class="govuk-label govuk-radios__label" for={`${name}-${f}`}>
                      {f === 'weekly' ? 'Weekly' : 'Monthly'}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" disabled={busy}>
            Subscribe
          </button>
        </form>
        {done && (
          <p class="govuk-body" role="status">
            {done} <Link href="/account/subscriptions">Your subscriptions and alerts</Link>
          </p>
        )}
        <p class="govuk-body-s">The email shows each chart as you may see it on the day; if your access has ended, nothing is sent.</p>
      </div>
    </details>
  );
}

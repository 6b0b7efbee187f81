import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { formatDate, formatDateTime, ownedLabel } from '../format.js';
import { Link } from '../router.js';
import { useTitle } from './use-title.js';

/** A feed's expected delivery and whether it is overdue now (src/ingest/expected-delivery.dto.ts). */
export interface ExpectedDelivery {
  feed: string;
  title: string;
  dataset: { slug: string; title: string; ownerName: string };
  expectedEvery: 'monthly' | 'weekly' | null;
  expectedByDay: number | null;
  /** "by day 10 of each month", "by Wednesday of each week". */
  description: string | null;
  /** The day the delivery is due in the current period (YYYY-MM-DD). */
  dueBy: string | null;
  /** The period the feed is overdue for now ("2026-12", "week of 2026-12-07"), or null. */
  overdueFor: string | null;
  lastLoadedAt: string | null;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const LAST_MONTHLY_DAY = 28;

/** The expected delivery in a table cell: "Monthly, by day 10 of each month" and an overdue tag. */
export function ExpectedDeliveryCell({ delivery: d }: { delivery: ExpectedDelivery | undefined }) {
  if (!d) return <span class="govuk-body-s">–</span>;
  if (!d.description) return <span data-testid={`expected-${d.feed}`}>Not expected on a schedule</span>;
  return (
    <span data-testid={`expected-${d.feed}`}>
      {d.expectedEvery === 'monthly' ? 'Monthly' : 'Weekly'}, {d.description}
      <br />
      {d.overdueFor ? <StatusTag status="failed" label={`Overdue for ${d.overdueFor}`} /> : <StatusTag status="succeeded" label="On time" />}
    </span>
  );
}

/**
 * The feeds the user may set the expected delivery of (data owners: their organisation's), with a
 * link to change each. Operators see the same in the feeds table on the Loads page.
 */
export function ExpectedDeliveriesPage({ formHref }: { formHref: (slug: string) => string }) {
  useTitle('Expected deliveries');
  const list = useResource<ExpectedDelivery[]>('/api/expected-deliveries');
  return (
    <>
      <h1 class="govuk-heading-l">Expected deliveries</h1>
      <p class="govuk-body">
        When each feed’s file is expected. A feed that has not published a load by its day is overdue: its data owners and the ETL operators get a notice, once for each
        month or week.
      </p>
      {list.error && <LoadError message={list.error} />}
      {!list.data && !list.error && <Loading what="Loading your feeds" />}
      {list.data && list.data.length === 0 && <p class="govuk-body">Your organisation has no feeds in the hub.</p>}
      {list.data && list.data.length > 0 && (
        <table class="govuk-table" data-testid="expected-deliveries">
          <caption class="govuk-visually-hidden">Feeds and when they are expected</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Feed</th>
              <th scope="col" class="govuk-table__header">Expected</th>
              <th scope="col" class="govuk-table__header">Last published</th>
              <th scope="col" class="govuk-table__header">
                <span class="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {list.data.map((d) => (
              <tr class="govuk-table__row" key={d.feed}>
                <td class="govuk-table__cell">{ownedLabel({ title: d.title, ownerName: d.dataset.ownerName })}</td>
                <td class="govuk-table__cell">
                  <ExpectedDeliveryCell delivery={d} />
                </td>
                <td class="govuk-table__cell">{d.lastLoadedAt ? formatDateTime(d.lastLoadedAt) : 'Never'}</td>
                <td class="govuk-table__cell">
                  <Link href={formHref(d.feed)}>
                    Change<span class="govuk-visually-hidden"> when {d.title} is expected</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** One feed's expected delivery and the form to change it. */
export function ExpectedDeliveryPage({ slug, back }: { slug: string; back: { href: string; label: string } }) {
  const path = `/api/feeds/${encodeURIComponent(slug)}/expected-delivery`;
  const current = useResource<ExpectedDelivery>(path);
  useTitle(current.data ? `When ${current.data.title} is expected` : 'Expected delivery');
  return (
    <>
      <Link class="govuk-back-link" href={back.href}>
        {back.label}
      </Link>
      {current.error && <LoadError message={current.error} />}
      {!current.data && !current.error && <Loading what="Loading the feed" />}
      {current.data && (
        <>
          <span class="govuk-caption-l">{ownedLabel({ title: current.data.title, ownerName: current.data.dataset.ownerName })}</span>
          <h1 class="govuk-heading-l">When is this feed expected?</h1>
          <dl class="govuk-summary-list" data-testid="expected-delivery-summary">
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Expected</dt>
              <dd class="govuk-summary-list__value">
                <ExpectedDeliveryCell delivery={current.data} />
              </dd>
            </div>
            {current.data.dueBy && (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Due this {current.data.expectedEvery === 'monthly' ? 'month' : 'week'}</dt>
                <dd class="govuk-summary-list__value">By the end of {formatDate(current.data.dueBy)} (UTC)</dd>
              </div>
            )}
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Last published load</dt>
              <dd class="govuk-summary-list__value">{current.data.lastLoadedAt ? formatDateTime(current.data.lastLoadedAt) : 'None yet'}</dd>
            </div>
          </dl>
          <ExpectedDeliveryForm key={current.data.feed} delivery={current.data} path={path} onSaved={current.reload} />
        </>
      )}
    </>
  );
}

function ExpectedDeliveryForm({ delivery, path, onSaved }: { delivery: ExpectedDelivery; path: string; onSaved: () => Promise<void> }) {
  const [every, setEvery] = useState<'none' | 'monthly' | 'weekly'>(delivery.expectedEvery ?? 'none');
  const [monthDay, setMonthDay] = useState(delivery.expectedEvery === 'monthly' ? String(delivery.expectedByDay) : '10');
  const [weekDay, setWeekDay] = useState(delivery.expectedEvery === 'weekly' ? String(delivery.expectedByDay) : '1');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    setBusy(true);
    const body = every === 'none' ? { expectedEvery: null } : { expectedEvery: every, expectedByDay: Number(every === 'monthly' ? monthDay : weekDay) };
    try {
      const result = await session.request<ExpectedDelivery>('PUT', path, body);
      setErrors([]);
      setSaved(result.description ? `Saved: expected ${result.description}.` : 'Saved: no delivery is expected, so no overdue notices are sent.');
      await onSaved();
    } catch (err) {
      setErrors([{ field: every === 'none' ? 'expected-every-none' : `expected-day-${every}`, message: messageOf(err) }]);
    } finally {
      setBusy(false);
    }
  };

  const radio = (value: typeof every, label: string, hint?: string) => (
    <div class="govuk-radios__item">
      <input class="govuk-radios__input" id={`expected-every-${value}`} name="expected-every" type="radio" checked={every === value} onChange={() => setEvery(value)} aria-describedby={hint ? `expected-every-${value}-hint` : undefined} />
      <label class="govuk-label govuk-radios__label" for={`expected-every-${value}`}>
        {label}
      </label>
      {hint && (
        <div id={`expected-every-${value}-hint`} class="govuk-hint govuk-radios__hint">
          {hint}
        </div>
      )}
    </div>
  );
  const daySelect = (id: string, label: string, value: string, set: (v: string) => void, options: { value: string; label: string }[]) => (
    <div class="govuk-radios__conditional">
      <div class={`govuk-form-group${errors.some((x) => x.field === id) ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for={id}>
          {label}
        </label>
        <select class="govuk-select" id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );

  return (
    <form noValidate onSubmit={save} data-testid="expected-delivery-form">
      <ErrorSummary errors={errors} />
      {saved && (
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" data-testid="expected-delivery-saved">
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">{saved}</p>
          </div>
        </div>
      )}
      <div class={`govuk-form-group${errors.length ? ' govuk-form-group--error' : ''}`}>
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">How often is a file expected?</legend>
          <div class="govuk-hint">If no load has published by the end of the day you choose (UTC), the data owners and ETL operators are told, once for that month or week.</div>
          {errors.length > 0 && (
            <p class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {errors[0].message}
            </p>
          )}
          <div class="govuk-radios" data-module="govuk-radios">
            {radio('monthly', 'Every month', 'Days 29 to 31 are not offered: some months do not have them.')}
            {every === 'monthly' &&
              daySelect('expected-day-monthly', 'By day of the month', monthDay, setMonthDay, Array.from({ length: LAST_MONTHLY_DAY }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })))}
            {radio('weekly', 'Every week')}
            {every === 'weekly' && daySelect('expected-day-weekly', 'By day of the week', weekDay, setWeekDay, WEEKDAYS.map((w, i) => ({ value: String(i + 1), label: w })))}
            {radio('none', 'Not on a schedule', 'No overdue notices are sent for this feed.')}
          </div>
        </fieldset>
      </div>
      <button type="submit" class="govuk-button" disabled={busy}>
        Save
      </button>
    </form>
  );
}

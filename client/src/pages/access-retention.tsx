import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { useResource } from '../components/use-resource.js';
import { formatCount } from '../format.js';
import { useTitle } from './use-title.js';

interface Due {
  cutoff: string;
  rows: number;
  archivedRows: number;
  within30Days: { cutoff: string; rows: number; archivedRows: number };
}

interface RetentionSetting {
  dataset: string;
  title: string;
  retentionMonths: number | null;
  due: Due | null;
}

const monthYear = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Retention: how long each of the organisation's datasets is kept (administrators: every dataset),
 * as its sharing agreement says, and what the daily retention job deletes next and within 30 days.
 */
export function AccessRetentionPage() {
  useTitle('Retention');
  const settings = useResource<RetentionSetting[]>('/api/retention/datasets');
  return (
    <>
      <h1 class="govuk-heading-l">Retention</h1>
      <p class="govuk-body">
        Set how many months each dataset's rows are kept, as its information sharing agreement says. Every night rows older than that are deleted, with their earlier versions
        and their counts. Leave the period empty to keep rows until it is set.
      </p>
      {settings.error && <LoadError message={settings.error} />}
      {!settings.data && !settings.error && <Loading what="Loading your datasets" />}
      {settings.data && settings.data.length === 0 && <p class="govuk-body">Your organisation has no datasets in the hub.</p>}
      {settings.data && settings.data.length > 0 && (
        <table class="govuk-table" data-testid="retention-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Due for deletion</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                Dataset
              </th>
              <th scope="col" class="govuk-table__header">
                Kept for
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                Deleted tonight
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                Deleted within 30 days
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {settings.data.map((s) => (
              <tr class="govuk-table__row" key={s.dataset} data-testid={`retention-${s.dataset}`}>
                <th scope="row" class="govuk-table__header">
                  {s.title}
                </th>
                <td class="govuk-table__cell">{s.retentionMonths ? `${s.retentionMonths} months` : 'Until set'}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{s.due ? <DueCell rows={s.due.rows} archived={s.due.archivedRows} before={s.due.cutoff} /> : '–'}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  {s.due ? <DueCell rows={s.due.within30Days.rows} archived={s.due.within30Days.archivedRows} before={s.due.within30Days.cutoff} /> : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {settings.data?.map((s) => (
        <RetentionForm key={s.dataset} setting={s} onSaved={settings.reload} />
      ))}
    </>
  );
}

function DueCell({ rows, archived, before }: { rows: number; archived: number; before: string }) {
  return (
    <>
      {formatCount(rows)} row{rows === 1 ? '' : 's'}
      {archived > 0 ? ` and ${formatCount(archived)} earlier version${archived === 1 ? '' : 's'}` : ''}
      <br />
      <span class="govuk-body-s">before {monthYear(before)}</span>
    </>
  );
}

function RetentionForm({ setting: s, onSaved }: { setting: RetentionSetting; onSaved: () => Promise<void> }) {
  const [value, setValue] = useState(s.retentionMonths === null ? '' : String(s.retentionMonths));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const id = `retention-months-${s.dataset}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const text = value.trim();
    if (text !== '' && !/^\d+$/.test(text)) {
      setError('Enter a whole number of months, or leave it empty to keep rows until it is set.');
      return;
    }
    try {
      await session.request('PUT', `/api/retention/datasets/${encodeURIComponent(s.dataset)}`, { retentionMonths: text === '' ? null : Number(text) });
      setError(null);
      setSaved(true);
      await onSaved();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form class="govuk-!-margin-bottom-6" noValidate onSubmit={save} data-testid={`retention-form-${s.dataset}`}>
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-label--s" for={id}>
          {s.title}: months to keep each row
        </label>
        {error && (
          <p class="govuk-error-message" role="alert">
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        {saved && <p class="govuk-body-s">Saved. The table above shows what goes next.</p>}
        <input class="govuk-input govuk-input--width-4" id={id} name={id} type="text" inputMode="numeric" value={value} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
        <span class="govuk-body govuk-!-margin-left-2">months</span>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary">
        Save<span class="govuk-visually-hidden"> retention for {s.title}</span>
      </button>
    </form>
  );
}

import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { LoadError } from '../components/coming-soon.js';
import { formatMonth, plural } from '../format.js';
import { formatCount, type Load, type LoadCoverage } from './loads-types.js';

const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '0');

/**
 * The months and areas a load covered, or, previewed, would cover: per month the rows it adds and
 * the published rows it replaces (taken out, kept for a rollback), and a warning where the file's
 * name says one month and its rows say another.
 */
export function CoverageReport({ load, coverage }: { load: Load; coverage: LoadCoverage }) {
  const waiting = load.status === 'awaiting_confirmation';
  const added = coverage.months.reduce((n, m) => n + m.rows, 0);
  const replaced = coverage.months.reduce((n, m) => n + m.replaced, 0);
  const wrongMonths = coverage.months.filter((m) => m.rows > 0 && m.month !== coverage.fileMonth).map((m) => (m.month ? formatMonth(m.month) : 'no month'));
  return (
    <section aria-labelledby="coverage-heading" data-testid="coverage">
      <h2 class="govuk-heading-m" id="coverage-heading">
        {waiting ? 'What publishing will change' : 'What this load changed'}
      </h2>
      {coverage.monthMismatch && coverage.fileMonth && (
        <div class="govuk-warning-text" data-testid="month-mismatch">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            The file’s name says {formatMonth(coverage.fileMonth)}, but it holds rows for {wrongMonths.join(', ')}. Check it is the file you meant.
          </strong>
        </div>
      )}
      <p class="govuk-body">
        {waiting ? 'Publishing adds' : 'It added'} {plural(added, 'row')}
        {replaced > 0 ? ` and ${waiting ? 'replaces' : 'replaced'} ${plural(replaced, 'row')} already published (kept, so a rollback puts them back)` : ''}
        {load.rowsRejected > 0 ? `; ${plural(load.rowsRejected, 'row')} ${load.rowsRejected === 1 ? 'is' : 'are'} set aside` : ''}.
      </p>
      <table class="govuk-table" data-testid="coverage-months">
        <caption class="govuk-table__caption govuk-table__caption--s">By month</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Month</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Rows {waiting ? 'to add' : 'added'}
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Rows {waiting ? 'to replace' : 'replaced'}
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Change
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {coverage.months.map((m) => (
            <tr class="govuk-table__row" key={m.month ?? 'none'}>
              <th scope="row" class="govuk-table__header">
                {m.month ? formatMonth(m.month) : 'No month'}
              </th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{formatCount(m.rows)}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{formatCount(m.replaced)}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{signed(m.rows - m.replaced)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="govuk-table" data-testid="coverage-areas">
        <caption class="govuk-table__caption govuk-table__caption--s">By area</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Area</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Rows
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {coverage.areas.map((a) => (
            <tr class="govuk-table__row" key={a.code ?? 'none'}>
              <th scope="row" class="govuk-table__header">
                {a.name ?? a.code ?? 'Not placed in an area'}
              </th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{formatCount(a.rows)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {waiting && coverage.rejectReasons && coverage.rejectReasons.length > 0 && (
        <>
          <h3 class="govuk-heading-s">Why rows will be set aside</h3>
          <ul class="govuk-list govuk-list--bullet" data-testid="preview-reasons">
            {coverage.rejectReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p class="govuk-body-s">Each set-aside row is listed, with what the file said, once the load is published.</p>
        </>
      )}
    </section>
  );
}

/** Publish or discard a previewed load. */
export function PreviewActions({ load, onDone }: { load: Load; onDone: (message: string) => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (action: 'publish' | 'discard') => {
    setBusy(true);
    setError(null);
    try {
      await session.request('POST', `/api/loads/${load.id}/${action}`);
      await onDone(action === 'publish' ? `${load.file} is being published.` : `${load.file} was discarded: nothing from it was published.`);
    } catch (err) {
      setError(messageOf(err));
      await onDone('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && <LoadError message={error} />}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button" data-module="govuk-button" disabled={busy} onClick={() => act('publish')}>
          Publish this load
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" disabled={busy} onClick={() => act('discard')}>
          Discard it
        </button>
      </div>
    </>
  );
}

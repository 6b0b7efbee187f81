import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { saveBlob } from '../components/download-button.js';
import { formatDateTime } from '../format.js';
import { useTitle } from './use-title.js';

interface Terms {
  name: string;
  dateOfBirth: string;
  reference: string;
}

interface SubjectRecord {
  loadId: string;
  sourceRow: number;
  file: string | null;
  loadedAt: string | null;
  matchedBy: string[];
  values: Record<string, unknown>;
}

interface SubjectDataset {
  dataset: string;
  title: string;
  partner: string | null;
  owned: boolean;
  lawfulBasis: string;
  checked: string[];
  columns: { name: string; label: string; personal: boolean }[];
  records: SubjectRecord[];
  truncated: boolean;
}

interface SearchResult {
  hits: number;
  datasets: SubjectDataset[];
}

const TERM_LABELS: Record<string, string> = { name: 'name', dateOfBirth: 'date of birth', reference: 'reference', subjectKey: 'same person (name and date of birth as recorded)' };
/** Columns every dataset has that say nothing about the person; left out of the record summary. */
const PLUMBING = new Set(['district_code', 'lsoa_code', 'category_group', 'source_org', 'placement', 'subject_key', 'place_key']);

const termList = (names: string[]) => (names.length ? names.map((n) => TERM_LABELS[n] ?? n).join(', ') : 'nothing: it holds none of the details you gave');

/**
 * Subject access: a data owner looks for one person in every dataset their organisation holds
 * identifiable access to, exports what was found for the response, and erases their own
 * organisation's records where the law allows, with a reason and a confirmation step. Every search
 * is recorded in the audit log (docs/subject-access.md).
 */
export function AccessSubjectPage({ canErase }: { canErase: boolean }) {
  useTitle('Subject access');
  const [terms, setTerms] = useState<Terms>({ name: '', dateOfBirth: '', reference: '' });
  const [result, setResult] = useState<SearchResult | null>(null);
  const [searched, setSearched] = useState<Terms | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [erased, setErased] = useState<string | null>(null);

  const run = async (t: Terms) => {
    setBusy(true);
    try {
      setResult(await session.request<SearchResult>('POST', '/api/subject-access/search', bodyOf(t)));
      setSearched(t);
      setError(null);
    } catch (err) {
      setError(messageOf(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    setErased(null);
    void run(terms);
  };
  const field = (key: keyof Terms) => ({ value: terms[key], onInput: (e: Event) => setTerms({ ...terms, [key]: (e.currentTarget as HTMLInputElement).value }) });

  return (
    <>
      <h1 class="govuk-heading-l">Subject access</h1>
      <p class="govuk-body">
        Find a person's records for a subject access request: your organisation's datasets and those shared with you at identifiable level. Names match in any order, case
        and punctuation.
      </p>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          Every search is recorded in the audit log with who searched and how many records were found. Search only for a request you are handling.
        </strong>
      </div>
      {error && (
        <div class="govuk-error-summary" role="alert" data-testid="subject-error">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body">
            <p class="govuk-body">{error}</p>
          </div>
        </div>
      )}
      <form noValidate onSubmit={submit} data-testid="subject-search">
        <div class="govuk-form-group">
          <label class="govuk-label" for="subject-name">
            Full name
          </label>
          <input class="govuk-input govuk-!-width-one-half" id="subject-name" name="name" type="text" autocomplete="off" spellcheck={false} {...field('name')} />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="subject-dob">
            Date of birth
          </label>
          <div class="govuk-hint">For example, 27/03/1984</div>
          <input class="govuk-input govuk-input--width-10" id="subject-dob" name="dateOfBirth" type="text" autocomplete="off" {...field('dateOfBirth')} />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="subject-reference">
            Reference
          </label>
          <div class="govuk-hint">A partner's case or record reference, if the person gave one</div>
          <input class="govuk-input govuk-input--width-20" id="subject-reference" name="reference" type="text" autocomplete="off" {...field('reference')} />
        </div>
        <button type="submit" class="govuk-button" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>
      </form>
      {erased && (
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" data-testid="subject-erased">
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">{erased}</p>
          </div>
        </div>
      )}
      {result && searched && (
        <Results
          result={result}
          terms={searched}
          canErase={canErase}
          onErased={(message) => {
            setErased(message);
            void run(searched);
          }}
        />
      )}
    </>
  );
}

function bodyOf(t: Terms): Partial<Terms> {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v.trim() !== '')) as Partial<Terms>;
}

function Results({ result, terms, canErase, onErased }: { result: SearchResult; terms: Terms; canErase: boolean; onErased: (message: string) => void }) {
  const found = result.datasets.filter((d) => d.records.length > 0);
  return (
    <section class="govuk-!-margin-top-6" data-testid="subject-results">
      <h2 class="govuk-heading-m">
        {result.hits === 0 ? 'No records found' : `${result.hits} record${result.hits === 1 ? '' : 's'} found in ${found.length} dataset${found.length === 1 ? '' : 's'}`}
      </h2>
      <p class="govuk-body">
        Searched {result.datasets.length} dataset{result.datasets.length === 1 ? '' : 's'} you hold identifiable access to.
      </p>
      <div class="govuk-button-group">
        <ExportButton terms={terms} format="csv" label="Download as CSV" />
        <ExportButton terms={terms} format="json" label="Download as JSON" />
      </div>
      {result.datasets.map((d) => (
        <DatasetResults key={d.dataset} dataset={d} canErase={canErase && d.owned} onErased={onErased} />
      ))}
    </section>
  );
}

function ExportButton({ terms, format, label }: { terms: Terms; format: 'csv' | 'json'; label: string }) {
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    try {
      const res = await session.fetch(`/api/subject-access/export.${format}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bodyOf(terms)) });
      saveBlob(await res.blob(), `subject-access.${format}`);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <>
      <button type="button" class="govuk-button govuk-button--secondary" onClick={download}>
        {label}
      </button>
      {error && (
        <p class="govuk-error-message" role="alert">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
    </>
  );
}

const keyOf = (r: SubjectRecord) => `${r.loadId}:${r.sourceRow}`;

function DatasetResults({ dataset: d, canErase, onErased }: { dataset: SubjectDataset; canErase: boolean; onErased: (message: string) => void }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const toggle = (key: string) => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setSelected(next);
  };
  const shown = d.columns.filter((c) => !PLUMBING.has(c.name));
  return (
    <div class="govuk-!-margin-top-6" data-testid={`subject-dataset-${d.dataset}`}>
      <h3 class="govuk-heading-s">
        {d.title}
        {d.partner ? ` — ${d.partner}` : ''}
      </h3>
      <p class="govuk-body-s">
        Searched by {termList(d.checked)}. {d.records.length} record{d.records.length === 1 ? '' : 's'}
        {d.truncated ? ' shown; more matched: add a date of birth or reference to narrow the search' : ''}.
      </p>
      {d.records.length > 0 && (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-visually-hidden">Records of {d.title}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              {canErase && (
                <th scope="col" class="govuk-table__header">
                  Erase
                </th>
              )}
              <th scope="col" class="govuk-table__header">
                Source and load
              </th>
              <th scope="col" class="govuk-table__header">
                Matched by
              </th>
              <th scope="col" class="govuk-table__header">
                Record
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {d.records.map((r) => (
              <tr class="govuk-table__row" key={keyOf(r)}>
                {canErase && (
                  <td class="govuk-table__cell">
                    <div class="govuk-checkboxes govuk-checkboxes--small">
                      <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" type="checkbox" id={`erase-${d.dataset}-${keyOf(r)}`} checked={selected.has(keyOf(r))} onChange={() => toggle(keyOf(r))} />
                        <label class="govuk-label govuk-checkboxes__label" for={`erase-${d.dataset}-${keyOf(r)}`}>
                          <span class="govuk-visually-hidden">Erase row {r.sourceRow} of {r.file ?? 'the load'}</span>
                        </label>
                      </div>
                    </div>
                  </td>
                )}
                <td class="govuk-table__cell">
                  {r.file ?? 'Unknown file'}, row {r.sourceRow}
                  <br />
                  <span class="govuk-body-s">
                    Loaded {r.loadedAt ? formatDateTime(r.loadedAt) : 'at an unknown time'} (load {r.loadId.slice(0, 8)})
                  </span>
                </td>
                <td class="govuk-table__cell">{termList(r.matchedBy)}</td>
                <td class="govuk-table__cell">
                  <dl class="govuk-body-s govuk-!-margin-0">
                    {shown
                      .filter((c) => r.values[c.name] !== null && r.values[c.name] !== '')
                      .map((c) => (
                        <div key={c.name}>
                          <dt class="govuk-!-display-inline govuk-!-font-weight-bold">{c.label}: </dt>
                          <dd class="govuk-!-display-inline govuk-!-margin-0">{String(r.values[c.name])}</dd>
                        </div>
                      ))}
                  </dl>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canErase && d.records.length > 0 && !confirming && (
        <button type="button" class="govuk-button govuk-button--warning" disabled={selected.size === 0} onClick={() => setConfirming(true)}>
          Erase selected records<span class="govuk-visually-hidden"> from {d.title}</span>
        </button>
      )}
      {confirming && (
        <EraseConfirmation
          dataset={d}
          records={d.records.filter((r) => selected.has(keyOf(r)))}
          onCancel={() => setConfirming(false)}
          onDone={(message) => {
            setConfirming(false);
            setSelected(new Set());
            onErased(message);
          }}
        />
      )}
    </div>
  );
}

function EraseConfirmation({ dataset: d, records, onCancel, onDone }: { dataset: SubjectDataset; records: SubjectRecord[]; onCancel: () => void; onDone: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const erase = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 10) {
      setError('Give the reason for the erasure (at least 10 characters).');
      return;
    }
    setBusy(true);
    try {
      const done = await session.request<{ records: number; rowsDeleted: number; archivedRowsDeleted: number }>('POST', '/api/subject-access/erasures', {
        dataset: d.dataset,
        records: records.map((r) => ({ loadId: r.loadId, sourceRow: r.sourceRow })),
        reason: reason.trim(),
      });
      onDone(
        `Erased ${done.records} record${done.records === 1 ? '' : 's'} from ${d.title} (${done.rowsDeleted} row${done.rowsDeleted === 1 ? '' : 's'}, ${done.archivedRowsDeleted} earlier version${done.archivedRowsDeleted === 1 ? '' : 's'}). They stay out if the file is loaded again.`,
      );
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="govuk-!-margin-top-4" noValidate onSubmit={erase} data-testid={`erase-confirm-${d.dataset}`}>
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
          Erase {records.length} record{records.length === 1 ? '' : 's'} from {d.title}?
        </legend>
        <p class="govuk-body">
          This deletes every version of {records.length === 1 ? 'the record' : 'these records'} from the hub and cannot be undone. Erase only where the law allows it: the
          dataset is held under "{d.lawfulBasis}". The erasure and your reason are recorded in the audit log.
        </p>
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label" for={`erase-reason-${d.dataset}`}>
            Reason for the erasure
          </label>
          <div class="govuk-hint">For example, the request reference and why erasure applies</div>
          {error && (
            <p class="govuk-error-message" role="alert">
              <span class="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <textarea class="govuk-textarea" id={`erase-reason-${d.dataset}`} rows={3} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--warning" disabled={busy}>
            {busy ? 'Erasing…' : `Erase ${records.length} record${records.length === 1 ? '' : 's'}`}
          </button>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}

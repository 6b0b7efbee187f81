import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me, Organisation } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { DateInput, type DateParts, EMPTY_DATE, isBlank, isoOf, partsOf } from '../components/date-input.js';
import { DownloadButton } from '../components/download-button.js';
import { ErrorSummary, type FieldError } from '../components/error-summary.js';
import { Pagination } from '../components/pagination.js';
import { useResource } from '../components/use-resource.js';
import { Link, type Route, setParams } from '../router.js';
import { type AuditEntry, type AuditPage, formatDateTime } from './access-types.js';
import { type OwnedChoice, OwnedOptions } from '../components/owned-options.js';
import { datasetChoices, type DatasetSummary } from './catalogue.js';
import { useTitle } from './use-title.js';

/** The filters the URL holds; dates as YYYY-MM-DD. */
const FILTER_KEYS = ['actor', 'organisation', 'dataset', 'action', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const PAGE_SIZE = 25;

interface ChainReport {
  ok: boolean;
  entriesChecked: number;
  firstBreak: { id: string; reason: string } | null;
}

/** The audit log: filters held in the URL, paged, exported as CSV, and the hash chain verified. */
export function AccessAuditPage({ me, route }: { me: Me; route: Route }) {
  useTitle('Audit log');
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = route.params.get(key);
    if (v) query.set(key, v);
  }
  const page = Math.max(1, Number(route.params.get('page')) || 1);
  const filters = query.toString();
  const entries = useResource<AuditPage>(`/api/audit/entries?${filters}${filters ? '&' : ''}page=${page}&pageSize=${PAGE_SIZE}`);
  const names = useResource<Organisation[]>('/api/organisations');
  const datasets = useResource<DatasetSummary[]>('/api/datasets');
  const [draft, setDraft] = useState<Record<FilterKey, string>>(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, route.params.get(k) ?? ''])) as Record<FilterKey, string>);
  const [from, setFrom] = useState<DateParts>(() => (route.params.get('from') ? partsOf(route.params.get('from')!) : EMPTY_DATE));
  const [to, setTo] = useState<DateParts>(() => (route.params.get('to') ? partsOf(route.params.get('to')!) : EMPTY_DATE));
  const [errors, setErrors] = useState<FieldError[]>([]);

  const apply = (event: Event) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (!isBlank(from) && !isoOf(from)) problems.push({ field: 'audit-from-day', message: 'Enter a real “from” date, for example 1 4 2026' });
    if (!isBlank(to) && !isoOf(to)) problems.push({ field: 'audit-to-day', message: 'Enter a real “to” date, for example 30 4 2026' });
    setErrors(problems);
    if (problems.length) return;
    setParams({ ...draft, from: isoOf(from), to: isoOf(to), page: null });
  };
  const clear = () => {
    setDraft(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Record<FilterKey, string>);
    setFrom(EMPTY_DATE);
    setTo(EMPTY_DATE);
    setErrors([]);
  };
  const text = (key: 'actor' | 'action', label: string, hint: string) => (
    <div class="govuk-form-group">
      <label class="govuk-label" for={`audit-${key}`}>
        {label}
      </label>
      <div class="govuk-hint" id={`audit-${key}-hint`}>
        {hint}
      </div>
      <input class="govuk-input" id={`audit-${key}`} type="text" value={draft[key]} aria-describedby={`audit-${key}-hint`} spellcheck={false} onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} />
    </div>
  );
  const choice = (key: 'organisation' | 'dataset', label: string, any: string, options: OwnedChoice[]) => (
    <div class="govuk-form-group">
      <label class="govuk-label" for={`audit-${key}`}>
        {label}
      </label>
      <select class="govuk-select govuk-!-width-full" id={`audit-${key}`} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}>
        <option value="">{any}</option>
        <OwnedOptions choices={options} />
      </select>
    </div>
  );
  const pages = entries.data ? Math.max(1, Math.ceil(entries.data.total / PAGE_SIZE)) : 1;
  const pageHref = (n: number) => `/access/audit?${new URLSearchParams([...query.entries(), ['page', String(n)]])}`;

  return (
    <>
      <h1 class="govuk-heading-l">Audit log</h1>
      <p class="govuk-body">Every sign-in, change, decision and use of data, newest first. Each entry is chained to the one before it, so a change would show.</p>
      {me.permissions.includes('audit.verify') && <VerifyChain />}
      <form noValidate onSubmit={apply} aria-labelledby="audit-filter-heading">
        <h2 class="govuk-heading-s" id="audit-filter-heading">
          Filter the log
        </h2>
        <ErrorSummary errors={errors} />
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-third">{text('actor', 'Who', 'Email address or user id')}</div>
          <div class="govuk-grid-column-one-third">
            {choice('organisation', 'Organisation', 'Any organisation', (names.data ?? []).map((o) => ({ value: o.slug, label: o.name, owner: '' })))}
          </div>
          <div class="govuk-grid-column-one-third">
            {choice('dataset', 'Dataset', 'Any dataset', datasetChoices(datasets.data ?? []))}
          </div>
        </div>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-third">{text('action', 'Action', 'For example, grant.created or access_request.*')}</div>
          <div class="govuk-grid-column-one-third">
            <DateInput id="audit-from" legend="From" hint="On or after this day" value={from} onChange={setFrom} error={errors.find((e) => e.field === 'audit-from-day')?.message} />
          </div>
          <div class="govuk-grid-column-one-third">
            <DateInput id="audit-to" legend="To" hint="Before this day" value={to} onChange={setTo} error={errors.find((e) => e.field === 'audit-to-day')?.message} />
          </div>
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Apply filters
          </button>
          <Link class="govuk-link" href="/access/audit" onClick={clear}>
            Clear filters
          </Link>
        </div>
      </form>
      <DownloadButton path={`/api/audit/entries/export?${filters}`} fileName="audit-log.csv">
        Export these entries as CSV
      </DownloadButton>

      {entries.error && <LoadError message={entries.error} />}
      {!entries.data && !entries.error && <Loading what="Loading the audit log" />}
      {entries.data && (
        <>
          <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Audit entries">
            <table class="govuk-table govuk-table--small-text-until-tablet" data-testid="audit-entries">
              <caption class="govuk-table__caption govuk-table__caption--s">
                {entries.data.total.toLocaleString('en-GB')} entries{entries.data.total > PAGE_SIZE ? `, page ${page} of ${pages}` : ''}
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">When</th>
                  <th scope="col" class="govuk-table__header">Who</th>
                  <th scope="col" class="govuk-table__header">Action</th>
                  <th scope="col" class="govuk-table__header">About</th>
                  <th scope="col" class="govuk-table__header">Details</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {entries.data.entries.map((e) => (
                  <tr class="govuk-table__row" key={e.id}>
                    <td class="govuk-table__cell">{formatDateTime(e.at)}</td>
                    <td class="govuk-table__cell">{e.actorEmail ?? 'the hub'}</td>
                    <td class="govuk-table__cell">
                      <code>{e.action}</code>
                    </td>
                    <td class="govuk-table__cell">
                      {e.targetType ?? ''}
                      {e.targetId && (
                        <>
                          <br />
                          <code class="govuk-body-s">{e.targetId.length > 13 ? `${e.targetId.slice(0, 8)}…` : e.targetId}</code>
                        </>
                      )}
                    </td>
                    <td class="govuk-table__cell govuk-body-s app-details-cell">
                      <AuditDetails entry={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pages={pages} label="Pages of the audit log" href={pageHref} />
        </>
      )}
    </>
  );
}

const SHOWN_DETAILS = 3;
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const cut = (text: string, n = 48) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/**
 * An entry's details: its first few simple values on lines of their own, and everything (with the
 * full target id) behind a native "All details" toggle, so long query specs do not stretch the table.
 */
function AuditDetails({ entry }: { entry: AuditEntry }) {
  const all = Object.entries(entry.details ?? {});
  const simple = all.filter(([, v]) => isScalar(v)).slice(0, SHOWN_DETAILS);
  const more = all.length > simple.length || (entry.targetId?.length ?? 0) > 13;
  return (
    <>
      {simple.map(([k, v]) => (
        <span class="app-audit-detail" key={k}>
          {k}: {cut(String(v))}
        </span>
      ))}
      {more && (
        <details class="govuk-details govuk-!-margin-bottom-0 app-audit-more">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">All details</span>
          </summary>
          <pre class="govuk-details__text">{JSON.stringify({ target: entry.targetId, address: entry.address, ...entry.details }, null, 2)}</pre>
        </details>
      )}
    </>
  );
}

function VerifyChain() {
  const [report, setReport] = useState<ChainReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await session.request<ChainReport>('GET', '/api/audit/verify'));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {report &&
        (report.ok ? (
          <Banner success title="Chain verified">
            <p class="govuk-notification-banner__heading" data-testid="chain-report">
              All {report.entriesChecked.toLocaleString('en-GB')} entries link to the one before them: the log has not been changed.
            </p>
          </Banner>
        ) : (
          <LoadError message={`The chain is broken at entry ${report.firstBreak?.id} (${report.firstBreak?.reason.replace(/_/g, ' ')}). Tell the IMB and your security officer.`} />
        ))}
      {error && <LoadError message={error} />}
      <button type="button" class="govuk-button govuk-button--secondary" onClick={verify} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify the chain'}
      </button>
    </>
  );
}

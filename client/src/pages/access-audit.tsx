import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { DownloadButton } from '../components/download-button.js';
import { useResource } from '../components/use-resource.js';
import { Link, type Route, setParams } from '../router.js';
import { type AuditEntry, type AuditPage, formatDateTime } from './access-types.js';
import { useTitle } from './use-title.js';

const FILTERS = [
  { key: 'actor', label: 'Who', hint: 'Email address or user id' },
  { key: 'organisation', label: 'Organisation', hint: 'For example, winchester' },
  { key: 'dataset', label: 'Dataset', hint: 'For example, police-uk-street' },
  { key: 'action', label: 'Action', hint: 'For example, grant.created or access_request.*' },
  { key: 'from', label: 'From', hint: 'Date, inclusive', type: 'date' },
  { key: 'to', label: 'To', hint: 'Date, exclusive', type: 'date' },
] as const;
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
  for (const f of FILTERS) {
    const v = route.params.get(f.key);
    if (v) query.set(f.key, v);
  }
  const page = Math.max(1, Number(route.params.get('page')) || 1);
  const filters = query.toString();
  const entries = useResource<AuditPage>(`/api/audit/entries?${filters}${filters ? '&' : ''}page=${page}&pageSize=${PAGE_SIZE}`);
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(FILTERS.map((f) => [f.key, route.params.get(f.key) ?? ''])));

  const apply = (event: Event) => {
    event.preventDefault();
    setParams({ ...draft, page: null });
  };
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
        <div class="govuk-grid-row">
          {FILTERS.map((f) => (
            <div class="govuk-grid-column-one-third" key={f.key}>
              <div class="govuk-form-group">
                <label class="govuk-label" for={`audit-${f.key}`}>
                  {f.label}
                </label>
                <div class="govuk-hint" id={`audit-${f.key}-hint`}>
                  {f.hint}
                </div>
                <input
                  class="govuk-input"
                  id={`audit-${f.key}`}
                  type={('type' in f ? f.type : 'text') as 'text'}
                  value={draft[f.key]}
                  aria-describedby={`audit-${f.key}-hint`}
                  spellcheck={false}
                  onInput={(e) => setDraft({ ...draft, [f.key]: e.currentTarget.value })}
                />
              </div>
            </div>
          ))}
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" data-module="govuk-button">
            Apply filters
          </button>
          <Link class="govuk-link" href="/access/audit" onClick={() => setDraft(Object.fromEntries(FILTERS.map((f) => [f.key, ''])))}>
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
          {pages > 1 && (
            <nav class="govuk-pagination" aria-label="Pages of the audit log">
              {page > 1 && (
                <div class="govuk-pagination__prev">
                  <Link class="govuk-link govuk-pagination__link" href={pageHref(page - 1)} rel="prev">
                    <span class="govuk-pagination__link-title">Previous page</span>
                  </Link>
                </div>
              )}
              <ul class="govuk-pagination__list">
                <li class="govuk-pagination__item govuk-pagination__item--current">
                  <span class="govuk-pagination__link" aria-current="page">
                    Page {page} of {pages}
                  </span>
                </li>
              </ul>
              {page < pages && (
                <div class="govuk-pagination__next">
                  <Link class="govuk-link govuk-pagination__link" href={pageHref(page + 1)} rel="next">
                    <span class="govuk-pagination__link-title">Next page</span>
                  </Link>
                </div>
              )}
            </nav>
          )}
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

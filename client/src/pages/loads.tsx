import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { StatusTag } from '../components/status-tag.js';
import { Pagination } from '../components/pagination.js';
import { useResource } from '../components/use-resource.js';
import { Link, type Route } from '../router.js';
import { formatDateTime } from './access-types.js';
import { LoadDetailPage, RejectsPage } from './loads-detail.js';
import { HistoryFilters } from './loads-history-filters.js';
import { plural } from '../format.js';
import { adapterLabel, type Feed, feedDatasetLabel, feedLabel, feedName, formatCount, IDLE_POLL_MS, isActive, type LoadPage, POLICY_LABELS, POLL_MS, usePolling } from './loads-types.js';
import { type ExpectedDelivery, ExpectedDeliveryCell, ExpectedDeliveryPage } from './loads-expected-delivery.js';
import { UploadPage } from './loads-upload.js';
import { useTitle } from './use-title.js';

/** Loads: feeds, uploads, the live list of loads, a load's report, rejected rows and rollback. */
export default function LoadsSection({ me, route }: { me: Me; route: Route }) {
  if (route.path === '/loads') return <LoadsPage me={me} route={route} />;
  if (route.path === '/loads/upload') return <UploadPage route={route} />;
  const expected = /^\/loads\/feeds\/([^/]+)\/expected-delivery$/.exec(route.path);
  if (expected) return <ExpectedDeliveryPage slug={decodeURIComponent(expected[1])} back={{ href: '/loads', label: 'Back to loads' }} />;
  const rejects = /^\/loads\/([0-9a-f-]{36})\/rejects$/i.exec(route.path);
  if (rejects) return <RejectsPage me={me} id={rejects[1]} />;
  const match = /^\/loads\/([0-9a-f-]{36})(\/rollback)?$/i.exec(route.path);
  if (match) return <LoadDetailPage me={me} id={match[1]} confirmRollback={Boolean(match[2])} />;
  return (
    <>
      <h1 class="govuk-heading-l">Page not found</h1>
      <p class="govuk-body">
        There is no such load. <Link href="/loads">See all loads</Link>.
      </p>
    </>
  );
}

const PAGE_SIZE = 25;
const HISTORY_KEYS = ['feed', 'status', 'from', 'to', 'page'] as const;

function LoadsPage({ me, route }: { me: Me; route: Route }) {
  useTitle('Loads');
  const feeds = useResource<Feed[]>('/api/feeds');
  const canSchedule = me.permissions.includes('feeds.schedule');
  const expected = useResource<ExpectedDelivery[]>(canSchedule ? '/api/expected-deliveries' : null);
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  for (const k of HISTORY_KEYS) {
    const v = route.params.get(k);
    if (v) query.set(k, v);
  }
  const history = useResource<LoadPage>(`/api/loads/history?${query}`);
  const loads = { ...history, data: history.data?.loads ?? null };
  const page = history.data?.page ?? 1;
  const pages = history.data ? Math.max(1, Math.ceil(history.data.total / history.data.pageSize)) : 1;
  const filtered = HISTORY_KEYS.some((k) => k !== 'page' && route.params.get(k));
  const pageHref = (n: number) => {
    const p = new URLSearchParams(route.params);
    p.set('page', String(n));
    return `/loads?${p}`;
  };
  const active = (loads.data ?? []).some(isActive);
  // Always live: new loads can arrive from the inbox, the command line or another operator.
  usePolling(active ? POLL_MS : IDLE_POLL_MS, loads.reload);
  const canUpload = me.permissions.includes('loads.run');

  return (
    <>
      <h1 class="govuk-heading-l">Loads</h1>
      <p class="govuk-body">Files loaded into the hub’s datasets through feeds, and what became of every row.</p>
      {canUpload && (
        <Link href="/loads/upload" class="govuk-button" role="button" data-module="govuk-button">
          Upload a file
        </Link>
      )}

      <h2 class="govuk-heading-m">Load history</h2>
      {feeds.data && <HistoryFilters key={route.params.toString()} route={route} feeds={feeds.data} />}
      {loads.error && <LoadError message={loads.error} />}
      {!loads.data && !loads.error && <Loading what="Loading loads" />}
      {history.data && (
        <p class="govuk-body" data-testid="loads-count">
          {filtered ? `${plural(history.data.total, 'load')} ${history.data.total === 1 ? 'matches' : 'match'}.` : `${plural(history.data.total, 'load')} in all.`}
          {pages > 1 ? ` Page ${page} of ${pages}, newest first.` : ''}
        </p>
      )}
      {loads.data && loads.data.length === 0 && <p class="govuk-body">{filtered ? 'No loads match these filters.' : 'No files have been loaded yet.'}</p>}
      {loads.data && loads.data.length > 0 && (
        <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Latest loads">
          <table class="govuk-table" data-testid="loads">
            <caption class="govuk-visually-hidden">Loads, newest first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">File</th>
                <th scope="col" class="govuk-table__header">Feed</th>
                <th scope="col" class="govuk-table__header">Status</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Read</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Loaded</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Rejected</th>
                <th scope="col" class="govuk-table__header">Queued</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {loads.data.map((l) => (
                <tr class="govuk-table__row" key={l.id} data-status={l.status}>
                  <td class="govuk-table__cell app-details-cell">
                    <Link href={`/loads/${l.id}`}>{l.file}</Link>
                  </td>
                  <td class="govuk-table__cell">{feedName(feeds.data, l.feed)}</td>
                  <td class="govuk-table__cell">
                    <StatusTag status={l.status} />
                    {isActive(l) && (
                      <span class="govuk-body-s">
                        {' '}
                        {l.progress.phase} {Math.round(l.progress.percent)}%
                      </span>
                    )}
                  </td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{formatCount(l.rowsRead)}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{formatCount(l.rowsLoaded)}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{formatCount(l.rowsRejected)}</td>
                  <td class="govuk-table__cell">{formatDateTime(l.queuedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} label="Pages of the load history" href={pageHref} />
      <p class="govuk-body-s" aria-live="polite" data-testid="loads-live">
        {active ? 'Loads are running: this list updates every 2 seconds.' : loads.data ? 'This list updates by itself when new files arrive.' : ''}
      </p>

      <h2 class="govuk-heading-m">Feeds</h2>
      {feeds.error && <LoadError message={feeds.error} />}
      {!feeds.data && !feeds.error && <Loading what="Loading feeds" />}
      {feeds.data && (
        <table class="govuk-table" data-testid="feeds">
          <caption class="govuk-visually-hidden">Feeds</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Feed</th>
              <th scope="col" class="govuk-table__header">Dataset</th>
              <th scope="col" class="govuk-table__header">Format</th>
              <th scope="col" class="govuk-table__header">Rows from a new file</th>
              <th scope="col" class="govuk-table__header">Before publishing</th>
              {canSchedule && <th scope="col" class="govuk-table__header">Expected</th>}
              <th scope="col" class="govuk-table__header">
                <span class="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {feeds.data.map((f) => (
              <tr class="govuk-table__row" key={f.slug}>
                <td class="govuk-table__cell">
                  {feedLabel(f)}
                  {f.schedule && <span class="govuk-body-s"><br />Inbox checked on the schedule {f.schedule}</span>}
                </td>
                <td class="govuk-table__cell">{feedDatasetLabel(f)}</td>
                <td class="govuk-table__cell">{adapterLabel(f.adapter)}</td>
                <td class="govuk-table__cell">{POLICY_LABELS[f.policy] ?? f.policy}</td>
                <td class="govuk-table__cell">
                  <FeedPreviewSetting feed={f} canChange={me.permissions.includes('feeds.manage')} onChanged={feeds.reload} />
                </td>
                {canSchedule && (
                  <td class="govuk-table__cell">
                    <ExpectedDeliveryCell delivery={expected.data?.find((d) => d.feed === f.slug)} />
                  </td>
                )}
                <td class="govuk-table__cell">
                  {canUpload && (
                    <Link href={`/loads/upload?feed=${encodeURIComponent(f.slug)}`}>
                      Upload<span class="govuk-visually-hidden"> a file to {feedLabel(f)}</span>
                    </Link>
                  )}
                  {canUpload && canSchedule && <br />}
                  {canSchedule && (
                    <Link href={`/loads/feeds/${encodeURIComponent(f.slug)}/expected-delivery`}>
                      Change when expected<span class="govuk-visually-hidden"> for {feedLabel(f)}</span>
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/**
 * Whether every load of a feed waits for an operator to check its preview (`previewBeforePublish`),
 * or publishes at once (trusted, scheduled feeds). Operators who manage feeds switch it here.
 */
function FeedPreviewSetting({ feed, canChange, onChanged }: { feed: Feed; canChange: boolean; onChanged: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await session.request('PATCH', `/api/feeds/${encodeURIComponent(feed.slug)}`, { previewBeforePublish: !feed.previewBeforePublish });
      await onChanged();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span data-testid={`preview-setting-${feed.slug}`}>{feed.previewBeforePublish ? 'Every load waits for a check' : 'Published at once'}</span>
      {canChange && (
        <>
          <br />
          <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-1" disabled={busy} onClick={toggle}>
            {feed.previewBeforePublish ? 'Publish at once' : 'Check every load first'}
            <span class="govuk-visually-hidden"> for {feedLabel(feed)}</span>
          </button>
        </>
      )}
      {error && <p class="govuk-error-message">{error}</p>}
    </>
  );
}

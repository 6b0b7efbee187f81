import type { Me } from '../api/types.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { Link, type Route } from '../router.js';
import { formatDateTime } from './access-types.js';
import { LoadDetailPage } from './loads-detail.js';
import { adapterLabel, type Feed, feedDatasetLabel, feedLabel, feedName, formatCount, IDLE_POLL_MS, isActive, type Load, POLICY_LABELS, POLL_MS, usePolling } from './loads-types.js';
import { UploadPage } from './loads-upload.js';
import { useTitle } from './use-title.js';

/** Loads: feeds, uploads, the live list of loads, a load's report, rejected rows and rollback. */
export default function LoadsSection({ me, route }: { me: Me; route: Route }) {
  if (route.path === '/loads') return <LoadsPage me={me} />;
  if (route.path === '/loads/upload') return <UploadPage route={route} />;
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

function LoadsPage({ me }: { me: Me }) {
  useTitle('Loads');
  const feeds = useResource<Feed[]>('/api/feeds');
  const loads = useResource<Load[]>('/api/loads?limit=50');
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

      <h2 class="govuk-heading-m">Latest loads</h2>
      {loads.error && <LoadError message={loads.error} />}
      {!loads.data && !loads.error && <Loading what="Loading loads" />}
      {loads.data && loads.data.length === 0 && <p class="govuk-body">No files have been loaded yet.</p>}
      {loads.data && loads.data.length > 0 && (
        <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Latest loads">
          <table class="govuk-table" data-testid="loads">
            <caption class="govuk-visually-hidden">The latest loads, newest first</caption>
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
                  {canUpload && (
                    <Link href={`/loads/upload?feed=${encodeURIComponent(f.slug)}`}>
                      Upload<span class="govuk-visually-hidden"> a file to {feedLabel(f)}</span>
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

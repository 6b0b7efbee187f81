import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { PageError } from '../components/page-error.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { Link, navigate } from '../router.js';
import { Row } from './access-approvals.js';
import { formatDateTime } from './access-types.js';
import { CoverageReport, PreviewActions } from './loads-coverage.js';
import { Rejects } from './loads-rejects.js';
import { plural } from '../format.js';
import { type Feed, feedDatasetLabel, feedLabel, formatBytes, formatCount, isActive, type Load, POLL_MS, usePolling } from './loads-types.js';
import { useTitle } from './use-title.js';

/** One load's report, live while it runs; its rejected rows; rollback behind a confirmation page. */
export function LoadDetailPage({ me, id, confirmRollback }: { me: Me; id: string; confirmRollback: boolean }) {
  const load = useResource<Load>(`/api/loads/${id}`);
  const feeds = useResource<Feed[]>('/api/feeds');
  usePolling(load.data && isActive(load.data) ? POLL_MS : null, load.reload);
  const [rolledBack, setRolledBack] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useTitle(confirmRollback ? 'Roll back a load' : 'Load');

  if (load.error && !load.data) return <PageError title="This load cannot be shown" message={load.error} back={{ href: '/loads', label: 'See all loads' }} />;
  if (!load.data) return <Loading what="Loading the load" />;
  const l = load.data;
  const feed = feeds.data?.find((f) => f.slug === l.feed);
  const datasetTitle = feed?.dataset.slug === l.dataset ? feedDatasetLabel(feed) : l.dataset;
  const canRollBack = me.permissions.includes('loads.rollback') && l.status === 'succeeded';

  if (confirmRollback)
    return canRollBack ? (
      <ConfirmRollback
        load={l}
        datasetTitle={datasetTitle}
        onDone={async () => {
          await load.reload();
          setRolledBack(true);
          navigate(`/loads/${l.id}`, { replace: true });
        }}
      />
    ) : (
      <>
        <h1 class="govuk-heading-l">This load cannot be rolled back</h1>
        <p class="govuk-body">Only a load that succeeded can be rolled back; this one is {l.status.replace('_', ' ')}.</p>
        <p class="govuk-body">
          <Link href={`/loads/${l.id}`}>Back to the load</Link>
        </p>
      </>
    );

  const uploaded = new URLSearchParams(location.search).get('uploaded') === '1';
  return (
    <>
      <Link href="/loads" class="govuk-back-link">
        All loads
      </Link>
      {rolledBack && (
        <Banner success title="Load rolled back">
          <p class="govuk-notification-banner__heading" data-testid="rolled-back-banner">
            The {plural(l.rowsLoaded, 'row')} from {l.file} {l.rowsLoaded === 1 ? 'has' : 'have'} been removed from {datasetTitle}.
          </p>
        </Banner>
      )}
      {notice && (
        <Banner success title="Done">
          <p class="govuk-notification-banner__heading" data-testid="preview-banner">
            {notice}
          </p>
        </Banner>
      )}
      {uploaded && !rolledBack && isActive(l) && (
        <Banner title="File received">
          <p class="govuk-notification-banner__heading">The hub has your file and is loading it. This page updates as it goes.</p>
        </Banner>
      )}
      <span class="govuk-caption-l">Load into {feed ? feedLabel(feed) : l.feed}</span>
      <h1 class="govuk-heading-l app-details-cell">{l.file}</h1>
      <p class="govuk-body" aria-live="polite" data-testid="load-status">
        <StatusTag status={l.status} />{' '}
        {isActive(l) ? `${l.progress.phase}, ${Math.round(l.progress.percent)}% done. This page refreshes every 2 seconds.` : statusSentence(l)}
      </p>
      {isActive(l) && <progress class="app-progress" max={100} value={Math.round(l.progress.percent)} aria-label="Load progress" />}
      {l.error && <LoadError message={l.error} />}
      <dl class="govuk-summary-list" data-testid="load-summary">
        <Row label="Dataset">{datasetTitle}</Row>
        <Row label="Rows read">{formatCount(l.rowsRead)}</Row>
        {l.status !== 'awaiting_confirmation' && <Row label="Rows loaded">{formatCount(l.rowsLoaded)}</Row>}
        <Row label={l.status === 'awaiting_confirmation' ? 'Rows to set aside' : 'Rows rejected'}>{formatCount(l.rowsRejected)}</Row>
        {l.rowsReplaced > 0 && <Row label={l.status === 'awaiting_confirmation' ? 'Rows to replace' : 'Rows replaced'}>{formatCount(l.rowsReplaced)}</Row>}
        {l.rowsErased > 0 && <Row label="Rows left out as erased">{formatCount(l.rowsErased)}</Row>}
        <Row label="File">
          {formatBytes(l.sizeBytes)}
          {l.sha256 && <span class="govuk-body-s app-details-cell"> · SHA-256 {l.sha256.slice(0, 16)}…</span>}
        </Row>
        <Row label="Sent by">{l.operator ? `${l.operator} (${l.source})` : l.source}</Row>
        <Row label="Queued">{formatDateTime(l.queuedAt)}</Row>
        {l.finishedAt && <Row label="Finished">{`${formatDateTime(l.finishedAt)}${l.durationMs !== null ? ` (${(l.durationMs / 1000).toFixed(1)} seconds)` : ''}`}</Row>}
        {l.rolledBackAt && <Row label="Rolled back">{formatDateTime(l.rolledBackAt)}</Row>}
        {l.duplicateOf && (
          <Row label="Same file as">
            <Link href={`/loads/${l.duplicateOf}`}>an earlier load</Link>
          </Row>
        )}
      </dl>
      {l.coverage && !isActive(l) && (l.status === 'succeeded' || l.status === 'awaiting_confirmation' || l.status === 'rolled_back') && <CoverageReport load={l} coverage={l.coverage} />}
      {l.status === 'awaiting_confirmation' && me.permissions.includes('loads.run') && (
        <PreviewActions
          load={l}
          onDone={async (message) => {
            await load.reload();
            if (message) setNotice(message);
          }}
        />
      )}
      {canRollBack && (
        <Link href={`/loads/${l.id}/rollback`} class="govuk-button govuk-button--warning" role="button" data-module="govuk-button">
          Roll back this load
        </Link>
      )}
      {l.rowsRejected > 0 && !isActive(l) && l.status !== 'awaiting_confirmation' && me.permissions.includes('loads.run') && (
        <>
          <Rejects load={l} />
          <p class="govuk-body">
            <Link class="govuk-link" href={`/loads/${l.id}/rejects`}>
              See the rejected rows on a page of their own
            </Link>{' '}
            (an address you can bookmark or send to a colleague).
          </p>
        </>
      )}
    </>
  );
}

function statusSentence(l: Load): string {
  switch (l.status) {
    case 'succeeded':
      return l.rowsRejected ? `Loaded, with ${plural(l.rowsRejected, 'row')} set aside.` : 'Loaded: every row fitted.';
    case 'failed':
      return 'Nothing from this file was published.';
    case 'rolled_back':
      return 'Its rows have been removed from the dataset.';
    case 'duplicate':
      return 'The same file was loaded before, so it was not loaded again.';
    case 'awaiting_confirmation':
      return 'Checked and counted; nothing is published until you publish it.';
    case 'discarded':
      return 'Discarded after its preview: nothing from this file was published.';
    default:
      return '';
  }
}

function ConfirmRollback({ load, datasetTitle, onDone }: { load: Load; datasetTitle: string; onDone: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await session.request('DELETE', `/api/loads/${load.id}`);
      await onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <>
      {error && <LoadError message={error} />}
      <h1 class="govuk-heading-l">Are you sure you want to roll back {load.file}?</h1>
      <p class="govuk-body">
        The {plural(load.rowsLoaded, 'row')} this load added to <strong>{datasetTitle}</strong> will be removed
        {load.rowsReplaced > 0 ? `, and the ${plural(load.rowsReplaced, 'row')} it replaced put back` : ''}. Charts and dashboards change on their next refresh.
      </p>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          You cannot undo a rollback. To restore the rows, load the file again.
        </strong>
      </div>
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" onClick={confirm} disabled={busy}>
          Yes, roll back this load
        </button>
        <Link class="govuk-link" href={`/loads/${load.id}`}>
          No, keep it
        </Link>
      </div>
    </>
  );
}

/** A load's rejected rows on a page of their own (`/loads/:id/rejects`): an address to bookmark or share. */
export function RejectsPage({ me, id }: { me: Me; id: string }) {
  const load = useResource<Load>(`/api/loads/${id}`);
  useTitle('Rejected rows');
  if (load.error) return <PageError title="Rejected rows" message={load.error} back={{ href: '/loads', label: 'See all loads' }} />;
  if (!load.data) return <Loading what="Loading the load" />;
  const l = load.data;
  return (
    <>
      <Link href={`/loads/${l.id}`} class="govuk-back-link">
        Back to the load
      </Link>
      <span class="govuk-caption-l">{l.file}</span>
      <h1 class="govuk-heading-l">Rejected rows</h1>
      {!me.permissions.includes('loads.run') ? (
        <p class="govuk-body">Only ETL operators can see rejected rows.</p>
      ) : l.rowsRejected === 0 ? (
        <p class="govuk-body">{l.status === 'awaiting_confirmation' ? 'Rows set aside are listed here once the load is published.' : 'Every row of this file fitted: none was rejected.'}</p>
      ) : (
        <Rejects load={l} limit={REJECTS_PAGE_ROWS} heading={false} />
      )}
    </>
  );
}

/** Rows the rejects page shows; the download has them all. */
const REJECTS_PAGE_ROWS = 500;

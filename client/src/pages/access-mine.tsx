import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { Banner, LoadError, Loading } from '../components/coming-soon.js';
import { StatusTag } from '../components/status-tag.js';
import { useResource } from '../components/use-resource.js';
import { Link } from '../router.js';
import { type AccessRequest, areaNames, requestDataset, formatDate, LEVEL_NAMES } from './access-types.js';
import type { DatasetSummary } from './catalogue.js';
import { useTitle } from './use-title.js';

interface DatasetAccess extends DatasetSummary {
  title: string;
  access: { level: string | null; basis?: 'owner' | 'grant' | 'none'; aggregateAreas?: 'all' | string[] | null; recordAreas?: 'all' | string[] | null; suppressed?: boolean };
}

/** An analyst's own access requests, and the access they hold to other partners' data through grants. */
export function MyAccessPage({ me }: { me: Me }) {
  useTitle('Your requests and access');
  const requests = useResource<AccessRequest[]>('/api/governance/access-requests?scope=mine');
  const datasets = useResource<DatasetAccess[]>('/api/datasets');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const withdraw = async (r: AccessRequest) => {
    setError(null);
    setNotice(null);
    try {
      await session.request('POST', `/api/governance/access-requests/${r.id}/withdraw`);
      setNotice(`Your request for ${requestDataset(r)} has been withdrawn.`);
      await requests.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const granted = (datasets.data ?? []).filter((d) => d.access?.basis === 'grant');
  return (
    <>
      <h1 class="govuk-heading-l">Your requests and access</h1>
      <p class="govuk-body">
        You can see your own organisation’s data ({me.user.organisation.name}). To use another partner’s data, ask for access under an
        information sharing agreement.
      </p>
      <Link href="/access/request" class="govuk-button" role="button" data-module="govuk-button">
        Request access to a dataset
      </Link>
      {notice && (
        <Banner success title="Done">
          <p class="govuk-notification-banner__heading">{notice}</p>
        </Banner>
      )}
      {error && <LoadError message={error} />}

      <h2 class="govuk-heading-m">Your access to other partners’ data</h2>
      {datasets.error && <LoadError message={datasets.error} />}
      {!datasets.data && !datasets.error && <Loading what="Loading your access" />}
      {datasets.data && granted.length === 0 && <p class="govuk-body">You have no access to other partners’ data yet.</p>}
      {granted.length > 0 && (
        <table class="govuk-table" data-testid="my-grants">
          <caption class="govuk-visually-hidden">Datasets you can use through a grant</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Dataset</th>
              <th scope="col" class="govuk-table__header">Owner</th>
              <th scope="col" class="govuk-table__header">Level</th>
              <th scope="col" class="govuk-table__header">Areas</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {granted.map((d) => (
              <tr class="govuk-table__row" key={d.slug}>
                <td class="govuk-table__cell">
                  <Link href={`/explore?dataset=${encodeURIComponent(d.slug)}`}>{d.title}</Link>
                </td>
                <td class="govuk-table__cell">{typeof d.owner === 'string' ? d.owner : d.owner?.name}</td>
                <td class="govuk-table__cell">
                  <strong class="govuk-tag govuk-tag--blue">{d.access.level}</strong>
                </td>
                <td class="govuk-table__cell">{areaNames(d.access.recordAreas ?? d.access.aggregateAreas ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 class="govuk-heading-m">Your requests</h2>
      {requests.error && <LoadError message={requests.error} />}
      {!requests.data && !requests.error && <Loading what="Loading your requests" />}
      {requests.data && requests.data.length === 0 && <p class="govuk-body">You have not asked for access yet.</p>}
      {requests.data && requests.data.length > 0 && (
        <table class="govuk-table" data-testid="my-requests">
          <caption class="govuk-visually-hidden">Your access requests, newest first</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Dataset</th>
              <th scope="col" class="govuk-table__header">Level and areas</th>
              <th scope="col" class="govuk-table__header">Until</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Decisions</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {requests.data.map((r) => (
              <tr class="govuk-table__row" key={r.id}>
                <td class="govuk-table__cell">
                  <Link class="govuk-link" href={`/access/requests/${r.id}`}>
                    {requestDataset(r)}
                  </Link>
                  <br />
                  <span class="govuk-body-s">Asked {formatDate(r.createdAt)}</span>
                </td>
                <td class="govuk-table__cell">
                  {LEVEL_NAMES[r.level]}
                  <br />
                  <span class="govuk-body-s">{areaNames(r.areas)}</span>
                </td>
                <td class="govuk-table__cell">{formatDate(r.until)}</td>
                <td class="govuk-table__cell">
                  <StatusTag status={r.status} label={r.status === 'approved' && r.granted?.partial ? 'approved in part' : undefined} />
                  {r.status === 'approved' && r.granted?.partial && (
                    <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0" data-testid="granted-in-part">
                      Granted: {LEVEL_NAMES[r.granted.level].toLowerCase()}, {areaNames(r.granted.areas)}, until {formatDate(r.granted.until)}
                    </p>
                  )}
                  {r.status === 'pending' && r.awaiting.length > 0 && (
                    <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">Waiting for: {r.awaiting.map(capacityLabel).join(r.approvalRule === 'either' ? ' or ' : ' and ')}</p>
                  )}
                </td>
                <td class="govuk-table__cell">
                  {r.decisions.map((d) => (
                    <p class="govuk-body-s govuk-!-margin-bottom-1" key={d.decidedAt}>
                      {d.outcome === 'approved' ? 'Approved' : 'Refused'} by {capacityLabel(d.capacity)}: “{d.note}”
                    </p>
                  ))}
                  {r.status === 'pending' && (
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => withdraw(r)}>
                      Withdraw<span class="govuk-visually-hidden"> the request for {requestDataset(r)}</span>
                    </button>
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

export const capacityLabel = (c: string) => (c === 'imb' ? 'the IMB' : c === 'data_owner' ? 'the data owner' : c);

import type { Me } from '../api/types.js';
import type { OwnedChoice } from '../components/owned-options.js';
import { formatMonthRange, ownedLabel, plural } from '../format.js';
import { ComingSoon, LoadError, Loading } from '../components/coming-soon.js';
import { Link } from '../router.js';
import { useApi } from './use-api.js';
import { useTitle } from './use-title.js';

/** The fields of a catalogue entry this page shows; the API may send more. */
export interface DatasetSummary {
  slug: string;
  title?: string;
  name?: string;
  owner?: { name?: string } | string;
  sensitivity?: string;
  /** Already published (police.uk): counts-only callers get exact counts. */
  openData?: boolean;
  lawfulBasis?: string;
  rowCount?: number;
  minMonth?: string | null;
  maxMonth?: string | null;
  access?: { level: string | null; basis?: 'owner' | 'grant' | 'none'; suppressed?: boolean };
  lastLoadedAt?: string | null;
  /** What the caller can group by and measure (the query engine's names). */
  dimensions?: string[];
  measures?: string[];
}

export const datasetTitle = (d: DatasetSummary) => d.title ?? d.name ?? d.slug;
export const ownerName = (d: DatasetSummary) => (typeof d.owner === 'string' ? d.owner : (d.owner?.name ?? ''));
/** "ASB case records — Winchester City Council" */
export const datasetLabel = (d: DatasetSummary) => ownedLabel({ title: datasetTitle(d), ownerName: ownerName(d) });
/** Datasets as choices for a select, grouped by owner when the list is long (see OwnedOptions). */
export const datasetChoices = (list: readonly DatasetSummary[]): OwnedChoice[] => list.map((d) => ({ value: d.slug, label: datasetLabel(d), owner: ownerName(d) }));

/** Whether this user may ask for (more) access to a dataset: not their own organisation's. */
const canRequest = (me: Me, d: DatasetSummary) => me.permissions.includes('access.request') && d.access?.basis !== 'owner' && d.access?.level !== 'identifiable';

export function CataloguePage({ me }: { me: Me }) {
  useTitle('Catalogue');
  const state = useApi<DatasetSummary[]>('/api/datasets');
  return (
    <>
      <h1 class="govuk-heading-l">Catalogue</h1>
      <p class="govuk-body">The datasets partners share through the hub, and the access you have to each.</p>
      {state.status === 'pending' && <Loading what="Loading the catalogue" />}
      {state.status === 'unavailable' && <ComingSoon what="The dataset catalogue" />}
      {state.status === 'error' && <LoadError message={state.message} />}
      {state.status === 'result' && state.data.length === 0 && <p class="govuk-body">There are no datasets you can see yet.</p>}
      {state.status === 'result' && state.data.length > 0 && (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">{plural(state.data.length, 'dataset')}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Dataset</th>
              <th scope="col" class="govuk-table__header">Owner</th>
              <th scope="col" class="govuk-table__header">Sensitivity</th>
              <th scope="col" class="govuk-table__header">Coverage</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Rows</th>
              <th scope="col" class="govuk-table__header">Your access</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {state.data.map((d) => (
              <tr class="govuk-table__row" key={d.slug}>
                <td class="govuk-table__cell">
                  {d.access?.level ? <Link href={`/explore?dataset=${encodeURIComponent(d.slug)}`}>{datasetTitle(d)}</Link> : datasetTitle(d)}
                </td>
                <td class="govuk-table__cell">{ownerName(d)}</td>
                <td class="govuk-table__cell">
                  {d.sensitivity ?? ''}
                  {d.openData && (
                    <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">Open data: already published, so counts are exact</p>
                  )}
                </td>
                <td class="govuk-table__cell">{d.minMonth && d.maxMonth ? formatMonthRange(d.minMonth, d.maxMonth) : 'No data yet'}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{typeof d.rowCount === 'number' ? d.rowCount.toLocaleString('en-GB') : ''}</td>
                <td class="govuk-table__cell">
                  <strong class={`govuk-tag ${d.access?.level ? 'govuk-tag--blue' : 'govuk-tag--grey'}`}>{d.access?.level ?? 'none'}</strong>
                  {d.access?.suppressed && <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">Counts only: small counts withheld, others perturbed</p>}
                  {canRequest(me, d) && (
                    <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      <Link href={`/access/request?dataset=${encodeURIComponent(d.slug)}`}>
                        Request access<span class="govuk-visually-hidden"> to {datasetLabel(d)}</span>
                      </Link>
                    </p>
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

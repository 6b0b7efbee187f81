import { LoadError, Loading } from '../components/coming-soon.js';
import { useResource } from '../components/use-resource.js';
import { type Route, setParams } from '../router.js';
import { useNames } from './access-names.js';
import { type AuditEntry, formatDateTime } from './access-types.js';
import { useTitle } from './use-title.js';

interface UsageSummary {
  actorId: string | null;
  actorEmail: string | null;
  organisation: string | null;
  action: string;
  count: number;
  lastAt: string;
}

interface DatasetUsage {
  datasets: { id: string; slug: string; title: string }[];
  byActor: UsageSummary[];
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** Audit actions in words; others show as they are. */
const ACTION_WORDS: Record<string, string> = {
  'query.run': 'Asked a question (chart, table or download)',
  'query.refused': 'Was refused an answer',
  'analytics.community_trigger': 'Checked the Community Trigger',
  'analytics.subject_lookup': 'Looked up a person',
  'analytics.trends': 'Looked at emerging trends',
  'analytics.hotspots': 'Looked at hotspots',
  'analytics.repeat_subjects': 'Looked at repeat victims',
  'analytics.repeat_places': 'Looked at repeat locations',
  'grant.created': 'Was given access',
  'grant.revoked': 'Had access revoked',
  'access_request.created': 'Asked for access',
};
const actionWords = (action: string) => ACTION_WORDS[action] ?? action;

/**
 * For data owners (and the IMB): who used their organisation's datasets, how and when, read from
 * the audit log (`GET /api/governance/owner/usage`). The dataset and "uses only" filter live in the URL.
 */
export function AccessUsagePage({ route }: { route: Route }) {
  useTitle('Use of your data');
  const names = useNames();
  const dataset = route.params.get('dataset') ?? '';
  const all = route.params.get('kind') === 'all';
  const query = new URLSearchParams({ ...(dataset ? { dataset } : {}), kind: all ? 'all' : 'use', pageSize: '50' });
  const usage = useResource<DatasetUsage>(`/api/governance/owner/usage?${query}`);

  return (
    <>
      <h1 class="govuk-heading-l">Use of your data</h1>
      <p class="govuk-body">Who used your organisation’s datasets, how and when, from the audit log. Uses by your own organisation are included.</p>
      {usage.error && <LoadError message={usage.error} />}
      {!usage.data && !usage.error && <Loading what="Reading the audit log" />}
      {usage.data && (
        <>
          <form class="app-filter-bar" onSubmit={(e) => e.preventDefault()} aria-label="Filter uses">
            <div class="govuk-form-group govuk-!-margin-bottom-0">
              <label class="govuk-label govuk-label--s" for="usage-dataset">
                Dataset
              </label>
              <select class="govuk-select" id="usage-dataset" value={dataset} onChange={(e) => setParams({ dataset: e.currentTarget.value || null })}>
                <option value="">All your datasets</option>
                {usage.data.datasets.map((d) => (
                  <option key={d.slug} value={d.slug}>
                    {names.dataset(d.slug)}
                  </option>
                ))}
              </select>
            </div>
            <div class="govuk-checkboxes govuk-checkboxes--small">
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="usage-all" type="checkbox" checked={all} onChange={(e) => setParams({ kind: e.currentTarget.checked ? 'all' : null })} />
                <label class="govuk-label govuk-checkboxes__label" for="usage-all">
                  Include grants and access requests
                </label>
              </div>
            </div>
          </form>
          {usage.data.datasets.length === 0 && <p class="govuk-body">Your organisation has no datasets in the hub.</p>}
          {usage.data.datasets.length > 0 && usage.data.byActor.length === 0 && <p class="govuk-body">Nobody has used {dataset ? 'this dataset' : 'your datasets'} yet.</p>}
          {usage.data.byActor.length > 0 && (
            <table class="govuk-table" data-testid="usage-summary">
              <caption class="govuk-table__caption govuk-table__caption--m">Who used {dataset ? 'it' : 'them'}</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">Who</th>
                  <th scope="col" class="govuk-table__header">What</th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">Times</th>
                  <th scope="col" class="govuk-table__header">Last</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {usage.data.byActor.map((u) => (
                  <tr class="govuk-table__row" key={`${u.actorId}-${u.action}`}>
                    <td class="govuk-table__cell">
                      {u.actorEmail ?? 'the hub'}
                      {u.organisation && (
                        <>
                          <br />
                          <span class="govuk-body-s">{names.organisation(u.organisation)}</span>
                        </>
                      )}
                    </td>
                    <td class="govuk-table__cell">{actionWords(u.action)}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{u.count.toLocaleString('en-GB')}</td>
                    <td class="govuk-table__cell">{formatDateTime(u.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {usage.data.entries.length > 0 && (
            <table class="govuk-table" data-testid="usage-entries">
              <caption class="govuk-table__caption govuk-table__caption--m">
                Latest {usage.data.entries.length < usage.data.total ? `${usage.data.entries.length} of ${usage.data.total.toLocaleString('en-GB')}` : ''} uses
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">When</th>
                  <th scope="col" class="govuk-table__header">Who</th>
                  <th scope="col" class="govuk-table__header">What</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {usage.data.entries.map((e) => (
                  <tr class="govuk-table__row" key={e.id}>
                    <td class="govuk-table__cell">{formatDateTime(e.at)}</td>
                    <td class="govuk-table__cell">{e.actorEmail ?? 'the hub'}</td>
                    <td class="govuk-table__cell">{actionWords(e.action)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}

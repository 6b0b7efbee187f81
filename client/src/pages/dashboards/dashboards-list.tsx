import { LoadError, Loading } from '../../components/coming-soon.js';
import { useResource } from '../../components/use-resource.js';
import { type Dashboard, exploreHref, type SavedView, sharingSummary } from '../../data/saved-views.js';
import { CHART_TYPES } from '../../data/view.js';
import { Link } from '../../router.js';
import { EmergingTrendsPanel } from '../threat-harm/emerging-trends-panel.js';
import { useTitle } from '../use-title.js';

/** The Dashboards home: dashboards I made or that are shared with me, and the saved views I can use. */
export function DashboardsList({ notice }: { notice?: string | null }) {
  useTitle('Dashboards');
  const dashboards = useResource<Dashboard[]>('/api/dashboards');
  const views = useResource<SavedView[]>('/api/views');
  return (
    <>
      <h1 class="govuk-heading-l">Dashboards</h1>
      {notice && (
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="dashboards-notice-title">
          <div class="govuk-notification-banner__header">
            <h2 class="govuk-notification-banner__title" id="dashboards-notice-title">Done</h2>
          </div>
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      )}
      <EmergingTrendsPanel />
      <Link href="/dashboards/new" class="govuk-button" role="button" draggable={false}>
        Create a dashboard
      </Link>
      <h2 class="govuk-heading-m">Available to you</h2>
      {dashboards.error && <LoadError message={dashboards.error} />}
      {!dashboards.data && !dashboards.error && <Loading what="Loading dashboards" />}
      {dashboards.data && dashboards.data.length === 0 && <p class="govuk-body">There are no dashboards yet. Create one from your saved views.</p>}
      {dashboards.data && dashboards.data.length > 0 && (
        <ul class="govuk-list app-card-list" aria-label="Dashboards">
          {dashboards.data.map((d) => (
            <li key={d.id} class="app-card">
              <h3 class="govuk-heading-s govuk-!-margin-bottom-1">
                <Link href={`/dashboards/${d.id}`}>{d.title}</Link>
              </h3>
              {d.description && <p class="govuk-body-s govuk-!-margin-bottom-1">{d.description}</p>}
              <p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-0">
                {d.layout.length} {d.layout.length === 1 ? 'chart' : 'charts'} · {sharingSummary(d.sharing, d.mine, d.owner)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2 class="govuk-heading-m" id="my-views">Saved views</h2>
      <p class="govuk-body">
        Save a chart from <Link href="/explore">Explore</Link> with “Save this view”; then put it on a dashboard.
      </p>
      {views.error && <LoadError message={views.error} />}
      {!views.data && !views.error && <Loading what="Loading saved views" />}
      {views.data && views.data.length === 0 && <p class="govuk-body">You have no saved views yet.</p>}
      {views.data && views.data.length > 0 && <ViewsTable views={views.data} />}
    </>
  );
}

function ViewsTable({ views }: { views: SavedView[] }) {
  const sorted = [...views].sort((a, b) => Number(b.mine) - Number(a.mine) || b.updatedAt.localeCompare(a.updatedAt));
  return (
    <table class="govuk-table" aria-labelledby="my-views">
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">View</th>
          <th scope="col" class="govuk-table__header">Chart</th>
          <th scope="col" class="govuk-table__header">Who can see it</th>
          <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {sorted.map((v) => (
          <tr class="govuk-table__row" key={v.id} data-testid="saved-view-row">
            <td class="govuk-table__cell">
              <Link href={exploreHref(v)}>{v.title}</Link>
              {v.description && <span class="govuk-body-s app-secondary-text app-block">{v.description}</span>}
            </td>
            <td class="govuk-table__cell">{CHART_TYPES.find((c) => c.id === v.chart.type)?.label.split(':')[0] ?? v.chart.type}</td>
            <td class="govuk-table__cell">{sharingSummary(v.sharing, v.mine, v.owner)}</td>
            <td class="govuk-table__cell app-table-actions">
              {v.mine && (
                <Link href={`/dashboards/views/${v.id}`}>
                  Change<span class="govuk-visually-hidden"> {v.title}</span>
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

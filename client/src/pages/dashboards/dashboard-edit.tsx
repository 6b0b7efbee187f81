import { useState } from 'preact/hooks';
import { session } from '../../api/session.js';
import { LoadError, Loading } from '../../components/coming-soon.js';
import { DetailsForm, type Details } from '../../components/details-form.js';
import { useResource } from '../../components/use-resource.js';
import { type Dashboard, type SavedView, TILE_WIDTHS, type TileWidth } from '../../data/saved-views.js';
import { Link, navigate } from '../../router.js';
import { useTitle } from '../use-title.js';
import { ConfirmDelete } from './confirm-delete.js';
import { flash } from './flash.js';

interface DraftTile {
  viewId: string;
  width: TileWidth;
  title: string;
}

/** A dashboard holds at most this many views (the API's limit). */
const MAX_TILES = 24;

/** Create a dashboard (no id) or change one: title, sharing, and its saved views in grid order with widths. */
export function DashboardEdit({ id }: { id: string | null }) {
  useTitle(id ? 'Change a dashboard' : 'Create a dashboard');
  const existing = useResource<Dashboard>(id ? `/api/dashboards/${encodeURIComponent(id)}` : null);
  const views = useResource<SavedView[]>('/api/views');
  if (id && existing.error && !existing.data) return <><h1 class="govuk-heading-l">Change a dashboard</h1><LoadError message={existing.error} /></>;
  if (views.error && !views.data) return <><h1 class="govuk-heading-l">{id ? 'Change a dashboard' : 'Create a dashboard'}</h1><LoadError message={views.error} /></>;
  if ((id && !existing.data) || !views.data) return <Loading />;
  if (existing.data && !existing.data.mine) {
    return (
      <>
        <h1 class="govuk-heading-l">{existing.data.title}</h1>
        <p class="govuk-body">Only {existing.data.owner.displayName}, who made this dashboard, can change it.</p>
      </>
    );
  }
  return <Editor dashboard={existing.data} views={views.data} />;
}

function Editor({ dashboard, views }: { dashboard: Dashboard | null; views: SavedView[] }) {
  const [tiles, setTiles] = useState<DraftTile[]>(
    (dashboard?.layout ?? []).map((t) => ({ viewId: t.viewId, width: t.width, title: t.view?.title ?? 'A view that is no longer available' })),
  );
  const [adding, setAdding] = useState(views[0]?.id ?? '');
  const [addWidth, setAddWidth] = useState<TileWidth>(2);

  const move = (i: number, by: number) => setTiles((ts) => {
    const next = [...ts];
    const [tile] = next.splice(i, 1);
    next.splice(i + by, 0, tile!);
    return next;
  });
  const add = () => {
    const view = views.find((v) => v.id === adding);
    if (view && tiles.length < MAX_TILES) setTiles((ts) => [...ts, { viewId: view.id, width: addWidth, title: view.title }]);
  };
  const save = async (details: Details) => {
    const body = { ...details, layout: tiles.map((t) => ({ viewId: t.viewId, width: t.width })) };
    const saved = dashboard
      ? await session.request<Dashboard>('PATCH', `/api/dashboards/${dashboard.id}`, body)
      : await session.request<Dashboard>('POST', '/api/dashboards', body);
    navigate(`/dashboards/${saved.id}`);
  };
  const remove = async () => {
    await session.request('DELETE', `/api/dashboards/${dashboard!.id}`);
    flash(`“${dashboard!.title}” is deleted. Its saved views are still saved.`);
    navigate('/dashboards');
  };

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">Dashboard</span>
        <h1 class="govuk-heading-l">{dashboard ? `Change “${dashboard.title}”` : 'Create a dashboard'}</h1>
        <DetailsForm id="dashboard" initial={dashboard ?? { title: '', description: '', sharing: { mode: 'private', users: [] } }} submitLabel={dashboard ? 'Save changes' : 'Create dashboard'} onSubmit={save}
          secondary={<Link class="govuk-link" href={dashboard ? `/dashboards/${dashboard.id}` : '/dashboards'}>Cancel</Link>}>
          <fieldset class="govuk-fieldset govuk-form-group">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Charts, in order</legend>
            <div class="govuk-hint">Widths are fractions of the page; charts fill each row left to right.</div>
            {tiles.length === 0 ? (
              <p class="govuk-body">No charts yet. Add saved views below.</p>
            ) : (
              <table class="govuk-table">
                <caption class="govuk-visually-hidden">Charts on the dashboard</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">Saved view</th>
                    <th scope="col" class="govuk-table__header">Width</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {tiles.map((t, i) => (
                    <tr class="govuk-table__row" key={`${t.viewId}-${i}`}>
                      <td class="govuk-table__cell">{t.title}</td>
                      <td class="govuk-table__cell">
                        <label class="govuk-visually-hidden" for={`tile-width-${i}`}>Width of {t.title}</label>
                        <select class="govuk-select" id={`tile-width-${i}`} value={t.width} onChange={(e) => setTiles((ts) => ts.map((x, j) => (j === i ? { ...x, width: Number(e.currentTarget.value) as TileWidth } : x)))}>
                          {TILE_WIDTHS.map((w) => <option key={w.width} value={w.width}>{w.label}</option>)}
                        </select>
                      </td>
                      <td class="govuk-table__cell app-table-actions">
                        <button type="button" class="govuk-button govuk-button--secondary app-button-small govuk-!-margin-bottom-0" disabled={i === 0} onClick={() => move(i, -1)}>Up<span class="govuk-visually-hidden">: {t.title}</span></button>{' '}
                        <button type="button" class="govuk-button govuk-button--secondary app-button-small govuk-!-margin-bottom-0" disabled={i === tiles.length - 1} onClick={() => move(i, 1)}>Down<span class="govuk-visually-hidden">: {t.title}</span></button>{' '}
                        <button type="button" class="govuk-button govuk-button--warning app-button-small govuk-!-margin-bottom-0" onClick={() => setTiles((ts) => ts.filter((_, j) => j !== i))}>Remove<span class="govuk-visually-hidden">: {t.title}</span></button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {views.length === 0 ? (
              <p class="govuk-body">You have no saved views to add. <Link href="/explore">Make a chart in Explore</Link> and save it first.</p>
            ) : (
              <div class="app-add-tile">
                <div class="govuk-form-group govuk-!-margin-bottom-0">
                  <label class="govuk-label" for="add-view">Saved view to add</label>
                  <select class="govuk-select" id="add-view" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
                    {views.map((v) => <option key={v.id} value={v.id}>{v.title}{v.mine ? '' : ` (${v.owner.displayName})`}</option>)}
                  </select>
                </div>
                <div class="govuk-form-group govuk-!-margin-bottom-0">
                  <label class="govuk-label" for="add-width">Width</label>
                  <select class="govuk-select" id="add-width" value={addWidth} onChange={(e) => setAddWidth(Number(e.currentTarget.value) as TileWidth)}>
                    {TILE_WIDTHS.map((w) => <option key={w.width} value={w.width}>{w.label}</option>)}
                  </select>
                </div>
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={tiles.length >= MAX_TILES} onClick={add}>
                  Add to dashboard
                </button>
              </div>
            )}
            {tiles.length >= MAX_TILES && <p class="govuk-body-s">A dashboard holds at most {MAX_TILES} charts.</p>}
          </fieldset>
        </DetailsForm>
        {dashboard && <ConfirmDelete what="dashboard" consequence="It disappears for everyone it is shared with. The saved views on it stay saved." onDelete={remove} />}
      </div>
    </div>
  );
}

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error.js';
import { session } from '../../api/session.js';
import { attachMonthBrush } from '../../charts/month-brush.js';
import { renderSavedView } from '../../charts/render-saved.js';
import { groupColumns } from '../../data/view.js';
import { ChartExport } from '../../components/chart-export.js';
import { ChartFigure, DataTable, type RowAction } from '../../components/chart-figure.js';
import { LoadError, Loading } from '../../components/coming-soon.js';
import type { RunExtra } from '../../data/cross-filter.js';
import { answerMeta, QueryClient, type QueryState, runView } from '../../data/query.js';
import { DisclosureNote } from '../../components/disclosure-note.js';
import { type Row, rowsOf } from '../../data/rows.js';
import { columnClass, type DashboardTile } from '../../data/saved-views.js';
import { Link } from '../../router.js';
import { exploreHref } from '../../data/saved-views.js';
import { captionWith, valueLabel } from './filter-labels.js';
import { tileDrawn } from './redraw-timer.js';

export interface TileProps {
  tile: DashboardTile;
  index: number;
  /** What the dashboard's cross-filter adds to this chart's question. */
  extra: RunExtra;
  /** The value of this chart's own grouping chosen on the dashboard, highlighted. */
  selected: string | null;
  /** The dashboard's month range, shaded on line charts. */
  range: { from?: string; to?: string } | null;
  /** Everything that decides what this tile draws; reported to the redraw timer once drawn. */
  drawKey: string;
  onSelect: (field: string, value: string) => void;
  onBrush: (from: string, to: string) => void;
}

type Answer = { key: string; state: QueryState; unfiltered: boolean };

/** One saved view on a dashboard: its chart from Arrow, narrowed by the dashboard's filter. */
export function DashboardTileView(props: TileProps) {
  const { tile } = props;
  const view = tile.view;
  const headingId = `tile-${props.index}-heading`;
  return (
    <div class={`${columnClass(tile.width)} app-tile`}>
      <section class="app-tile__body" aria-labelledby={headingId}>
        <h2 class="govuk-heading-s app-tile__title" id={headingId}>
          {view ? view.title : 'A view that is no longer available'}
        </h2>
        {view ? (
          <TileChart {...props} view={view} />
        ) : (
          <p class="govuk-body">Its owner deleted it, or stopped sharing it with you.</p>
        )}
      </section>
    </div>
  );
}

function TileChart({ tile, view, extra, selected, range, drawKey, onSelect, onBrush }: TileProps & { view: NonNullable<DashboardTile['view']> }) {
  const host = useRef<HTMLDivElement>(null);
  const width = useWidth(host);
  const extraKey = JSON.stringify(extra);
  const [answer, setAnswer] = useState<Answer>({ key: '', state: { status: 'idle' }, unfiltered: false });
  const pending = useRef({ key: '', unfiltered: false });
  const client = useRef<QueryClient | null>(null);
  if (!client.current) client.current = new QueryClient((path, init) => session.fetch(path, init), (state) => setAnswer({ key: pending.current.key, state, unfiltered: pending.current.unfiltered }));

  useEffect(() => {
    pending.current = { key: extraKey, unfiltered: false };
    void client.current!.requestTable(view.query, async (signal) => {
      try {
        return await runView((p, i) => session.fetch(p, i), tile.viewId, extra, signal);
      } catch (err) {
        // A filter on a field this chart's data lacks: show the chart unfiltered, and say so.
        if (!(err instanceof ApiError) || err.code !== 'invalid_query' || !extra.filters) throw err;
        pending.current = { key: extraKey, unfiltered: true };
        return runView((p, i) => session.fetch(p, i), tile.viewId, extra.timeRange ? { timeRange: extra.timeRange } : {}, signal);
      }
    });
    return () => client.current!.cancel();
  }, [tile.viewId, extraKey]);

  // While a new answer is on its way the last one stays on screen (marked busy), so nothing jumps.
  const last = useRef<Answer>(answer);
  if (answer.state.status !== 'pending') last.current = answer;
  const busy = answer.state.status === 'pending';
  const shown = busy ? last.current : answer;
  const state = shown.state;
  const rows = useMemo<Row[]>(() => (state.status === 'result' ? rowsOf(state.table) : []), [state]);
  const drawn = useMemo(() => (state.status === 'result' && width > 0 ? renderSavedView(view, rows, { width, selected, range }) : null), [rows, width, selected, JSON.stringify(range)]);
  const settled = !busy && answer.key === extraKey && (state.status === 'error' || (state.status === 'result' && drawn !== null));

  useEffect(() => {
    if (settled) tileDrawn(tile.viewId, drawKey);
  }, [settled, drawn, drawKey]);
  useEffect(() => {
    if (!drawn?.brushes || !drawn.element) return;
    return attachMonthBrush(drawn.element, onBrush);
  }, [drawn]);

  // The heading names the chart; the caption says what it shows, including the dashboard's filter.
  // Describes the answer on screen, which lags the filter while a new answer is on its way.
  const shownExtra: RunExtra = shown.key ? (JSON.parse(shown.key) as RunExtra) : {};
  const caption = captionWith(view.description || view.title, shown.unfiltered ? { timeRange: shownExtra.timeRange } : shownExtra);
  const field = drawn?.selects;
  const onClick = (event: MouseEvent) => {
    const key = (event.target as Element).closest?.('[data-key]')?.getAttribute('data-key');
    if (field && key) onSelect(field, key);
  };
  const rowAction: RowAction | undefined = field
    ? {
        label: 'Filter the dashboard',
        render: (row) => {
          const value = String(row[groupColumns(field).value] ?? '');
          const name = valueLabel(field, value);
          return (
            <button type="button" class="govuk-button govuk-button--secondary app-button-small govuk-!-margin-bottom-0" onClick={() => onSelect(field, value)}>
              {selected === value ? 'Clear' : 'Filter'}
              <span class="govuk-visually-hidden"> by {name}</span>
            </button>
          );
        },
      }
    : undefined;

  const suppressed = rows.filter((r) => r.suppressed === true).length;
  return (
    <div ref={host} class="app-tile__chart" aria-busy={busy} data-testid="dashboard-tile" data-view-id={tile.viewId}>
      {state.status === 'error' && <LoadError message={state.error.message} />}
      {!drawn && state.status !== 'error' && <Loading what="Drawing the chart" />}
      {shown.unfiltered && <p class="govuk-body-s app-tile__note">Not filtered by the chosen value: this chart’s data has no such field.</p>}
      {drawn && rows.length === 0 && <p class="govuk-body" data-testid="no-rows">No rows match this chart’s question{extraKey !== '{}' ? ' with the dashboard’s filters' : ''}.</p>}
      {drawn && rows.length > 0 && (
        <>
          <DisclosureNote meta={state.status === 'result' ? answerMeta(state.table) : undefined} withheld={suppressed} compact />
          {/* Clicking a bar filters the other charts; the data table's buttons do the same by keyboard. */}
          {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events */}
          <div onClick={onClick} class={field ? 'app-tile__selectable' : undefined}>
            {drawn.element ? (
              <ChartFigure caption={caption} element={drawn.element} rows={rows} columns={drawn.columns} suppressedField="suppressed" rowAction={rowAction} />
            ) : (
              <DataTable caption={caption} rows={rows} columns={drawn.columns} suppressedField="suppressed" />
            )}
          </div>
          <ChartExport title={view.title} element={drawn.element} csv={() => session.fetch(`/api/views/${tile.viewId}/run`, { method: 'POST', headers: { Accept: 'text/csv', 'Content-Type': 'application/json' }, body: JSON.stringify(shown.unfiltered ? { timeRange: shownExtra.timeRange } : shownExtra) })} />
        </>
      )}
      <p class="govuk-body-s govuk-!-margin-bottom-0">
        <Link href={exploreHref(view)}>Open in Explore<span class="govuk-visually-hidden">: {view.title}</span></Link>
      </p>
    </div>
  );
}

/** The element's width, kept up to date as the window changes. */
function useWidth(ref: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    setWidth(node.clientWidth);
    let frame = 0;
    const observer = new ResizeObserver(([entry]) => {
      cancelAnimationFrame(frame);
      const next = Math.round(entry!.contentRect.width);
      // Redraw only for real changes (not a scrollbar's few pixels).
      frame = requestAnimationFrame(() => setWidth((w) => (Math.abs(w - next) > 24 ? next : w)));
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  return width;
}

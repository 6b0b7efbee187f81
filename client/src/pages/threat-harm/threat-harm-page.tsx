import { useMemo, useState } from 'preact/hooks';
import { messageOf } from '../../api/api-error.js';
import { session } from '../../api/session.js';
import { barChart } from '../../charts/bar-chart.js';
import { tileMap } from '../../charts/tile-map.js';
import { ComingSoon, LoadError, Loading } from '../../components/coming-soon.js';
import { ChartFigure } from '../../components/chart-figure.js';
import type { Row } from '../../data/rows.js';
import { type ApiState, useApi } from '../use-api.js';
import { useTitle } from '../use-title.js';
import type { Topology } from 'topojson-specification';
import { hotspotMap, type HotspotPoint, mappedCodes } from './hotspot-map.js';
import type { HotspotAnswer, RepeatAnswer, TrendAnswer, TriggerAnswer } from './types.js';

/** Threat, risk and harm: emerging trends, hotspots, repeat victims and locations, Community Trigger checks. */
export default function ThreatHarmPage() {
  useTitle('Threat, risk and harm');
  const trends = useApi<TrendAnswer>('/api/analytics/trends');
  const hotspots = useApi<HotspotAnswer>('/api/analytics/hotspots?by=lsoa&limit=15');
  const victims = useApi<RepeatAnswer>('/api/analytics/repeat-victims?limit=50');
  const locations = useApi<RepeatAnswer>('/api/analytics/repeat-locations?limit=50');
  return (
    <>
      <h1 class="govuk-heading-l">Threat, risk and harm</h1>
      <p class="govuk-body">
        What is rising, where, and who or which addresses are known to several partners. People and places appear only as pseudonymous keys; you see a person's details
        only in datasets you hold identifiable access to, and every look-up is recorded.
      </p>
      {[trends, hotspots, victims, locations].some((st) => st.status === 'pending') ? (
        <Loading what="Loading threat, risk and harm" />
      ) : (
        <Sections trends={trends} hotspots={hotspots} victims={victims} locations={locations} />
      )}
    </>
  );
}

/** The four analyses, once every answer is in (one loading state for the page, not four). */
function Sections({ trends, hotspots, victims, locations }: { trends: ApiState<TrendAnswer>; hotspots: ApiState<HotspotAnswer>; victims: ApiState<RepeatAnswer>; locations: ApiState<RepeatAnswer> }) {
  return (
    <>
      <Section title="Emerging trends" state={trends}>{(d) => <Trends data={d} />}</Section>
      <Section title="Hotspots" state={hotspots}>{(d) => <Hotspots data={d} />}</Section>
      <Section title="Repeat victims" state={victims}>{(d) => <Repeats data={d} />}</Section>
      <Section title="Repeat locations" state={locations}>{(d) => <Repeats data={d} />}</Section>
    </>
  );
}

function Section<T>({ title, state, children }: { title: string; state: ApiState<T>; children: (data: T) => preact.ComponentChildren }) {
  return (
    <section class="govuk-!-margin-bottom-9" aria-label={title}>
      <h2 class="govuk-heading-m">{title}</h2>
      {state.status === 'unavailable' && <ComingSoon what={title} />}
      {state.status === 'error' && <LoadError message={state.message} />}
      {state.status === 'result' && children(state.data)}
    </section>
  );
}

const num = (r: { count: number | null; suppressed: boolean }) => (r.suppressed ? 'suppressed' : (r.count ?? 0).toLocaleString('en-GB'));

function SuppressionNote({ on }: { on: boolean }) {
  return on ? <p class="govuk-body-s">Some figures come from datasets you may see as counts only: counts of 1 to 4 are shown as "suppressed", and each other count may differ from the true figure by up to 2 (always the same answer to the same question), so that nobody can be identified.</p> : null;
}

function Trends({ data }: { data: TrendAnswer }) {
  const flagged = data.items.filter((t) => t.flagged);
  const perArea: Row[] = useMemo(() => {
    const counts = new Map<string, number>();
    for (const t of flagged) counts.set(t.districtCode, (counts.get(t.districtCode) ?? 0) + 1);
    return [...counts].map(([district_code, count]) => ({ district_code, count }));
  }, [data]);
  const map = useMemo(() => (flagged.length ? tileMap(perArea, { area: 'district_code', value: 'count', ariaLabel: 'Flagged trends per area' }) : null), [perArea]);
  if (!data.month) return <p class="govuk-body">There is no data you can see yet.</p>;
  return (
    <>
      <p class="govuk-body">
        {data.month}: each area and category against the {data.test.baselineMonths} months before it. Flagged when a Poisson exceedance test gives p &lt; {data.test.pValue} and at
        least {data.test.minCount} incidents.
      </p>
      <SuppressionNote on={data.suppressed} />
      {flagged.length === 0 ? (
        <p class="govuk-body">Nothing is rising unusually this month.</p>
      ) : (
        <ChartFigure
          caption={`Flagged rises, ${data.month}`}
          element={map}
          rows={flagged.map((t) => ({ area: t.districtName ?? t.districtCode, category: t.category, latest: t.latest.count, expected: t.expected, p: t.pValue?.toExponential(1) ?? '' }))}
          columns={[
            { field: 'area', label: 'Area' },
            { field: 'category', label: 'Category' },
            { field: 'latest', label: 'This month', numeric: true },
            { field: 'expected', label: 'Monthly baseline', numeric: true },
            { field: 'p', label: 'p' },
          ]}
        />
      )}
    </>
  );
}

function Hotspots({ data }: { data: HotspotAnswer }) {
  const rows: Row[] = data.items.map((i) => ({ place: i.lsoaName ?? i.lsoaCode, area: i.districtName ?? '', count: i.current.count, suppressed: i.current.suppressed, previous: i.previous.count, change: i.change }));
  const chart = useMemo(() => (rows.length ? barChart(rows, { y: 'place', value: 'count', ariaLabel: 'Incidents per neighbourhood, latest period' }) : null), [data]);
  if (!data.current) return <p class="govuk-body">There is no data you can see yet.</p>;
  const columns = [
    { field: 'place', label: 'Neighbourhood' },
    { field: 'area', label: 'Area' },
    { field: 'count', label: 'Latest period', numeric: true },
    { field: 'previous', label: 'Period before', numeric: true },
    { field: 'change', label: 'Change', numeric: true },
  ];
  return (
    <>
      <p class="govuk-body">
        Neighbourhoods (LSOAs) with most anti-social behaviour in the {data.periodDays} days to {data.current.until}, and the change from the {data.periodDays} days before.
      </p>
      <SuppressionNote on={data.suppressed} />
      {data.items.length === 0 ? (
        <p class="govuk-body">No anti-social behaviour recorded by neighbourhood in this period.</p>
      ) : (
        <>
          <HotspotMapFigure data={data} rows={rows} columns={columns} />
          <ChartFigure caption={`Hotspots, ${data.periodDays} days to ${data.current.until}`} element={chart} rows={rows} suppressedField="suppressed" columns={columns} />
        </>
      )}
    </>
  );
}

/**
 * The hotspots on the hub's boundaries (districts and the LSOAs of the districts concerned); where no
 * boundaries are loaded, the areas' tile map of the same counts.
 */
function HotspotMapFigure({ data, rows, columns }: { data: HotspotAnswer; rows: Row[]; columns: { field: string; label: string; numeric?: boolean }[] }) {
  const codes = [...new Set(data.items.map((i) => i.districtCode).filter((c): c is string => !!c))].sort();
  const districts = useApi<Topology>('/api/geography/districts');
  const lsoas = useApi<Topology>(`/api/geography/lsoas?district=${codes.join(',')}`);
  const points: HotspotPoint[] = data.items.map((i) => ({ lsoaCode: i.lsoaCode, name: i.lsoaName ?? i.lsoaCode, count: i.current.count, suppressed: i.current.suppressed, change: i.change }));
  const boundaries = lsoas.status === 'result' ? lsoas.data : null;
  const element = useMemo(() => {
    if (lsoas.status === 'pending' || districts.status === 'pending') return null;
    if (boundaries && mappedCodes(points, boundaries).size > 0) {
      return hotspotMap(points, boundaries, districts.status === 'result' ? districts.data : null, { ariaLabel: 'Map of hotspot neighbourhoods' });
    }
    const perArea = new Map<string, number>();
    for (const i of data.items) if (i.districtCode && i.current.count !== null) perArea.set(i.districtCode, (perArea.get(i.districtCode) ?? 0) + i.current.count);
    return tileMap([...perArea].map(([district_code, count]) => ({ district_code, count })), { area: 'district_code', value: 'count', ariaLabel: 'Hotspot incidents per area' });
  }, [data, lsoas, districts]);
  const unmapped = boundaries ? points.length - mappedCodes(points, boundaries).size : 0;
  return (
    <>
      <ChartFigure caption={`Map of hotspots, ${data.periodDays} days to ${data.current!.until}`} element={element} rows={rows} suppressedField="suppressed" columns={columns} />
      {boundaries && unmapped > 0 && unmapped < points.length && (
        <p class="govuk-body-s">
          {unmapped === 1 ? 'One neighbourhood has' : `${unmapped} neighbourhoods have`} no shape in the loaded boundaries (newer LSOA codes) and {unmapped === 1 ? 'is' : 'are'} in the table only.
        </p>
      )}
      {!boundaries && lsoas.status !== 'pending' && <p class="govuk-body-s">No boundaries are loaded, so the map shows the hotspot counts per area.</p>}
    </>
  );
}

function Repeats({ data }: { data: RepeatAnswer }) {
  const who = data.kind === 'subject' ? 'people' : 'addresses';
  const map = useMemo(
    () => tileMap(data.summary.rows.map((r) => ({ district_code: r.districtCode, count: r.repeat.count, suppressed: r.repeat.suppressed })), { area: 'district_code', value: 'count', ariaLabel: `Repeat ${who} per area` }),
    [data],
  );
  if (data.summary.datasets.length === 0) {
    return <p class="govuk-body">None of the datasets you can see records {who} by pseudonymous key, so there is nothing to match.</p>;
  }
  if (!data.period) return <p class="govuk-body">There is no data you can see yet.</p>;
  const sources = [...new Set(data.summary.datasets.map((d) => d.partner.name))];
  return (
    <>
      <p class="govuk-body">
        {who[0].toUpperCase() + who.slice(1)} with {data.rule.incidents} or more incidents within {data.rule.windowDays} days, or known to {data.rule.partners} or more partners,
        from {data.period.since} to {data.period.until}.
      </p>
      <p class="govuk-body-s">Matched across the case records of {sources.length === 1 ? sources[0] : sources.length <= 4 ? `${sources.length} partners: ${sources.join(', ')}` : `${sources.length} partners`}.</p>
      <SuppressionNote on={data.summary.suppressed} />
      {data.summary.rows.length === 0 ? (
        <p class="govuk-body">No repeat {who} in the areas and period you can see.</p>
      ) : (
      <ChartFigure
        caption={`Repeat ${who} per area`}
        element={map}
        suppressedField="suppressed"
        rows={data.summary.rows.map((r) => ({ area: r.districtName ?? r.districtCode, repeat: r.repeat.count, crossPartner: r.crossPartner.count, suppressed: r.repeat.suppressed || r.crossPartner.suppressed }))}
        columns={[
          { field: 'area', label: 'Area' },
          { field: 'repeat', label: `Repeat ${who}`, numeric: true },
          { field: 'crossPartner', label: 'Known to several partners', numeric: true },
        ]}
      />
      )}
      {data.list === null ? (
        <p class="govuk-body">You can see counts only, so individual {who} are not listed.</p>
      ) : data.summary.rows.length > 0 || data.list.items.length > 0 ? (
        <RepeatList data={data} />
      ) : null}
    </>
  );
}

function RepeatList({ data }: { data: RepeatAnswer }) {
  const list = data.list!;
  if (list.items.length === 0) return <p class="govuk-body">None found in the data you can see.</p>;
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">
        {list.items.length < list.total ? `The ${list.items.length} busiest of ${list.total}` : `${list.total} found`}
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Key</th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">Incidents</th>
          <th scope="col" class="govuk-table__header">Known to</th>
          <th scope="col" class="govuk-table__header">Last seen</th>
          <th scope="col" class="govuk-table__header">Community Trigger</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {list.items.map((i) => (
          <tr class="govuk-table__row" key={i.key}>
            <td class="govuk-table__cell">
              <code>{i.key.slice(0, 12)}…</code>
            </td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{i.incidents}</td>
            <td class="govuk-table__cell">{i.byPartner.map((p) => `${p.partner.name} (${p.incidents})`).join(', ')}</td>
            <td class="govuk-table__cell">{i.lastSeen}</td>
            <td class="govuk-table__cell">
              <TriggerCheck kind={data.kind} value={i.key} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TriggerCheck({ kind, value }: { kind: 'subject' | 'place'; value: string }) {
  const [state, setState] = useState<{ status: 'idle' | 'pending' } | { status: 'done'; answer: TriggerAnswer } | { status: 'error'; message: string }>({ status: 'idle' });
  const check = () => {
    setState({ status: 'pending' });
    session
      .request<TriggerAnswer>('GET', `/api/analytics/community-trigger?${kind}=${encodeURIComponent(value)}`)
      .then((answer) => setState({ status: 'done', answer }))
      .catch((err) => setState({ status: 'error', message: messageOf(err) }));
  };
  if (state.status === 'done') {
    const a = state.answer;
    return (
      <strong class={`govuk-tag ${a.met ? 'govuk-tag--red' : 'govuk-tag--grey'}`}>
        {a.met ? `Met: ${a.bestWindow!.complaints} complaints ${a.bestWindow!.from} to ${a.bestWindow!.to}` : `Not met (${a.qualifying} qualifying, ${a.late} late)`}
      </strong>
    );
  }
  if (state.status === 'error') return <span class="govuk-error-message">{state.message}</span>;
  return (
    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={check} disabled={state.status === 'pending'}>
      Check<span class="govuk-visually-hidden"> {value.slice(0, 12)}</span>
    </button>
  );
}

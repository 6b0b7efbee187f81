import { DownloadButton } from '../../components/download-button.js';
import { LoadError, Loading } from '../../components/coming-soon.js';
import { useResource } from '../../components/use-resource.js';
import { type Route, setParams } from '../../router.js';
import { useTitle } from '../use-title.js';

interface Released {
  count: number | null;
  suppressed: boolean;
}
interface Figures {
  period: { label: string; from: string; to: string };
  measures: { key: string; label: string }[];
  rule: { threshold: number; roundingBase: number };
  rows: { districtCode: string; districtName: string; figures: Record<string, Released> }[];
}

/** The yearly statutory figures per area, as a table and a CSV. */
export function CaseFiguresPage({ route }: { route: Route }) {
  useTitle('ASB case review figures');
  const period = route.params.get('period') ?? String(new Date().getFullYear());
  const figures = useResource<Figures>(`/api/case-review-figures?period=${encodeURIComponent(period)}`);
  return (
    <>
      <h1 class="govuk-heading-l">ASB case review figures</h1>
      <div class="govuk-form-group">
        <label class="govuk-label" for="figures-period">
          Year
        </label>
        <div class="govuk-hint" id="figures-period-hint">A year like 2026, or a financial year like 2026-27</div>
        <input class="govuk-input govuk-input--width-10" id="figures-period" aria-describedby="figures-period-hint" value={period} onChange={(e) => setParams({ period: e.currentTarget.value })} />
      </div>
      {figures.error && <LoadError message={figures.error} />}
      {!figures.data && !figures.error && <Loading what="Loading figures" />}
      {figures.data && (
        <>
          <p class="govuk-body">
            Applications received from {figures.data.period.from} to {figures.data.period.to}. Counts from 1 to {figures.data.rule.threshold - 1} are not shown, and others are rounded to the nearest {figures.data.rule.roundingBase}, so that nobody can be identified.
          </p>
          <table class="govuk-table" data-testid="figures-table">
            <caption class="govuk-visually-hidden">ASB case review figures by area</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Area</th>
                {figures.data.measures.map((m) => (
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric" key={m.key}>
                    {m.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {figures.data.rows.map((r) => (
                <tr class="govuk-table__row" key={r.districtCode}>
                  <th scope="row" class="govuk-table__header">
                    {r.districtName}
                  </th>
                  {figures.data!.measures.map((m) => (
                    <td class="govuk-table__cell govuk-table__cell--numeric" key={m.key}>
                      {r.figures[m.key].suppressed ? 'Not shown' : r.figures[m.key].count}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <DownloadButton path={`/api/case-review-figures/export?period=${encodeURIComponent(period)}`} fileName={`asb-case-review-figures-${period}.csv`}>
            Download CSV
          </DownloadButton>
        </>
      )}
    </>
  );
}

import { LoadError, Loading } from '../components/coming-soon.js';
import { useResource } from '../components/use-resource.js';
import { type Route, setParams } from '../router.js';
import { useTitle } from './use-title.js';

interface BudgetRow {
  organisationName: string;
  datasetSlug: string;
  datasetTitle: string;
  questions: number;
  limit: number;
  mostOfOneShape: number;
  accounts: number;
  flagged: boolean;
}

interface BudgetUsage {
  day: string;
  flagShare: number;
  rows: BudgetRow[];
}

/**
 * For the IMB: how many distinct questions each organisation asked each counts-only dataset on a
 * day, against its budget, with attack-like patterns (many questions of one shape) flagged
 * (`GET /api/disclosure/usage`, docs/disclosure-control.md).
 */
export function AccessBudgetsPage({ route }: { route: Route }) {
  useTitle('Question budgets');
  const day = route.params.get('day') ?? '';
  const usage = useResource<BudgetUsage>(`/api/disclosure/usage${day ? `?day=${encodeURIComponent(day)}` : ''}`);
  return (
    <>
      <h1 class="govuk-heading-l">Question budgets</h1>
      <p class="govuk-body">
        Organisations with counts-only access may ask each dataset a limited number of different questions a day; asking the same question again is free. Many
        questions of one shape (the same grouping, other filters or time ranges) is how attempts to work out small counts look, so they are flagged.
      </p>
      <form
        class="govuk-!-margin-bottom-6"
        onSubmit={(e) => {
          e.preventDefault();
          const value = (e.currentTarget.elements.namedItem('budget-day') as HTMLInputElement).value;
          setParams({ day: value || null });
        }}
      >
        <div class="govuk-form-group">
          <label class="govuk-label" for="budget-day">
            Day
          </label>
          <div class="govuk-hint">For example, 2026-12-06. Today and yesterday are kept.</div>
          <input class="govuk-input govuk-input--width-10" id="budget-day" name="budget-day" type="date" value={day || usage.data?.day || ''} />
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show
        </button>
      </form>
      {usage.error && <LoadError message={usage.error} />}
      {!usage.data && !usage.error && <Loading what="Reading the question ledger" />}
      {usage.data && usage.data.rows.length === 0 && <p class="govuk-body">No counts-only questions were asked on {usage.data.day}.</p>}
      {usage.data && usage.data.rows.length > 0 && (
        <table class="govuk-table" data-testid="budget-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Questions asked on {usage.data.day}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Organisation</th>
              <th scope="col" class="govuk-table__header">Dataset</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Questions</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Accounts</th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">Most of one shape</th>
              <th scope="col" class="govuk-table__header">Pattern</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {usage.data.rows.map((r) => (
              <tr class="govuk-table__row" key={`${r.organisationName}|${r.datasetSlug}`}>
                <td class="govuk-table__cell">{r.organisationName}</td>
                <td class="govuk-table__cell">{r.datasetTitle}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  {r.questions.toLocaleString('en-GB')} of {r.limit.toLocaleString('en-GB')}
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{r.accounts}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{r.mostOfOneShape.toLocaleString('en-GB')}</td>
                <td class="govuk-table__cell">{r.flagged ? <strong class="govuk-tag govuk-tag--red">Looks like an attack</strong> : <strong class="govuk-tag govuk-tag--grey">Ordinary</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

import type { Me } from '../../api/types.js';
import { LoadError, Loading } from '../../components/coming-soon.js';
import { useResource } from '../../components/use-resource.js';
import { Link, type Route } from '../../router.js';
import { useTitle } from '../use-title.js';
import { CaseApplicationForm } from './case-application-form.js';
import { CaseReviewDetailPage } from './case-review-detail.js';
import { CaseFiguresPage } from './case-figures.js';
import { type CaseSummary, STATUS_LABELS, STEP_LABELS } from './case-review-types.js';

/** /case-reviews, /case-reviews/new, /case-reviews/figures, /case-reviews/:id */
export default function CaseReviewsSection({ me, route }: { me: Me; route: Route }) {
  const officer = me.permissions.includes('case_reviews.manage');
  if (route.path === '/case-reviews/new') return <CaseApplicationForm />;
  if (route.path === '/case-reviews/figures') return <CaseFiguresPage route={route} />;
  const id = /^\/case-reviews\/([0-9a-f-]{36})$/.exec(route.path)?.[1];
  if (id) return <CaseReviewDetailPage id={id} me={me} />;
  return <CaseList officer={officer} canList={me.permissions.includes('case_reviews.take_part')} />;
}

function CaseList({ officer, canList }: { officer: boolean; canList: boolean }) {
  useTitle('ASB case reviews');
  const cases = useResource<CaseSummary[]>(canList ? '/api/case-reviews' : null);
  return (
    <>
      <h1 class="govuk-heading-l">ASB case reviews</h1>
      <p class="govuk-body">The Community Trigger: a victim of persistent anti-social behaviour asks the partnership to review their case.</p>
      <p class="govuk-body">
        {officer && (
          <Link href="/case-reviews/new" class="govuk-button govuk-!-margin-right-2">
            Record an application
          </Link>
        )}
        <Link href="/case-reviews/figures" class="govuk-link">
          Published figures
        </Link>
      </p>
      {canList && cases.error && <LoadError message={cases.error} />}
      {canList && !cases.data && !cases.error && <Loading what="Loading case reviews" />}
      {cases.data && cases.data.length === 0 && <p class="govuk-body">There are no case reviews for you yet.</p>}
      {cases.data && cases.data.length > 0 && (
        <table class="govuk-table" data-testid="case-list">
          <caption class="govuk-table__caption govuk-table__caption--m">Cases</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Reference</th>
              <th scope="col" class="govuk-table__header">Received</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Next step</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {cases.data.map((c) => (
              <tr class="govuk-table__row" key={c.id}>
                <td class="govuk-table__cell">
                  <Link href={`/case-reviews/${c.id}`} class="govuk-link">
                    {c.reference}
                  </Link>
                </td>
                <td class="govuk-table__cell">{c.receivedOn}</td>
                <td class="govuk-table__cell">
                  <strong class="govuk-tag govuk-tag--grey">{STATUS_LABELS[c.status] ?? c.status}</strong>
                  {c.overdue && <strong class="govuk-tag govuk-tag--red govuk-!-margin-left-1">Overdue</strong>}
                </td>
                <td class="govuk-table__cell">{c.next ? `${STEP_LABELS[c.next.step]} by ${c.next.dueOn}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

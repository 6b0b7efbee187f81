import { Link } from '../router.js';

/** GOV.UK pagination: previous and next links around "Page n of m"; nothing when there is one page. */
export function Pagination({ page, pages, label, href }: { page: number; pages: number; label: string; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav class="govuk-pagination" aria-label={label}>
      {page > 1 && (
        <div class="govuk-pagination__prev">
          <Link class="govuk-link govuk-pagination__link" href={href(page - 1)} rel="prev">
            <span class="govuk-pagination__link-title">Previous page</span>
          </Link>
        </div>
      )}
      <ul class="govuk-pagination__list">
        <li class="govuk-pagination__item govuk-pagination__item--current">
          <span class="govuk-pagination__link" aria-current="page">
            Page {page} of {pages}
          </span>
        </li>
      </ul>
      {page < pages && (
        <div class="govuk-pagination__next">
          <Link class="govuk-link govuk-pagination__link" href={href(page + 1)} rel="next">
            <span class="govuk-pagination__link-title">Next page</span>
          </Link>
        </div>
      )}
    </nav>
  );
}

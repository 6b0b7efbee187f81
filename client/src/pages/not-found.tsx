import { Link } from '../router.js';
import { useTitle } from './use-title.js';

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <>
      <h1 class="govuk-heading-l">Page not found</h1>
      <p class="govuk-body">If you typed the web address, check it is correct.</p>
      <p class="govuk-body">
        <Link href="/">Go to the start page</Link>
      </p>
    </>
  );
}

import { Link } from '../router.js';
import { LoadError } from './coming-soon.js';

/** A screen that could not load what it shows: still a heading, the API's sentence, and a way on. */
export function PageError({ title, message, back }: { title: string; message: string; back?: { href: string; label: string } }) {
  return (
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      <LoadError message={message} />
      {back && (
        <p class="govuk-body">
          <Link href={back.href}>{back.label}</Link>
        </p>
      )}
    </>
  );
}

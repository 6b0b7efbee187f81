import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { Loading } from '../components/coming-soon.js';
import { Link, type Route } from '../router.js';
import { ssoStartUrl, useSsoOrganisations } from './sign-in.js';
import { useTitle } from './use-title.js';

/** Why the hub did not let a person in after their organisation's sign-in, in words they can act on. */
const REFUSALS: Record<string, (org: string) => string> = {
  domain_not_allowed: (org) => `The email address your organisation’s account gave is not at a domain ${org} allows for csp-hub. Ask your csp-hub administrator.`,
  not_registered: (org) => `You do not have a csp-hub account yet. Ask ${org}’s csp-hub administrator to add you.`,
  wrong_organisation: () => 'Your csp-hub account belongs to another organisation. Sign in through that organisation, or ask your csp-hub administrator.',
  identity_mismatch: () => 'Your csp-hub account is already linked to a different account at your organisation. Ask your csp-hub administrator.',
  email_unverified: () => 'Your organisation’s sign-in has not verified your email address, so csp-hub cannot match it to an account. Ask your IT service desk.',
  account_disabled: () => 'This csp-hub account is disabled. Ask your administrator to enable it.',
  expired: () => 'The sign-in took too long, or was started in another browser or tab. Start again.',
  provider_refused: () => 'Your organisation’s sign-in did not let you in (perhaps the sign-in was cancelled). Start again, or ask your IT service desk.',
  not_configured: (org) => `${org} does not sign in to csp-hub with its own accounts. Sign in with your csp-hub password.`,
};

/**
 * Where the hub's callback sends the browser: with a one-time code, which becomes the session;
 * or with the reason the sign-in stopped, including "your organisation's sign-in is unavailable".
 */
export function SsoReturnPage({ route }: { route: Route }) {
  const handoff = route.params.get('handoff');
  const error = route.params.get('error');
  const slug = route.params.get('organisation');
  const organisations = useSsoOrganisations();
  const org = organisations?.find((o) => o.slug === slug)?.name ?? 'your organisation';
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (!handoff) return;
    // The code is single-use; keep it out of the history all the same.
    history.replaceState(null, '', '/sign-in/sso');
    session.completeSso(handoff, slug).catch((err) => setFailed(messageOf(err)));
  }, [handoff]);

  if (handoff && !failed) return <Loading what="Signing you in" />;
  if (error === 'unavailable') return <Unavailable slug={slug} org={org} />;
  return <Refused message={failed ?? REFUSALS[error ?? '']?.(org) ?? 'The sign-in did not finish. Start again.'} />;
}

function Unavailable({ slug, org }: { slug: string | null; org: string }) {
  useTitle('Your organisation’s sign-in is unavailable');
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds" data-testid="sso-unavailable">
        <h1 class="govuk-heading-l">Your organisation’s sign-in is unavailable</h1>
        <p class="govuk-body">csp-hub could not use {org}’s sign-in service just now: it did not answer, or it answered in a way csp-hub cannot trust. This is not something you did wrong.</p>
        <p class="govuk-body">Try again in a few minutes. If it keeps happening, tell your IT service desk or your csp-hub administrator: the reason has been recorded for them.</p>
        <p class="govuk-body">If your organisation also allows csp-hub passwords, you can sign in with yours instead.</p>
        <div class="govuk-button-group">
          {slug && (
            <a href={ssoStartUrl(slug)} role="button" draggable={false} class="govuk-button">
              Try again
            </a>
          )}
          <Link class="govuk-link" href="/sign-in">
            Back to sign in
          </Link>
        </div>
      </div>
    </div>
  );
}

function Refused({ message }: { message: string }) {
  useTitle('You could not be signed in');
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds" data-testid="sso-refused">
        <h1 class="govuk-heading-l">You could not be signed in</h1>
        <p class="govuk-body">{message}</p>
        <p class="govuk-body">
          <Link class="govuk-link" href="/sign-in">
            Back to sign in
          </Link>
        </p>
      </div>
    </div>
  );
}

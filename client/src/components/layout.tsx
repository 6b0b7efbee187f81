import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session } from '../api/session.js';
import { ROLE_LABELS, type Me } from '../api/types.js';
import { sectionOf, sectionsFor } from '../navigation.js';
import { Link } from '../router.js';

/** The page frame: skip link, header with the user, role-based navigation, main, footer. */
export function Layout({ me, path, children }: { me: Me | null; path: string; children: ComponentChildren }) {
  return (
    <>
      <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <Header me={me} />
      {me && !me.user.mustChangePassword && <Navigation me={me} path={path} />}
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer class="govuk-footer">
        <div class="govuk-width-container">
          <div class="govuk-footer__meta">
            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p class="govuk-body-s govuk-!-margin-bottom-0">
                Community Safety Partnerships of Hampshire and the Isle of Wight. Shared under the partners’ information sharing
                agreements. Data is OFFICIAL unless marked otherwise.
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

function Header({ me }: { me: Me | null }) {
  return (
    <header class="govuk-header" data-testid="header">
      <div class="govuk-header__container govuk-width-container">
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <Link href="/" class="app-header__service">
              csp-hub
            </Link>
            <p class="govuk-body-s govuk-!-margin-bottom-0" style={{ color: '#fff' }}>
              Community Safety Partnerships data hub
            </p>
          </div>
          {me && (
            <div class="govuk-grid-column-one-half">
              <p class="app-header__user" data-testid="header-user">
                <strong>{me.user.displayName}</strong>, {me.user.organisation.name}
              </p>
              <p class="app-header__user app-header__roles">
                <span class="govuk-visually-hidden">Roles: </span>
                {me.roles.map((r) => (
                  <strong key={r} class="govuk-tag govuk-tag--grey">
                    {ROLE_LABELS[r] ?? r}
                  </strong>
                ))}
              </p>
              <p class="app-header__user govuk-body-s govuk-!-margin-bottom-0 govuk-!-margin-top-1">
                <Link href="/account/subscriptions" class="govuk-link govuk-link--inverse">Subscriptions and alerts</Link>
                {' · '}
                <Link href="/account/email" class="govuk-link govuk-link--inverse">Email settings</Link>
              </p>
              <p class="app-header__user">
                <button type="button" class="govuk-button govuk-button--inverse govuk-!-margin-bottom-0 govuk-!-margin-top-2" onClick={() => session.signOut()}>
                  Sign out
                </button>
              </p>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}

/** Fired by screens that decide a request, so the navigation's count follows at once. */
export const DECISIONS_CHANGED = 'csp:decisions-changed';

/** How many access requests wait for this decider (data owners, the IMB); refreshed on every page and decision. */
function useDecisionsWaiting(me: Me, path: string): number {
  const [count, setCount] = useState(0);
  const decider = me.permissions.includes('access.approve');
  useEffect(() => {
    if (!decider) return;
    const refresh = () =>
      session
        .request<{ count: number }>('GET', '/api/governance/access-requests/to-decide/count')
        .then((r) => setCount(r.count))
        .catch(() => undefined);
    void refresh();
    addEventListener(DECISIONS_CHANGED, refresh);
    return () => removeEventListener(DECISIONS_CHANGED, refresh);
  }, [decider, path]);
  return decider ? count : 0;
}

function Navigation({ me, path }: { me: Me; path: string }) {
  const current = sectionOf(path)?.id;
  const waiting = useDecisionsWaiting(me, path);
  return (
    <section class="govuk-service-navigation" aria-label="Service navigation">
      <div class="govuk-width-container">
        <div class="govuk-service-navigation__container">
          <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
            <ul class="govuk-service-navigation__list" id="navigation">
              {sectionsFor(me.roles).map((s) => (
                <li key={s.id} class={`govuk-service-navigation__item${s.id === current ? ' govuk-service-navigation__item--active' : ''}`}>
                  <Link class="govuk-service-navigation__link" href={s.href} aria-current={s.id === current ? 'page' : undefined}>
                    {s.id === current ? <strong class="govuk-service-navigation__active-fallback">{s.label}</strong> : s.label}
                  </Link>
                  {s.id === 'access' && waiting > 0 && (
                    // Beside the link, not in it, so the link's name stays "Access".
                    <strong class="govuk-tag govuk-tag--red app-count app-nav-count" data-testid="decisions-waiting">
                      {waiting}
                      <span class="govuk-visually-hidden"> {waiting === 1 ? 'decision' : 'decisions'} waiting for you</span>
                    </strong>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>
    </section>
  );
}

import { type ComponentType, lazy, Suspense } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';
import { session, type SessionState } from './api/session.js';
import type { Me } from './api/types.js';
import { Loading } from './components/coming-soon.js';
import { Layout } from './components/layout.js';
import { EXPECTED_DELIVERIES_LINK, expectedDeliveriesFor, homeFor, sectionOf, sectionsFor } from './navigation.js';
import { AdminOrganisationsPage, IdentityProviderPage } from './pages/admin-organisations.js';
import { AdminUsersPage } from './pages/admin-users.js';
import { CataloguePage } from './pages/catalogue.js';
import { ChangePasswordPage } from './pages/change-password.js';
import { NotFoundPage } from './pages/not-found.js';
import { SignInPage } from './pages/sign-in.js';
import { SsoReturnPage } from './pages/sign-in-sso.js';
import { currentRoute, navigate, type Route, useRoute } from './router.js';
import { AccountEmailPage } from './pages/account-email.js';
import { AccountSubscriptionsPage } from './pages/account-subscriptions.js';

/** Explore pulls in Plot and Arrow; loading it on demand keeps the sign-in page small. */
const ExplorePage = lazy(() => import('./pages/explore.js')) as unknown as ComponentType<{ me: Me; route: Route }>;
/** Threat, risk and harm also draws with Plot; loaded on demand like Explore. */
const ThreatHarmPage = lazy(() => import('./pages/threat-harm/threat-harm-page.js')) as unknown as ComponentType;
/** Access (requests, approvals, agreements, grants, review, audit, notifications), loaded on demand. */
const AccessSection = lazy(() => import('./pages/access.js')) as unknown as ComponentType<{ me: Me; route: Route }>;
/** Dashboards and saved views (grids of charts, cross-filtering, sharing), loaded on demand. */
const DashboardsSection = lazy(() => import('./pages/dashboards/dashboards-section.js')) as unknown as ComponentType<{ route: Route }>;
/** ASB case reviews (applications, threshold, review, case pack, figures), loaded on demand. */
const CaseReviewsSection = lazy(() => import('./pages/case-reviews/case-reviews-section.js')) as unknown as ComponentType<{ me: Me; route: Route }>;
/** Loads (feeds, uploads, live loads, rejects, rollback), loaded on demand. */
const LoadsSection = lazy(() => import('./pages/loads.js')) as unknown as ComponentType<{ me: Me; route: Route }>;

export function App() {
  const [state, setState] = useState<SessionState>(session.state);
  const route = useRoute();
  useEffect(() => {
    const off = session.subscribe(setState);
    void session.restore();
    return off;
  }, []);

  const me = state.me;
  useEffect(() => {
    // The address as it is now, not as it was at render: someone who clicked on between the render
    // and this effect (a link in the navigation that appeared on sign-in) stays where they went.
    const path = currentRoute().path;
    if (me && !me.user.mustChangePassword && (path === '/' || path === '/sign-in' || path === '/sign-in/sso')) navigate(homeFor(me.roles), { replace: true });
    else if (me && path === EXPECTED_DELIVERIES_LINK) navigate(expectedDeliveriesFor(me.roles), { replace: true });
  }, [me, route.path]);
  // After an in-app navigation, move focus to the new content as a page load would (not on first load).
  const firstPath = useRef<string>(route.path);
  useEffect(() => {
    if (route.path === firstPath.current) return;
    firstPath.current = '';
    document.getElementById('main-content')?.focus({ preventScroll: true });
  }, [route.path]);

  return (
    <Layout me={me} path={route.path}>
      {state.restoring ? <Loading /> : !me ? route.path === '/sign-in/sso' ? <SsoReturnPage route={route} /> : <SignInPage notice={state.notice} signedOutOf={state.signedOutOf} /> : me.user.mustChangePassword ? <ChangePasswordPage forced /> : <Screen me={me} route={route} />}
    </Layout>
  );
}

function Screen({ me, route }: { me: Me; route: Route }) {
  const section = sectionOf(route.path);
  if (section && !sectionsFor(me.roles).some((s) => s.id === section.id)) {
    return (
      <>
        <h1 class="govuk-heading-l">You cannot see this page</h1>
        <p class="govuk-body">Your role does not include {section.label.toLowerCase()}. Ask your administrator if you need it.</p>
      </>
    );
  }
  if (route.path === '/access' || route.path.startsWith('/access/'))
    return (
      <Suspense fallback={<Loading what="Loading access" />}>
        <AccessSection me={me} route={route} />
      </Suspense>
    );
  if (route.path === '/case-reviews' || route.path.startsWith('/case-reviews/'))
    return (
      <Suspense fallback={<Loading what="Loading case reviews" />}>
        <CaseReviewsSection me={me} route={route} />
      </Suspense>
    );
  if (route.path === '/loads' || route.path.startsWith('/loads/'))
    return (
      <Suspense fallback={<Loading what="Loading loads" />}>
        <LoadsSection me={me} route={route} />
      </Suspense>
    );
  if (route.path === '/dashboards' || route.path.startsWith('/dashboards/'))
    return (
      <Suspense fallback={<Loading what="Loading dashboards" />}>
        <DashboardsSection route={route} />
      </Suspense>
    );
  if (route.path.startsWith('/admin/organisations/')) return <IdentityProviderPage slug={decodeURIComponent(route.path.slice('/admin/organisations/'.length))} />;
  switch (route.path) {
    case '/':
      return <Loading />;
    case '/explore':
      return (
        <Suspense fallback={<Loading what="Loading charts" />}>
          <ExplorePage me={me} route={route} />
        </Suspense>
      );
    case '/threat-harm':
      return (
        <Suspense fallback={<Loading what="Loading threat, risk and harm" />}>
          <ThreatHarmPage />
        </Suspense>
      );
    case '/catalogue':
      return <CataloguePage me={me} />;
    case '/admin':
    case '/admin/users':
      return <AdminUsersPage me={me} />;
    case '/admin/organisations':
      return <AdminOrganisationsPage />;
    case '/account/email':
      return <AccountEmailPage />;
    case '/account/subscriptions':
      return <AccountSubscriptionsPage />;
    case '/account/password':
      return <ChangePasswordPage forced={false} />;
    default:
      return <NotFoundPage />;
  }
}

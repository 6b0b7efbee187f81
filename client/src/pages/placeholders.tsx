import { ComingSoon } from '../components/coming-soon.js';
import type { Me } from '../api/types.js';
import { Link } from '../router.js';
import { EmergingTrendsPanel } from './threat-harm/emerging-trends-panel.js';
import { useTitle } from './use-title.js';

export function DashboardsPage() {
  useTitle('Dashboards');
  return (
    <>
      <h1 class="govuk-heading-l">Dashboards</h1>
      <EmergingTrendsPanel />
      <ComingSoon what="Saving views and building dashboards">
        <p class="govuk-body">
          Meanwhile, <Link href="/explore">explore the data</Link> and bookmark the page: the address holds your question.
        </p>
      </ComingSoon>
    </>
  );
}

export function AccessPage({ me }: { me: Me }) {
  useTitle('Access');
  const approver = me.roles.some((r) => r === 'imb' || r === 'data_owner');
  return (
    <>
      <h1 class="govuk-heading-l">Access</h1>
      <h2 class="govuk-heading-m">Your requests and grants</h2>
      <ComingSoon what="Requesting access to other partners’ data" />
      {approver && (
        <>
          <h2 class="govuk-heading-m">Approvals</h2>
          <ComingSoon what="The approval queue, agreements and access reviews" />
        </>
      )}
    </>
  );
}

export function LoadsPage() {
  useTitle('Loads');
  return (
    <>
      <h1 class="govuk-heading-l">Loads</h1>
      <p class="govuk-body">Feeds, file uploads and the loads they produce.</p>
      <ComingSoon what="Managing feeds and loads from the browser">
        <p class="govuk-body">
          Operators can load files with the command line meanwhile: <code>npm run cli -- --help</code>.
        </p>
      </ComingSoon>
    </>
  );
}

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

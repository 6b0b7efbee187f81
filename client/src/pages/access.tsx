import { useEffect, useState } from 'preact/hooks';
import { session } from '../api/session.js';
import type { Me } from '../api/types.js';
import { SubNavigation, type SubSection } from '../components/sub-navigation.js';
import { navigate, type Route } from '../router.js';
import { AccessAgreementsPage } from './access-agreements.js';
import { AccessApprovalsPage } from './access-approvals.js';
import { AccessAuditPage } from './access-audit.js';
import { AccessGrantsPage } from './access-grants.js';
import { AccessNotificationsPage } from './access-notifications.js';
import { MyAccessPage } from './access-mine.js';
import { AccessRequestDetailPage } from './access-request-detail.js';
import { RequestAccessPage } from './access-request-form.js';
import { AccessReviewPage } from './access-review.js';
import { AccessUsagePage } from './access-usage.js';
import { AccessBudgetsPage } from './access-budgets.js';
import { AccessBoardPacksPage } from './access-board-packs.js';
import { AccessReleasePage } from './access-release.js';
import { AccessRetentionPage } from './access-retention.js';
import { AccessSubjectPage } from './access-subject.js';
import { AccessTokensPage } from './access-tokens.js';
import { ExpectedDeliveriesPage, ExpectedDeliveryPage } from './loads-expected-delivery.js';

interface AccessScreen extends SubSection {
  /** Shown when the user holds this permission (the API still decides). */
  permission?: string;
}

const SCREENS: readonly AccessScreen[] = [
  { href: '/access', label: 'Your requests and access', permission: 'access.request' },
  { href: '/access/approvals', label: 'Approvals', permission: 'access.approve' },
  { href: '/access/agreements', label: 'Agreements', permission: 'agreements.read' },
  { href: '/access/grants', label: 'Grants', permission: 'grants.read' },
  { href: '/access/usage', label: 'Use of your data', permission: 'datasets.usage' },
  { href: '/access/release', label: 'How your data is released', permission: 'access.approve' },
  { href: '/access/review', label: 'Access review', permission: 'access.review' },
  { href: '/access/budgets', label: 'Question budgets', permission: 'access.review' },
  { href: '/access/board-packs', label: 'Board packs', permission: 'board_pack.read' },
  { href: '/access/subject-access', label: 'Subject access', permission: 'subject_access.search' },
  { href: '/access/retention', label: 'Retention', permission: 'retention.manage' },
  { href: '/access/expected-deliveries', label: 'Expected deliveries', permission: 'feeds.schedule' },
  { href: '/access/tokens', label: 'API tokens', permission: 'api_tokens.manage' },
  { href: '/access/audit', label: 'Audit log', permission: 'audit.read' },
  { href: '/access/notifications', label: 'Notifications' },
];

/** The screens of the Access section this user is offered. */
export function accessScreens(permissions: readonly string[]): AccessScreen[] {
  return SCREENS.filter((s) => !s.permission || permissions.includes(s.permission));
}

/** Access: requests and grants for analysts; approvals, agreements, grants, reviews and audit for owners and the IMB. */
export default function AccessSection({ me, route }: { me: Me; route: Route }) {
  const screens = accessScreens(me.permissions);
  const [unread, setUnread] = useState(0);
  const refreshUnread = () =>
    session
      .request<{ count: number }>('GET', '/api/notifications/unread-count')
      .then((r) => setUnread(r.count))
      .catch(() => undefined);
  useEffect(() => void refreshUnread(), [route.path]);

  const home = screens[0].href;
  useEffect(() => {
    if (route.path === '/access' && home !== '/access') navigate(home, { replace: true });
  }, [route.path, home]);

  const onRequest = route.path.startsWith('/access/requests/');
  const current = route.path === '/access/request' || (onRequest && !me.permissions.includes('access.approve')) ? '/access' : onRequest ? '/access/approvals' : route.path;
  const items = screens.map((s) => (s.href === '/access/notifications' ? { ...s, count: unread } : s));
  return (
    <>
      <SubNavigation label="Access" items={items} current={current} />
      <Screen me={me} route={route} onRead={refreshUnread} />
    </>
  );
}

const REQUEST_PATH = /^\/access\/requests\/([0-9a-f-]{36})$/i;
const EXPECTED_DELIVERY_PATH = /^\/access\/expected-deliveries\/([^/]+)$/;

function Screen({ me, route, onRead }: { me: Me; route: Route; onRead: () => void }) {
  const request = REQUEST_PATH.exec(route.path);
  if (request) return <AccessRequestDetailPage key={request[1]} id={request[1]} me={me} />;
  const expected = EXPECTED_DELIVERY_PATH.exec(route.path);
  if (expected) return <ExpectedDeliveryPage slug={decodeURIComponent(expected[1])} back={{ href: '/access/expected-deliveries', label: 'Back to expected deliveries' }} />;
  switch (route.path) {
    case '/access':
      return me.permissions.includes('access.request') ? <MyAccessPage me={me} /> : null;
    case '/access/request':
      return <RequestAccessPage me={me} route={route} />;
    case '/access/approvals':
      return <AccessApprovalsPage />;
    case '/access/agreements':
      return <AccessAgreementsPage me={me} route={route} />;
    case '/access/grants':
      return <AccessGrantsPage me={me} route={route} />;
    case '/access/usage':
      return <AccessUsagePage route={route} />;
    case '/access/review':
      return <AccessReviewPage route={route} />;
    case '/access/release':
      return <AccessReleasePage me={me} />;
    case '/access/budgets':
      return <AccessBudgetsPage route={route} />;
    case '/access/board-packs':
      return <AccessBoardPacksPage />;
    case '/access/subject-access':
      return <AccessSubjectPage canErase={me.permissions.includes('subject_access.erase')} />;
    case '/access/retention':
      return <AccessRetentionPage />;
    case '/access/expected-deliveries':
      return <ExpectedDeliveriesPage formHref={(slug) => `/access/expected-deliveries/${encodeURIComponent(slug)}`} />;
    case '/access/audit':
      return <AccessAuditPage me={me} route={route} />;
    case '/access/tokens':
      return <AccessTokensPage />;
    case '/access/notifications':
      return <AccessNotificationsPage onRead={onRead} />;
    default:
      return (
        <>
          <h1 class="govuk-heading-l">Page not found</h1>
          <p class="govuk-body">There is no such page in Access. Choose one of the links above.</p>
        </>
      );
  }
}

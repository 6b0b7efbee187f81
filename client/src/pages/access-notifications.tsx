import { useState } from 'preact/hooks';
import { messageOf } from '../api/api-error.js';
import { session } from '../api/session.js';
import { LoadError, Loading } from '../components/coming-soon.js';
import { useResource } from '../components/use-resource.js';
import { Link } from '../router.js';
import { formatDateTime, type NotificationPage } from './access-types.js';
import { useTitle } from './use-title.js';

const LINKS: Record<string, { href: string; label: string }> = {
  approval_pending: { href: '/access/approvals', label: 'Go to approvals' },
  request_decided: { href: '/access', label: 'See your requests' },
  grant_revoked: { href: '/access', label: 'See your access' },
  grant_expiring: { href: '/access', label: 'See your access' },
  view_alert: { href: '/account/subscriptions', label: 'See your alerts' },
  emerging_trend: { href: '/threat-harm', label: 'See the trends' },
  board_pack_ready: { href: '/access/board-packs', label: 'Get the board pack' },
  feed_overdue: { href: '/access/expected-deliveries', label: 'See when feeds are expected' },
};

/** The caller's own notices, newest first; unread ones marked, and read on request. */
export function AccessNotificationsPage({ onRead }: { onRead: () => void }) {
  useTitle('Notifications');
  const list = useResource<NotificationPage>('/api/notifications?pageSize=50');
  const [error, setError] = useState<string | null>(null);

  const markRead = async (ids: string[] | 'all') => {
    setError(null);
    try {
      if (ids === 'all') await session.request('POST', '/api/notifications/read-all');
      else await session.request('POST', '/api/notifications/read', { ids });
      await list.reload();
      onRead();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <>
      <h1 class="govuk-heading-l">Notifications</h1>
      {error && <LoadError message={error} />}
      {list.error && <LoadError message={list.error} />}
      {!list.data && !list.error && <Loading what="Loading notifications" />}
      {list.data && list.data.notifications.length === 0 && <p class="govuk-body">You have no notifications.</p>}
      {list.data && list.data.notifications.length > 0 && (
        <>
          <p class="govuk-body">
            {list.data.unread ? `${list.data.unread} unread of ${list.data.total}.` : `All ${list.data.total} read.`}{' '}
            {list.data.unread > 0 && (
              <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => markRead('all')}>
                Mark all as read
              </button>
            )}
          </p>
          <ul class="govuk-list" data-testid="notifications">
            {list.data.notifications.map((n) => (
              <li key={n.id} class="govuk-!-margin-bottom-4 govuk-!-padding-bottom-2" style={{ borderBottom: '1px solid #b1b4b6' }}>
                <h2 class="govuk-heading-s govuk-!-margin-bottom-1">
                  {!n.readAt && <strong class="govuk-tag govuk-tag--blue govuk-!-margin-right-2">New</strong>}
                  {n.title}
                </h2>
                <p class="govuk-body govuk-!-margin-bottom-1">{n.body}</p>
                <p class="govuk-body-s govuk-!-margin-bottom-1">
                  {formatDateTime(n.createdAt)}
                  {LINKS[n.kind] && (
                    <>
                      {' · '}
                      <Link href={LINKS[n.kind].href}>{LINKS[n.kind].label}</Link>
                    </>
                  )}
                  {!n.readAt && (
                    <>
                      {' · '}
                      <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-button-small" onClick={() => markRead([n.id])}>
                        Mark as read<span class="govuk-visually-hidden">: {n.title}</span>
                      </button>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

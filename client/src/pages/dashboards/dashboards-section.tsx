import { useMemo } from 'preact/hooks';
import type { Route } from '../../router.js';
import { NotFoundPage } from '../not-found.js';
import { DashboardEdit } from './dashboard-edit.js';
import { DashboardPage } from './dashboard-page.js';
import { DashboardsList } from './dashboards-list.js';
import { takeFlash } from './flash.js';
import { ViewEdit } from './view-edit.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DASHBOARD = new RegExp(`^/dashboards/(${UUID})$`, 'i');
const DASHBOARD_EDIT = new RegExp(`^/dashboards/(${UUID})/edit$`, 'i');
const VIEW_EDIT = new RegExp(`^/dashboards/views/(${UUID})$`, 'i');

/**
 * The Dashboards section, loaded on demand: the list (dashboards and saved views), one dashboard,
 * creating or changing a dashboard, and changing a saved view.
 */
export default function DashboardsSection({ route }: { route: Route }) {
  const path = route.path;
  const notice = useMemo(() => (path === '/dashboards' ? takeFlash() : null), [path]);
  if (path === '/dashboards') return <DashboardsList notice={notice} />;
  if (path === '/dashboards/new') return <DashboardEdit key="new" id={null} />;
  let m = DASHBOARD.exec(path);
  if (m) return <DashboardPage key={m[1]} id={m[1]!} route={route} />;
  m = DASHBOARD_EDIT.exec(path);
  if (m) return <DashboardEdit key={m[1]} id={m[1]!} />;
  m = VIEW_EDIT.exec(path);
  if (m) return <ViewEdit key={m[1]} id={m[1]!} />;
  return <NotFoundPage />;
}

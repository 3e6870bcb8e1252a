import { useEffect } from 'preact/hooks';
import { api, ApiError, setCsrf, setUnauthenticatedHandler } from './api';
import { navigate, route } from './router';
import { canLog, canWrite, loggedIn, loggedOut, onLoggedIn, session } from './store';
import { cachedSession, fieldUser, forgetSession, offline, offlineUser, rememberSession } from './offline';
import type { User } from './types';
import { HomePage } from './pages/Home';
import { LoginPage } from './pages/Login';
import { TeamPage } from './pages/Team';
import { UnitPage } from './pages/Unit';
import { UsersPage } from './pages/Users';
import { AccountPage } from './pages/Account';
import { lazy, Loading } from './ui';
import { NotificationBell } from './bell';

// Pages beyond units and teams come as their own chunks, so the unit page stays light.
const loadActivities = () => import('./pages/Activities');
const ActivitiesPage = lazy(() => loadActivities().then((m) => m.ActivitiesPage));
const ActivityListPage = lazy(() => import('./pages/ActivityList').then((m) => m.ActivityListPage));
const ImportPage = lazy(() => import('./pages/Import').then((m) => m.ImportPage));
const ScorecardPage = lazy<{ id: string }>(() => import('./pages/Scorecard').then((m) => m.ScorecardPage));
const TargetsPage = lazy<{ id: string }>(() => import('./pages/Targets').then((m) => m.TargetsPage));
const loadHouseholds = () => import('./pages/Households');
const HouseholdsPage = lazy<{ id: string }>(() => loadHouseholds().then((m) => m.HouseholdsPage));
const HouseholdPage = lazy<{ id: string }>(() => loadHouseholds().then((m) => m.HouseholdPage));
const PeoplePage = lazy<{ id: string }>(() => import('./pages/People').then((m) => m.PeoplePage));
const loadPlans = () => import('./pages/Plans');
const PlansPage = lazy<{ id: string }>(() => loadPlans().then((m) => m.PlansPage));
const PlanPage = lazy<{ id: string }>(() => loadPlans().then((m) => m.PlanPage));
const PlanBoardPage = lazy<{ id: string }>(() => loadPlans().then((m) => m.PlanBoardPage));
const OfflinePage = lazy(() => import('./pages/Offline').then((m) => m.OfflinePage));
const PeriodicPage = lazy<{ id: string }>(() => import('./pages/Periodic').then((m) => m.PeriodicPage));
const NotificationsPage = lazy(() => import('./pages/Notifications').then((m) => m.NotificationsPage));
const loadReport = () => import('./pages/Report');
const ReportPage = lazy<{ id: string; period: string }>(() => loadReport().then((m) => m.ReportPage));
const ReportSettingsPage = lazy<{ id: string }>(() => loadReport().then((m) => m.ReportSettingsPage));

/** Fetch the logging page's code while the phone is idle: "Ghi hoạt động" then opens at once. */
function prefetchLogging() {
  const idle = (window as { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback || ((f: () => void) => setTimeout(f, 1500));
  idle(() => { loadActivities().catch(() => undefined); });
}

const loginPath = () => {
  const here = location.pathname + location.search;
  return location.pathname === '/login' ? here : '/login?next=' + encodeURIComponent(here);
};

setUnauthenticatedHandler(() => {
  loggedOut();
  navigate(loginPath(), true);
});

onLoggedIn((user, csrf) => { void rememberSession(user, csrf); });

export function bootSession() {
  // A field user's app opens at once with the session last seen online (it
  // holds their area on the phone anyway): the first screen never waits on the
  // network; the session is checked behind it, and a session that ended
  // (401) still leads to the log-in.
  const cached = cachedSession();
  const early = cached && fieldUser(cached.user) ? cached : null;
  if (early) openWithCached(early);
  api<{ user: User; csrf_token: string }>('GET', '/session', { noRedirect: true }).then(
    (r) => loggedIn(r.user, r.csrf_token),
    (e) => {
      // No connection (or no server): the field app goes on with the session
      // last seen online; its changes wait in the outbox.
      if (e instanceof ApiError && (e.status === 0 || e.status >= 500) && cached) {
        if (!early) openWithCached(cached);
        return;
      }
      loggedOut();
      if (location.pathname !== '/login') navigate(loginPath(), true);
    },
  );
}

function openWithCached(c: { user: User; csrf: string }) {
  setCsrf(c.csrf);
  session.set(c.user);
  offlineUser(c.user);
}

function Header(props: { user: User }) {
  const u = props.user;
  const logout = async () => {
    try { await api('DELETE', '/session', { noRedirect: true }); } catch { /* session is gone either way */ }
    forgetSession();
    loggedOut();
    navigate('/login');
  };
  return (
    <header class="top">
      <a href="/" class="brand">Langso</a>
      <nav aria-label="Chính" class="nav">
        {fieldUser(u) && <SyncLink />}
        <NotificationBell />
        {u.unit && <a href={`/periodic/${u.unit.id}`} id="nav-periodic">Báo cáo</a>}
        {canWrite(u) && <a href="/users">Người dùng</a>}
        <a href="/account">Tài khoản</a>
        <button type="button" class="btn link" onClick={logout}>Đăng xuất</button>
      </nav>
      <p class="who small">
        <span>{u.full_name}</span> · <span id="who-role">{u.role_name}</span>
        {u.unit ? ' · ' + u.unit.name : ''}
      </p>
    </header>
  );
}

/** "Đồng bộ" with the number of changes waiting. */
function SyncLink() {
  const st = offline.use();
  const waiting = (st.pending ?? 0) + (st.refused ?? 0);
  return (
    <a href="/offline" id="sync-link">
      Đồng bộ{waiting > 0 && <span class="badge" aria-label={waiting + ' thay đổi đang chờ'}> {waiting}</span>}
      {!st.online && <span class="sr"> (ngoại tuyến)</span>}
    </a>
  );
}

function NotFound() {
  return (
    <main id="main">
      <h1>Không tìm thấy trang</h1>
      <p><a href="/">Về trang chủ</a></p>
    </main>
  );
}

export function App() {
  const path = route.use();
  const user = session.use();
  const pathname = path.split('?')[0];
  const st = offline.use();

  useEffect(() => {
    if (user && pathname === '/login') navigate('/', true);
  }, [user, pathname]);
  useEffect(() => { if (canLog(user)) prefetchLogging(); }, [user]);
  useEffect(() => {
    // Move focus to the new page's heading for screen readers.
    const h = document.querySelector<HTMLElement>('main h1');
    if (h && document.activeElement === document.body) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
  }, [pathname]);

  if (pathname === '/login') return user ? <Loading /> : <LoginPage />;
  if (user === undefined) return <main id="main"><Loading /></main>;
  if (!user) return <LoginPage />;

  let page;
  let m: RegExpMatchArray | null;
  if ((pathname === '/' || pathname === '') && fieldUser(user) && !st.online) page = <OfflinePage />;
  else if (pathname === '/' || pathname === '') page = <HomePage />;
  else if (pathname === '/offline') page = <OfflinePage />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/?$/))) page = <UnitPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/teams\/(\d+)\/?$/))) page = <TeamPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/scorecard\/?$/))) page = <ScorecardPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/households\/?$/))) page = <HouseholdsPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/households\/(\d+)\/?$/))) page = <HouseholdPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/people\/?$/))) page = <PeoplePage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/targets\/?$/))) page = <TargetsPage key={m[1] + location.search} id={m[1]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/reports\/(\d{4}(?:-Q[1-4]|-\d{2})?)\/?$/))) page = <ReportPage key={m[1] + m[2]} id={m[1]} period={m[2]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/report-settings\/?$/))) page = <ReportSettingsPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/periodic\/(\d+)\/?$/))) page = <PeriodicPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/plans\/?$/))) page = <PlansPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/plans\/(\d+)\/?$/))) page = <PlanPage key={m[1]} id={m[1]} />;
  else if ((m = pathname.match(/^\/units\/(\d+)\/plan-board\/?$/))) page = <PlanBoardPage key={m[1]} id={m[1]} />;
  else if (pathname === '/activities/new' || pathname === '/activities') page = <ActivitiesPage key={path} />;
  else if (pathname === '/activities/list') page = <ActivityListPage key={path} />;
  else if (pathname === '/activities/import') page = <ImportPage />;
  else if (pathname === '/notifications') page = <NotificationsPage />;
  else if (pathname === '/users') page = <UsersPage />;
  else if (pathname === '/account') page = <AccountPage />;
  else page = <NotFound />;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.querySelector<HTMLElement>('main h1')?.focus(); }}>Bỏ qua đến nội dung</a>
      <Header user={user} />
      {page}
    </>
  );
}

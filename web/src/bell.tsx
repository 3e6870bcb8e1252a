// The header's bell (issue 14): the caller's unread notifications, polled
// every minute and after each page's reads; opens /notifications. In the main
// chunk (the list page is loaded on demand).
import { useEffect } from 'preact/hooks';
import { get } from './api';
import { createStore, session } from './store';

/** The unread count, shared by the bell and the list (which refreshes it). */
export const unreadCount = createStore<number>(0);
export async function refreshUnread() {
  try { unreadCount.set((await get<{ unread: number }>('/notifications/count')).unread); } catch { /* offline: keep the last */ }
}

export function NotificationBell() {
  const n = unreadCount.use();
  const user = session.use();
  useEffect(() => {
    if (!user) return;
    refreshUnread();
    const t = setInterval(refreshUnread, 60_000);
    return () => clearInterval(t);
  }, [user?.id]);
  const label = n ? `Thông báo: ${n} chưa đọc` : 'Thông báo';
  return (
    <a href="/notifications" class="bell" id="bell" aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" /></svg>
      {n > 0 && <span class="bell-count" id="bell-count">{n > 99 ? '99+' : n}</span>}
    </a>
  );
}


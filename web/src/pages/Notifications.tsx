// The caller's notifications (issue 14): newest first, unread marked, each
// opening its plan (at the task); "Đánh dấu đã đọc tất cả". The header's bell
// is bell.tsx.
import { useEffect, useState } from 'preact/hooks';
import { post } from '../api';
import { refreshUnread, unreadCount } from '../bell';
import { fmtDate } from '../format';
import { navigate } from '../router';
import { MoreBar, usePaged } from '../paged';
import { ErrorBox, Loading, useTitle } from '../ui';

type Notice = {
  id: number; kind: string; unit: { id: number; name: string }; title: string; body: string;
  due: string | null; created_at: number; read: boolean; link: string;
};

const when = (secs: number) => {
  const d = new Date(secs * 1000);
  const iso = new Date(d.getTime() + 7 * 3600 * 1000).toISOString();  // Vietnam time
  return fmtDate(iso.slice(0, 10)) + ' ' + iso.slice(11, 16);
};

export function NotificationsPage() {
  useTitle('Thông báo');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [version, setVersion] = useState(0);
  const list = usePaged<Notice>('/notifications', { unread: unreadOnly ? '1' : null, limit: 20 }, true, version);
  const [error, setError] = useState<Error | null>(null);
  const [readIds, setReadIds] = useState<Set<number>>(new Set());
  useEffect(() => { refreshUnread(); }, [version]);

  const open = async (n: Notice) => {
    if (!n.read && !readIds.has(n.id)) {
      try { await post(`/notifications/${n.id}/read`, {}); } catch { /* opening matters more */ }
      setReadIds(new Set(readIds).add(n.id));
      refreshUnread();
    }
    navigate(n.link);
  };
  const readAll = async () => {
    try {
      await post('/notifications/read-all', { up_to: list.items[0]?.id });
      setVersion((v) => v + 1);
    } catch (e) { setError(e as Error); }
  };
  const unread = unreadCount.use();
  return (
    <main id="main">
      <h1 tabIndex={-1}>Thông báo</h1>
      <div class="toolbar">
        <label class="check"><input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly((e.target as HTMLInputElement).checked)} /> Chỉ hiện chưa đọc</label>
        <button type="button" class="btn" id="read-all" onClick={readAll} disabled={!unread}>Đánh dấu đã đọc tất cả</button>
      </div>
      {error && <p class="msg err" role="alert">{error.message}</p>}
      {list.error && <ErrorBox error={list.error} />}
      {list.loading && !list.loaded && <Loading />}
      {list.loaded && !list.items.length && <p class="muted">Không có thông báo nào.</p>}
      <ul class="cards notices" id="notices">
        {list.items.map((n) => {
          const read = n.read || readIds.has(n.id);
          return (
            <li key={n.id} class={read ? 'notice' : 'notice unread'} data-kind={n.kind}>
              <a href={n.link} onClick={(e) => { e.preventDefault(); open(n); }}>
                <strong>{n.title}</strong>
              </a>
              {!read && <span class="badge-new">Mới</span>}
              <div>{n.body}</div>
              <div class="muted small">{n.unit.name} · {when(n.created_at)}</div>
            </li>
          );
        })}
      </ul>
      <MoreBar shown={list.items.length} noun="thông báo" hasMore={!!list.next} loading={list.loading} onMore={list.more} />
    </main>
  );
}

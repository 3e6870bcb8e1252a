import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { isoToday } from '../format';
import { canLog, session, setWorkDate, workDate } from '../store';
import type { Unit } from '../types';
import { ErrorBox, Loading, useLoad, useTitle } from '../ui';
import { MoreBar, usePaged } from '../paged';
import { DatePicker } from './common';
import { ScopeNotice } from './Reorg';
import { SummaryCard } from './Summary';

export function UnitList(props: { items: Unit[]; empty: string }) {
  if (!props.items.length) return <p class="muted">{props.empty}</p>;
  return (
    <ul class="list">
      {props.items.map((u) => (
        <li>
          <a href={'/units/' + u.id} class="item">
            <strong>{u.name}</strong>
            <span class="muted small">{u.path_text}</span>
            {u.fate && <span class="small fate">{u.fate.text}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  useTitle('Trang chủ');
  const user = session.use();
  const date = workDate.use();
  const member = user?.role === 'team_member';
  const [q, setQ] = useState(() => new URLSearchParams(location.search).get('q') || '');
  const [term, setTerm] = useState(q.trim());
  useEffect(() => {
    const t = setTimeout(() => setTerm(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  // Search results come 20 at a time with the number of all matches; without a term, the caller's units.
  const found = usePaged<Unit>('/units', { q: term, limit: 20, date }, !!term);
  const mine = useLoad(() => (term ? Promise.resolve(undefined) : get<{ items: Unit[] }>('/units', { date })), [term, date]);
  return (
    <main id="main">
      {user && <ScopeNotice user={user} />}
      {user && canLog(user) && (
        <nav class="quick" aria-label="Việc thường làm">
          <a class={'btn big' + (member ? ' primary' : '')} href="/activities/new" id="quick-log">Ghi hoạt động</a>
          {user.unit_id && member && <a class="btn big" href={`/units/${user.unit_id}/scorecard`}>Bảng chỉ tiêu</a>}
        </nav>
      )}
      {/* Officers and leaders land on their area's figures, what lags first; the nation for an administrator. */}
      {user && !member && !(user.scope_change?.pending) && <SummaryCard unitId={user.unit_id || 0} />}
      <h1>Tìm đơn vị</h1>
      <form role="search" onSubmit={(e) => { e.preventDefault(); setTerm(q.trim()); }} class="search">
        <label for="q">Tên tỉnh, huyện, xã, thôn (gõ không dấu cũng được)</label>
        <input
          id="q"
          type="search"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
          placeholder="Ví dụ: cho moi, hoa muc"
          autoComplete="off"
          enterKeyHint="search"
        />
      </form>
      {user && !member && (
        <details class="fold" open={date !== isoToday()}>
          <summary>Xem theo cơ cấu hành chính của một ngày khác</summary>
          <DatePicker value={date} onChange={setWorkDate} />
        </details>
      )}
      <section class="card" aria-labelledby="res-h" aria-busy={term ? found.loading : mine.loading}>
        <h2 id="res-h">{term ? 'Kết quả tìm kiếm' : 'Đơn vị của bạn'}</h2>
        {term ? (
          found.error ? <ErrorBox error={found.error} /> : !found.loaded ? <Loading /> : (
            <>
              <UnitList items={found.items} empty="Không tìm thấy đơn vị nào." />
              {found.items.length > 0 && (
                <MoreBar id="search-more" shown={found.items.length} total={found.total} noun="kết quả"
                  hasMore={!!found.next} loading={found.loading} onMore={found.more} />
              )}
            </>
          )
        ) : mine.error ? <ErrorBox error={mine.error} /> : mine.data ? (
          <UnitList items={mine.data.items} empty="Chưa có đơn vị." />
        ) : <Loading />}
      </section>
    </main>
  );
}

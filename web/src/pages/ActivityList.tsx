import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { DateInput } from '../dateinput';
import { useActivityTypes } from '../catalog';
import { fmtDate, isIsoDate } from '../format';
import { MoreBar, usePaged } from '../paged';
import { navigate } from '../router';
import { session, workDate } from '../store';
import type { Activity, Team, Unit } from '../types';
import { Breadcrumb, ErrorBox, Loading, useLoad, useTitle } from '../ui';
import { UnitPicker } from './common';
import { quantitiesText } from './Activities';

type Row = Activity & { author: { id: number; name: string } | null; team: { id: number; name: string } | null; place: string };

/** The list's filters, as the address carries them: /activities/list?unit=…&type=…&from=…&to=…&mine=1 */
const KEYS = ['unit', 'team', 'type', 'from', 'to', 'mine', 'author'] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;

function readFilters(): Filters {
  const p = new URLSearchParams(location.search);
  const f: Filters = {};
  for (const k of KEYS) {
    const v = p.get(k);
    if (v) f[k] = v;
  }
  return f;
}

function apiQuery(f: Filters) {
  return {
    unit_id: f.unit, team_id: f.team, type: f.type, from: f.from, to: f.to,
    mine: f.mine === '1' ? 1 : undefined, author_id: f.mine === '1' ? undefined : f.author,
  };
}

export function ActivityListPage() {
  const user = session.use()!;
  const date = workDate.use();
  const [f, setF] = useState<Filters>(readFilters);
  // The filters live in the address: a shared link or a reload shows the same list.
  const apply = (next: Filters) => {
    const clean: Filters = {};
    for (const k of KEYS) if (next[k]) clean[k] = next[k];
    setF(clean);
    const qs = new URLSearchParams(clean as Record<string, string>).toString();
    navigate('/activities/list' + (qs ? '?' + qs : ''), true);
  };
  const unit = useLoad(() => (f.unit ? get<Unit>('/units/' + f.unit) : Promise.resolve(undefined)), [f.unit]);
  const team = useLoad(() => (f.team ? get<Team>('/teams/' + f.team) : Promise.resolve(undefined)), [f.team]);
  const types = useActivityTypes();
  const list = usePaged<Row>('/activities', { ...apiQuery(f), limit: 50 });
  const [from, setFrom] = useState(f.from || '');
  const [to, setTo] = useState(f.to || '');
  useEffect(() => { setFrom(f.from || ''); setTo(f.to || ''); }, [f.from, f.to]);

  const where = team.data?.name || unit.data?.name || (user.unit ? user.unit.name : 'Toàn quốc');
  useTitle('Hoạt động – ' + where);
  const authorName = f.author && list.items.find((a) => a.author && String(a.author.id) === f.author)?.author?.name;
  const qs = new URLSearchParams(
    Object.entries(apiQuery(f)).filter(([, v]) => v !== undefined && v !== '') as [string, string][],
  ).toString();
  const typeList = types.data?.items || [];
  const dateErr = (from && !isIsoDate(from)) || (to && !isIsoDate(to)) ? 'Ngày không hợp lệ (dd/mm/yyyy).'
    : from && to && from > to ? 'Ngày bắt đầu phải trước ngày kết thúc.' : '';

  return (
    <main id="main">
      {unit.data ? <Breadcrumb path={unit.data.path} current="Hoạt động" /> : null}
      <h1>Hoạt động · {where}</h1>
      <section class="card" aria-labelledby="flt-h">
        <h2 id="flt-h" class="sr">Lọc hoạt động</h2>
        {(f.team || f.author) && (
          <div class="tags" aria-label="Đang lọc theo">
            {f.team && (
              <span class="tag">Tổ: {team.data?.name || '…'}
                <button type="button" class="btn" aria-label="Bỏ lọc theo tổ" onClick={() => apply({ ...f, team: undefined })}>✕</button>
              </span>
            )}
            {f.author && f.mine !== '1' && (
              <span class="tag">Người ghi: {authorName || '…'}
                <button type="button" class="btn" aria-label="Bỏ lọc theo người ghi" onClick={() => apply({ ...f, author: undefined })}>✕</button>
              </span>
            )}
          </div>
        )}
        <form class="filters" onSubmit={(e) => { e.preventDefault(); if (!dateErr) apply({ ...f, from, to }); }}>
          <div class="wide">
            <UnitPicker id="flt-unit" label="Đơn vị" required={false} value={unit.data || null} date={date}
              onChange={(u) => apply({ ...f, unit: u ? String(u.id) : undefined, team: undefined })} />
          </div>
          <div class="field wide type">
            <label for="flt-type">Loại hoạt động</label>
            <select id="flt-type" value={f.type || ''} onChange={(e) => apply({ ...f, type: e.currentTarget.value })}>
              <option value="">Tất cả</option>
              {typeList.map((t) => <option value={t.code}>{t.name}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="flt-from">Từ ngày</label>
            <DateInput id="flt-from" value={from} onValue={setFrom} invalid={!!dateErr} />
          </div>
          <div class="field">
            <label for="flt-to">Đến ngày</label>
            <DateInput id="flt-to" value={to} onValue={setTo} invalid={!!dateErr} />
          </div>
          <div class="field go">
            <button type="submit" class="btn primary wide" id="flt-apply">Lọc theo ngày</button>
          </div>
          {dateErr && <p class="field-err wide" role="alert">{dateErr}</p>}
          <label class="check wide">
            <input type="checkbox" id="flt-mine" checked={f.mine === '1'} onChange={(e) => apply({ ...f, mine: e.currentTarget.checked ? '1' : undefined, author: undefined })} />
            Chỉ hoạt động tôi ghi
          </label>
        </form>
      </section>

      <section class="card" aria-labelledby="acts-h" aria-busy={list.loading}>
        <div class="card-head">
          <h2 id="acts-h">Mới nhất trước</h2>
          {list.items.length > 0 && <a class="small" href={'/api/v1/activities.xlsx' + (qs ? '?' + qs : '')} download id="acts-xlsx">Tải Excel</a>}
        </div>
        {list.error ? <ErrorBox error={list.error} /> : !list.loaded ? <Loading /> : list.items.length === 0 && !list.next ? (
          <p class="muted">Không có hoạt động nào khớp bộ lọc.</p>
        ) : (
          <ul class="list acts" id="act-list">
            {list.items.map((a) => (
              <li data-id={a.id}>
                <div class="act">
                  <strong>{a.type_name}{a.category_name ? ' · ' + a.category_name : ''}</strong>
                  <span class="act-q">{quantitiesText(a, typeList.find((t) => t.code === a.type))}</span>
                  <span class="muted small">{fmtDate(a.date)} · {a.place}</span>
                  {a.team && <a class="small" href={'/teams/' + a.team.id}>{a.team.name}</a>}
                  <span class="small act-by">
                    Người ghi:{' '}
                    {a.author ? (
                      <button type="button" class="btn link small" onClick={() => apply({ ...f, author: String(a.author!.id), mine: undefined })}
                        aria-label={'Lọc các hoạt động do ' + a.author.name + ' ghi'}>{a.author.name}</button>
                    ) : <span class="muted">không rõ</span>}
                  </span>
                  {a.note && <span class="small pre">{a.note}</span>}
                </div>
              </li>
            ))}
          </ul>
        )}
        {list.loaded && (
          <MoreBar id="act-more" shown={list.items.length} noun="hoạt động" hasMore={!!list.next} loading={list.loading} onMore={list.more} />
        )}
      </section>
      {f.unit && <p class="links"><a href={'/units/' + f.unit}>Về trang {unit.data?.name || 'đơn vị'}</a></p>}
    </main>
  );
}

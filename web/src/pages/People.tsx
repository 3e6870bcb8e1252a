// The people of a village or a commune in the register (issue 12): search by a
// name typed without diacritics, likely duplicates and their merge, and — for
// the commune officer — who read the commune's personal data (Decree 13/2023).
import { useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { fmtDate, fmtNum } from '../format';
import { session } from '../store';
import { ErrorBox, Loading, useLoad, useTitle } from '../ui';

interface Brief { id: number; full_name: string; birth_year: number; phone: string | null; cccd: string | null; household?: { id: number; hamlet: string; house_number: string; address_note: string } }
interface LogItem { id: number; at: number; user_name: string; role: string; entity: string; records: number; unit: { id: number; name: string } | null }

const ENTITY: Record<string, string> = {
  unit_households: 'Danh sách hộ', household: 'Một hộ', resident: 'Một người', resident_search: 'Tìm người',
  register_export: 'Tải sổ hộ (.xlsx)', register_duplicates: 'Danh sách trùng lặp', sync_area: 'Tải về máy (ngoại tuyến)', sync_conflicts: 'Xung đột đồng bộ',
};
const ROLE: Record<string, string> = { team_member: 'Thành viên tổ', commune_officer: 'Cán bộ xã', admin: 'Quản trị viên' };
const where = (b: Brief) => (b.household ? [b.household.hamlet, b.household.house_number && 'số ' + b.household.house_number, b.household.address_note].filter(Boolean).join(', ') : '');
const errText = (e: unknown) => (e instanceof ApiError ? e.problem?.detail || e.message : String(e));
const when = (at: number) => {
  const d = new Date(at * 1000);
  const iso = new Date(d.getTime() + 7 * 3600 * 1000).toISOString();
  return `${fmtDate(iso.slice(0, 10))} ${iso.slice(11, 16)}`;
};

function Person(props: { p: Brief }) {
  const p = props.p;
  return (
    <a class="item" href={p.household ? '/households/' + p.household.id : undefined}>
      <strong>{p.full_name}</strong>
      <span class="muted small">Năm sinh {p.birth_year}{p.phone ? ' · ' + p.phone : ''}{p.cccd ? ' · CCCD ' + p.cccd : ''}{where(p) ? ' · ' + where(p) : ''}</span>
    </a>
  );
}

/** /units/{id}/people */
export function PeoplePage(props: { id: string }) {
  useTitle('Người dân trong sổ hộ');
  const user = session.use();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ q: string; items: Brief[] } | null>(null);
  const [err, setErr] = useState('');
  const [msg, setMsg] = useState('');
  const dups = useLoad(() => get<{ groups: Brief[][] }>(`/units/${props.id}/duplicates`), [props.id]);
  const officer = user?.role === 'commune_officer' || user?.role === 'admin';
  const log = useLoad(async () => (officer ? get<{ items: LogItem[] }>(`/units/${props.id}/personal-data-log`) : null), [props.id, officer]);
  const search = async (e: Event) => {
    e.preventDefault();
    setErr('');
    try {
      setFound({ q, items: (await get<{ items: Brief[] }>(`/units/${props.id}/residents`, { q })).items });
      log.reload();
    } catch (x) { setErr(errText(x)); }
  };
  const merge = async (kept: Brief, dup: Brief) => {
    setMsg('');
    try {
      await post(`/residents/${kept.id}/merge`, { duplicate_id: dup.id });
      setMsg(`Đã gộp: giữ ${kept.full_name} (${where(kept) || 'không rõ địa chỉ'}), lịch sử và trạng thái của bản trùng được giữ lại.`);
      dups.reload();
    } catch (x) { setMsg(errText(x)); }
  };
  return (
    <main id="main">
      <p class="small"><a href={'/units/' + props.id}>← Về đơn vị</a></p>
      <h1>Người dân trong sổ hộ</h1>
      <form class="card" onSubmit={search} id="people-search" role="search">
        <label for="people-q">Tìm theo họ tên (gõ có dấu hoặc không dấu)</label>
        <input id="people-q" value={q} minLength={2} maxLength={100} onInput={(e) => setQ((e.target as HTMLInputElement).value)} placeholder="vd: nong van" />
        <button class="btn primary" type="submit">Tìm</button>
        {err && <div class="msg err" role="alert">{err}</div>}
      </form>
      {found && (
        <section id="people-found" aria-live="polite">
          <h2>{fmtNum(found.items.length)} người khớp "{found.q}"</h2>
          <ul class="list">{found.items.map((p) => <li key={p.id}><Person p={p} /></li>)}</ul>
        </section>
      )}
      <section id="people-dups">
        <h2>Có thể trùng lặp</h2>
        <p class="small muted">Cùng họ tên, năm sinh, không khác số điện thoại hay CCCD. Chỉ gộp khi chắc chắn là một người.</p>
        {msg && <div class="msg ok" role="status">{msg}</div>}
        {dups.error && <ErrorBox error={dups.error} />}
        {!dups.data ? <Loading /> : !dups.data.groups.length ? <p class="muted">Không có.</p> : dups.data.groups.map((g, i) => (
          <div class="card dup-group" key={i}>
            <ul class="list">{g.map((p) => <li key={p.id}><Person p={p} /></li>)}</ul>
            {g.slice(1).map((d) => (
              <button type="button" class="btn" key={d.id} onClick={() => merge(g[0], d)}>Gộp bản ở {where(d) || '#' + d.id} vào {where(g[0]) || '#' + g[0].id}</button>
            ))}
          </div>
        ))}
      </section>
      {officer && (
        <section id="people-log">
          <h2>Nhật ký truy cập dữ liệu cá nhân</h2>
          {log.error && <ErrorBox error={log.error} />}
          {!log.data ? <Loading /> : (
            <table class="table">
              <thead><tr><th>Lúc</th><th>Người xem</th><th>Nội dung</th><th>Số bản ghi</th></tr></thead>
              <tbody>{log.data.items.map((a) => (
                <tr key={a.id}><td>{when(a.at)}</td><td>{a.user_name}<br /><span class="small muted">{ROLE[a.role] || a.role}</span></td>
                  <td>{ENTITY[a.entity] || a.entity}{a.unit ? <><br /><span class="small muted">{a.unit.name}</span></> : null}</td><td>{fmtNum(a.records)}</td></tr>
              ))}</tbody>
            </table>
          )}
        </section>
      )}
    </main>
  );
}

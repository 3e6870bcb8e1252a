// After a reorganisation: what became of a unit, what it was formed from, the
// decisions its officers take (villages of split communes, inherited teams),
// and an account's scope waiting for an administrator.
import { useState } from 'preact/hooks';
import { get, patch, post, put } from '../api';
import { fmtDate, fmtNum, isoAddDays, fmtUntil } from '../format';
import { session } from '../store';
import type { Team, Unit, User, VillageAssignment } from '../types';
import { ErrorBox, Loading, Section, useLoad } from '../ui';

/** The day a unit is looked at on a working date: inside its lifetime. */
export function effectiveDate(u: Unit, date: string): string {
  if (u.valid_to && date >= u.valid_to) return dayBefore(u.valid_to);
  if (u.valid_from && date < u.valid_from) return u.valid_from;
  return date;
}

const dayBefore = (iso: string) => isoAddDays(iso, -1);

/** A banner for a unit that has ended or not yet begun on the working date, and its origins. */
export function UnitHistory(props: { unit: Unit; date: string; onDate: (d: string) => void }) {
  const u = props.unit;
  // An account whose scope waits for confirmation cannot open the new units.
  const pending = !!session.use()?.scope_change?.pending;
  const ended = !!u.fate && props.date >= u.fate.date;
  const early = !!u.valid_from && props.date < u.valid_from;
  const from = u.formed_from || [];
  return (
    <>
      {ended && u.fate && (
        <div class="msg warn" role="note" id="unit-fate">
          <p><strong>{u.fate.text}.</strong> Số liệu dưới đây theo cơ cấu hành chính ngày {fmtDate(effectiveDate(u, props.date))}.</p>
          {u.fate.into.length > 0 && (
            <p>Nay là: {u.fate.into.map((x, i) => <>{i > 0 && ', '}{pending ? <strong>{x.name}</strong> : <a href={'/units/' + x.id}>{x.name}</a>}</>)}
              {pending && ' (tài khoản của bạn chờ quản trị viên xác nhận phạm vi mới)'}</p>
          )}
          {u.fate.legal_basis && <p class="small" id="legal-basis">Căn cứ: {u.fate.legal_basis}.</p>}
        </div>
      )}
      {early && (
        <div class="msg warn" role="note">
          <p>{u.name} được thành lập từ {fmtDate(u.valid_from!)}.{' '}
            <button type="button" class="btn link" onClick={() => props.onDate(u.valid_from!)}>Xem từ ngày thành lập</button></p>
        </div>
      )}
      {from.length > 0 && (
        <p class="small muted" id="formed-from">
          Được lập ngày {fmtDate(u.valid_from || '')} từ: {from.map((x, i) => <>{i > 0 && ', '}<a href={`/units/${x.id}?date=${dayBefore(u.valid_from || '')}`}>{x.name}</a>{x.whole ? '' : ' (một phần)'}</>)}
        </p>
      )}
    </>
  );
}

/** Villages of split communes waiting for (or given) a decision; officers choose the new commune. */
export function VillageAssignments(props: { unit: Unit; canWrite: boolean; onChange: () => void }) {
  const list = useLoad(() => get<{ pending: number; items: VillageAssignment[] }>(`/units/${props.unit.id}/village-assignments`), [props.unit.id]);
  const [msg, setMsg] = useState('');
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return null;
  if (list.data.items.length === 0) return null;
  const choose = async (a: VillageAssignment, commune: number) => {
    await put(`/villages/${a.village.id}/assignment`, { commune_id: commune });
    setMsg(`Đã chuyển ${a.village.name} về ${a.options.find((o) => o.id === commune)?.name}.`);
    list.reload();
    props.onChange();
  };
  return (
    <Section title={`Thôn của xã bị chia (${fmtNum(list.data.pending)} chờ quyết định)`} id="assign-h">
      {msg && <div class="msg ok" role="status">{msg}</div>}
      <ul class="list" id="assign-list">
        {list.data.items.map((a) => (
          <li class="item">
            <strong>{a.village.name}</strong>
            <span class="muted small">thuộc {a.old_commune.name} trước {fmtDate(a.village.valid_from || a.options[0]?.valid_from || '')}{a.decided ? ' · đã quyết định' : ' · tạm theo xã được nêu đầu tiên'}</span>
            {props.canWrite ? (
              <label class="field">Về xã
                <select value={String(a.commune_id)} onChange={(e) => choose(a, Number(e.currentTarget.value))}>
                  {a.options.map((o) => <option value={String(o.id)}>{o.name}</option>)}
                </select>
              </label>
            ) : <span>{a.options.find((o) => o.id === a.commune_id)?.name}</span>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** Commune-level teams of the communes a new one was formed from: merge into one team, or close each. */
export function InheritedTeams(props: { unit: Unit; canWrite: boolean; onChange: () => void }) {
  const list = useLoad(() => get<{ pending: number; items: (Team & { pending: boolean })[] }>(`/units/${props.unit.id}/inherited-teams`), [props.unit.id]);
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState('');
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const open = list.data.items.filter((t) => t.pending);
  const name = 'Tổ CNSCĐ ' + props.unit.name.replace(/^Xã /, 'xã ').replace(/^Phường /, 'phường ').replace(/^Đặc khu /, 'đặc khu ');
  const merge = async () => {
    setErr('');
    try {
      const t = await post<Team>(`/units/${props.unit.id}/inherited-teams/merge`, { team_ids: open.map((x) => x.id), name });
      setMsg(`Đã hợp nhất ${open.length} tổ thành ${t.name} (${fmtNum(t.member_count)} thành viên).`);
      list.reload();
      props.onChange();
    } catch (e) { setErr((e as Error).message); }
  };
  const close = async (t: Team) => {
    setErr('');
    try {
      await patch(`/teams/${t.id}`, { active_to: dayBefore(props.unit.valid_from || '') });
      setMsg(`Đã giải thể ${t.name} từ ${fmtDate(props.unit.valid_from || '')}.`);
      list.reload();
      props.onChange();
    } catch (e) { setErr((e as Error).message); }
  };
  return (
    <Section title={`Tổ cấp xã của các xã cũ (${fmtNum(list.data.pending)} cần hợp nhất hoặc giải thể)`} id="inherited-h">
      {msg && <div class="msg ok" role="status">{msg}</div>}
      {err && <div class="msg err" role="alert">{err}</div>}
      <ul class="list" id="inherited-list">
        {list.data.items.map((t) => (
          <li class="item">
            <a href={'/teams/' + t.id}><strong>{t.name}</strong></a>
            <span class="muted small">{fmtNum(t.member_count)} thành viên · từ {fmtDate(t.active_from)}{t.active_to ? ' ' + fmtUntil(t.active_to) : ' · còn hoạt động'}</span>
            {props.canWrite && t.pending && <button type="button" class="btn" onClick={() => close(t)}>Giải thể</button>}
          </li>
        ))}
      </ul>
      {props.canWrite && open.length > 0 && (
        <button type="button" class="btn primary" id="merge-teams" onClick={merge}>Hợp nhất {open.length} tổ thành {name}</button>
      )}
    </Section>
  );
}

/** For an account whose unit ended: the notice, and for an administrator the confirmation. */
export function ScopeNotice(props: { user: User; admin?: boolean; onDone?: (u: User) => void }) {
  const sc = props.user.scope_change;
  const [err, setErr] = useState('');
  if (!sc?.pending) return null;
  const confirm = async (id: number) => {
    setErr('');
    try {
      const u = await post<User>(`/users/${props.user.id}/scope`, { unit_id: id });
      props.onDone?.(u);
    } catch (e) { setErr((e as Error).message); }
  };
  return (
    <div class="msg warn" role="note" id={'scope-' + props.user.id}>
      <p>{sc.message}</p>
      {/* Until an administrator confirms it, the account sees its old unit's
          history only: the new units are named, not linked (they are outside
          its scope and would answer "Không tìm thấy"). */}
      <p>Đơn vị mới: {sc.candidates.map((c, i) => <>{i > 0 && ', '}{props.admin
        ? <button type="button" class="btn small" onClick={() => confirm(c.id)}>Xác nhận {c.name}</button>
        : <strong>{c.name}</strong>}</>)}{!props.admin && ' (chờ quản trị viên xác nhận phạm vi mới)'}</p>
      {err && <p class="field-err" role="alert">{err}</p>}
    </div>
  );
}

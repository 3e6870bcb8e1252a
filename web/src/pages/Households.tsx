// The household register of a village, door to door (issue 12): the
// households in walking order, a household with its people and their
// statuses as chips, and a visit recorded in a few taps.
import { useState } from 'preact/hooks';
import { ApiError, get, idempotent, post, upload } from '../api';
import { fmtDate, fmtNum, fmtValue, isoToday } from '../format';
import type { Status as StatusCode } from '../types';
import { StatusBadge } from './figures';
import { DateInput } from '../dateinput';
import { QUEUED, keptGet, localHousehold, localHouseholds, localTeams, readOrLocal, saveOrQueue } from '../offline';
import { session } from '../store';
import { ErrorBox, Loading, useLoad, useTitle } from '../ui';

interface StatusType { code: string; name: string; option_name: string | null; options: { code: string; name: string }[] }
interface Status { id: number; type: string; type_name: string; option: string | null; option_name?: string; gained_on: string; lost_on: string | null; source: string }
interface Resident { id: number; full_name: string; birth_year: number; age: number | null; adult: boolean; sex_name: string; phone: string | null; cccd: string | null; ethnic_name: string | null; statuses: Status[] }
interface Household { id: number; unit_id: number; unit: { name: string }; hamlet: string; house_number: string; address_note: string; head_id: number | null; head_name?: string; phone: string | null; fibre: boolean; smart_device: boolean; members: number }
interface HouseholdFull extends Household { residents: Resident[]; visits: { id: number; date: string; changes: unknown[]; note: string }[] }
interface Cell { value: number | null; target: number | null; status: StatusCode; status_name: string }
// households_visited and digital_citizens come from the server (not from the phone's copy offline).
interface HouseholdList { unit_id: number; date: string; households: number; households_empty: number; residents: number; households_visited?: number; digital_citizens?: Cell | null; items?: (Household & { last_visit?: string | null })[] }
interface TeamItem { id: number; unit_id: number; name: string }

const address = (h: Household) => [h.hamlet, h.house_number && 'số ' + h.house_number, h.address_note].filter(Boolean).join(', ');
const errText = (e: unknown) => (e instanceof ApiError ? Object.values(e.fields).join(' · ') || e.problem.detail || e.message : String(e));

interface ImportSummary {
  dry_run: boolean; households: number; persons: number; households_created: number; households_updated: number; households_unchanged: number;
  persons_created: number; persons_updated: number; persons_unchanged: number; statuses_added: number;
}
type RowError = { field?: string; code?: string; message?: string };

const summaryText = (r: ImportSummary) =>
  `${fmtNum(r.persons)} người trong ${fmtNum(r.households)} hộ: ` +
  `${r.dry_run ? 'sẽ thêm' : 'đã thêm'} ${fmtNum(r.persons_created)} người, ${fmtNum(r.households_created)} hộ; ` +
  `${r.dry_run ? 'sẽ cập nhật' : 'đã cập nhật'} ${fmtNum(r.persons_updated)} người, ${fmtNum(r.households_updated)} hộ; ` +
  `${fmtNum(r.statuses_added)} trạng thái mới; ${fmtNum(r.persons_unchanged)} người không đổi.`;

/** The village's own list (.xlsx or .csv) into the register: read and checked first (nothing saved), then imported on a tap. */
function RegisterImport(props: { unit: string; onDone: () => void }) {
  const [file, setFile] = useState<{ name: string; bytes: Blob } | null>(null);
  const [state, setState] = useState<{ busy: boolean; msg: string; errors: RowError[]; preview: ImportSummary | null }>({ busy: false, msg: '', errors: [], preview: null });
  const send = async (dry: boolean, f = file) => {
    if (!f) return;
    setState({ ...state, busy: true, msg: dry ? 'Đang đọc và kiểm tra tệp…' : 'Đang nhập vào sổ…', errors: [] });
    try {
      const r = await upload<ImportSummary>(`/units/${props.unit}/register-import`, f.bytes, { name: f.name, dry_run: dry ? 1 : 0 });
      setState({ busy: false, msg: dry ? 'Tệp hợp lệ. ' + summaryText(r) + ' Bấm "Nhập vào sổ" để lưu.' : summaryText(r), errors: [], preview: dry ? r : null });
      if (!dry) { setFile(null); props.onDone(); }
    } catch (e) {
      const err = e as ApiError;
      const errors = err.problem?.errors || [];
      setState({ busy: false, msg: errors.length ? 'Tệp có lỗi, chưa nhập dòng nào. Sửa các dòng sau rồi chọn lại tệp:' : (err.problem?.detail || err.message), errors, preview: null });
    }
  };
  const choose = async (f: File | null) => {
    if (!f) return;
    if (f.size > 2 * 1024 * 1024) { setState({ busy: false, msg: 'Tệp quá lớn: tối đa 2 MB; hãy chia theo thôn.', errors: [], preview: null }); return; }
    // Read now: the import that follows the check sends the same bytes even if the file changes on disk.
    const picked = { name: f.name, bytes: new Blob([await f.arrayBuffer()]) };
    setFile(picked);
    await send(true, picked);
  };
  return (
    <details class="card" id="hh-import">
      <summary>Nhập sổ hộ từ tệp Excel hoặc CSV</summary>
      <p class="small">Mỗi dòng một người; các dòng cùng "Hộ số" (hoặc các dòng không ghi địa chỉ ngay dưới một hộ) là một hộ. Ngày ghi dd/mm/yyyy. Nhập lại cùng tệp không tạo bản ghi trùng.</p>
      <a class="btn" id="hh-template" href={`/api/v1/units/${props.unit}/register-template.xlsx`} download>Tải tệp mẫu (.xlsx)</a>
      <div class="field">
        <label for="hh-import-file">Chọn tệp sổ hộ (.xlsx, .csv)</label>
        <input id="hh-import-file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          disabled={state.busy} onChange={(e) => choose(e.currentTarget.files?.[0] || null)} />
      </div>
      <div role="status" aria-live="polite" class={state.errors.length ? 'msg err' : state.msg ? 'msg ok' : 'sr'} id="hh-import-status">
        {state.msg}
        {state.errors.length > 0 && <ul class="row-errs">{state.errors.map((r, i) => <li key={i}>{r.message || r.code}</li>)}</ul>}
      </div>
      {state.preview && <button type="button" class="btn primary" id="hh-import-go" disabled={state.busy} onClick={() => send(false)}>Nhập vào sổ</button>}
    </details>
  );
}

/** /units/{id}/households: the village's households and a quick form for a new one. */
export function HouseholdsPage(props: { id: string }) {
  useTitle('Sổ hộ');
  const user = session.use();
  const list = useLoad(() => readOrLocal(() => get<HouseholdList>(`/units/${props.id}/households`),
    () => localHouseholds<HouseholdList>(Number(props.id))), [props.id]);
  const [open, setOpen] = useState(false);
  // Door to door: only the households nobody from the team has been to yet (the list knows each one's last visit).
  const [onlyLeft, setOnlyLeft] = useState(false);
  const [form, setForm] = useState({ hamlet: '', house_number: '', address_note: '', fibre: false });
  const [msg, setMsg] = useState('');
  const [sender] = useState(() => idempotent());
  const save = async (e: Event) => {
    e.preventDefault();
    setMsg('');
    try {
      const body = { unit_id: Number(props.id), ...form };
      const label = 'Thêm hộ ' + (address({ ...body } as unknown as Household) || '');
      const saved = await saveOrQueue(sender, '/households', body, { type: 'household.create', label });
      setForm({ hamlet: form.hamlet, house_number: '', address_note: '', fibre: false });
      setOpen(false);
      if (saved) list.reload();
      else setMsg(QUEUED);
    } catch (err) { setMsg(errText(err)); }
  };
  const d = list.data;
  return (
    <main id="main">
      <p class="small"><a href={'/units/' + props.id}>← Về thôn</a></p>
      <h1>Sổ hộ gia đình</h1>
      {list.error && <ErrorBox error={list.error} />}
      {!d ? <Loading /> : (
        <>
          <p id="hh-counts"><strong>{fmtNum(d.households)}</strong> hộ có người ở · <strong>{fmtNum(d.residents)}</strong> nhân khẩu
            {d.households_empty > 0 && <> · {fmtNum(d.households_empty)} hộ chưa có ai ở</>} (ngày {fmtDate(d.date)})</p>
          {d.households_visited !== undefined && (
            <p id="hh-progress">Đã đến <strong>{fmtNum(d.households_visited)}</strong>/{fmtNum(d.households + d.households_empty)} hộ
              {d.digital_citizens && <> · Công dân số <strong>{fmtValue(d.digital_citizens.value, '%')}</strong> người trưởng thành
                {d.digital_citizens.target !== null && <> (chỉ tiêu {fmtValue(d.digital_citizens.target, '%')}) <StatusBadge status={d.digital_citizens.status} name={d.digital_citizens.status_name} /></>}</>}
            </p>
          )}
          {!d.items ? (
            <p class="muted">Vai trò của bạn xem số liệu tổng hợp; danh sách hộ và nhân khẩu chỉ thành viên tổ của thôn và cán bộ xã xem được.</p>
          ) : (
            <>
              <button type="button" class="btn primary big" id="hh-add" onClick={() => setOpen(!open)}>Thêm hộ</button>
              {' '}<a class="btn" id="hh-export" href={`/api/v1/units/${props.id}/register.xlsx?date=${d.date}`} download>Tải sổ hộ (.xlsx)</a>
              {user?.role && ['team_member', 'commune_officer'].includes(user.role) && d.items !== undefined && <RegisterImport unit={props.id} onDone={list.reload} />}
              {open && (
                <form class="card" onSubmit={save} id="hh-form">
                  <label>Xóm<input value={form.hamlet} onInput={(e) => setForm({ ...form, hamlet: (e.target as HTMLInputElement).value })} /></label>
                  <label>Số nhà<input value={form.house_number} inputMode="numeric" onInput={(e) => setForm({ ...form, house_number: (e.target as HTMLInputElement).value })} /></label>
                  <label>Mô tả địa chỉ<input value={form.address_note} onInput={(e) => setForm({ ...form, address_note: (e.target as HTMLInputElement).value })} /></label>
                  <label class="check"><input type="checkbox" checked={form.fibre} onChange={(e) => setForm({ ...form, fibre: (e.target as HTMLInputElement).checked })} /> Có cáp quang</label>
                  {msg && msg !== QUEUED && <div class="msg err" role="alert">{msg}</div>}
                  <button class="btn primary" type="submit">Lưu hộ</button>
                </form>
              )}
              {msg === QUEUED && <div class="msg ok" role="status" id="hh-queued">{QUEUED}</div>}
              {d.items.some((h) => h.last_visit !== undefined) && (
                <label class="check" id="hh-only-left"><input type="checkbox" checked={onlyLeft}
                  onChange={(e) => setOnlyLeft((e.target as HTMLInputElement).checked)} /> Chỉ hộ chưa đến ({fmtNum(d.items.filter((h) => h.last_visit === null).length)})</label>
              )}
              <ul class="list" id="hh-list">
                {(onlyLeft ? d.items.filter((h) => h.last_visit === null) : d.items).map((h) => (
                  <li><a class="item" href={'/households/' + h.id}>
                    <strong>{address(h)}</strong>
                    <span class="muted small">{h.head_name ? 'Chủ hộ: ' + h.head_name + ' · ' : ''}{h.members} người{h.fibre ? ' · cáp quang' : ''}
                      {h.last_visit !== undefined && (h.last_visit ? ' · đã đến ' + fmtDate(h.last_visit) : ' · chưa đến')}</span>
                  </a></li>
                ))}
              </ul>
              {!d.items.length && <p class="muted">Thôn chưa có hộ nào trong sổ.</p>}
              {onlyLeft && d.items.length > 0 && !d.items.some((h) => h.last_visit === null) && <p class="muted" id="hh-all-visited">Tổ đã đến tất cả các hộ của thôn.</p>}
            </>
          )}
        </>
      )}
    </main>
  );
}

/** Tách hộ (some people start their own household) and nhập hộ (everyone moves into another), on a date. */
function SplitMerge(props: { h: HouseholdFull; onDone: () => void }) {
  const h = props.h;
  const others = useLoad(() => get<HouseholdList>(`/units/${h.unit_id}/households`), [h.unit_id]);
  const [date, setDate] = useState(isoToday());
  const [leave, setLeave] = useState<number[]>([]);
  const [addr, setAddr] = useState({ hamlet: h.hamlet, house_number: '' });
  const [into, setInto] = useState('');
  const [msg, setMsg] = useState<{ ok?: string; err?: string }>({});
  const split = async () => {
    setMsg({});
    try {
      const r = await post<HouseholdFull>(`/households/${h.id}/split`, { date, resident_ids: leave, ...addr });
      setMsg({ ok: `Đã tách hộ ngày ${fmtDate(date)}: ${r.residents.map((x) => x.full_name).join(', ')} sang hộ ${address(r)}.` });
      setLeave([]);
      props.onDone();
    } catch (e) { setMsg({ err: errText(e) }); }
  };
  const merge = async () => {
    setMsg({});
    try {
      const r = await post<HouseholdFull>(`/households/${h.id}/merge`, { into_id: Number(into), date });
      setMsg({ ok: `Đã nhập hộ vào ${address(r)} ngày ${fmtDate(date)}.` });
      props.onDone();
    } catch (e) { setMsg({ err: errText(e) }); }
  };
  return (
    <details class="card" id="hh-split">
      <summary>Tách hộ / nhập hộ</summary>
      <label for="split-date">Ngày tách hoặc nhập</label>
      <DateInput id="split-date" value={date} onValue={setDate} />
      <fieldset><legend>Người chuyển sang hộ mới</legend>
        {h.residents.map((r) => (
          <label class="check" key={r.id}><input type="checkbox" checked={leave.includes(r.id)}
            onChange={(e) => setLeave((e.target as HTMLInputElement).checked ? [...leave, r.id] : leave.filter((x) => x !== r.id))} /> {r.full_name}</label>
        ))}
      </fieldset>
      <label>Xóm của hộ mới<input value={addr.hamlet} onInput={(e) => setAddr({ ...addr, hamlet: (e.target as HTMLInputElement).value })} /></label>
      <label>Số nhà của hộ mới<input value={addr.house_number} onInput={(e) => setAddr({ ...addr, house_number: (e.target as HTMLInputElement).value })} /></label>
      <button type="button" class="btn" id="split-go" disabled={!leave.length} onClick={split}>Tách hộ</button>
      <label>Nhập cả hộ vào hộ
        <select id="merge-into" value={into} onChange={(e) => setInto((e.target as HTMLSelectElement).value)}>
          <option value="">— chọn hộ —</option>
          {(others.data?.items || []).filter((o) => o.id !== h.id).map((o) => <option value={String(o.id)}>{address(o)}{o.head_name ? ' · ' + o.head_name : ''}</option>)}
        </select>
      </label>
      <button type="button" class="btn" id="merge-go" disabled={!into} onClick={merge}>Nhập hộ</button>
      {msg.ok && <div class="msg ok" role="status">{msg.ok}</div>}
      {msg.err && <div class="msg err" role="alert">{msg.err}</div>}
    </details>
  );
}

/** /households/{id}: its people with their statuses as chips; tap what changed, save the visit. */
export function HouseholdPage(props: { id: string }) {
  const user = session.use();
  // Offline (a field user), the household and its people as the phone last downloaded them.
  const hh = useLoad(() => readOrLocal(() => get<HouseholdFull>(`/households/${props.id}`), () => localHousehold<HouseholdFull>(Number(props.id))), [props.id]);
  const types = useLoad(() => keptGet<{ items: StatusType[] }>('/citizen-status-types'), []);
  const teams = useLoad(async () => {
    const u = hh.data?.unit_id;
    return u ? (await readOrLocal(() => get<{ items: TeamItem[] }>(`/units/${u}/teams`), () => localTeams<TeamItem>(u))).items : [];
  }, [hh.data?.unit_id]);
  useTitle(hh.data ? address(hh.data) : 'Hộ gia đình');
  const [date, setDate] = useState(isoToday());
  const [picked, setPicked] = useState<Record<string, string>>({}); // "resident:type" -> option ('' none)
  const [msg, setMsg] = useState<{ ok?: string; err?: string }>({});
  const [sender] = useState(() => idempotent());
  const [adder] = useState(() => idempotent());
  const [person, setPerson] = useState({ full_name: '', birth_year: '', sex: 'nam' });

  if (hh.error) return <main id="main"><h1>Hộ gia đình</h1><ErrorBox error={hh.error} /></main>;
  if (!hh.data || !types.data) return <main id="main"><Loading /></main>;
  const h = hh.data;
  const st = types.data.items;
  const team = (teams.data || []).find((t) => t.unit_id === h.unit_id) || (teams.data || [])[0];
  const toggle = (r: Resident, t: StatusType) => {
    const k = r.id + ':' + t.code;
    const next = { ...picked };
    if (k in next) delete next[k];
    else next[k] = t.options[0]?.code || '';
    setPicked(next);
  };
  const saveVisit = async () => {
    setMsg({});
    const changes = Object.entries(picked).map(([k, option]) => {
      const [rid, type] = k.split(':');
      return { resident_id: Number(rid), type, ...(option ? { option } : {}) };
    });
    try {
      const body = { date, ...(team ? { team_id: team.id } : {}), present: h.residents.map((r) => r.id), changes };
      const what = `lượt đến hộ ngày ${fmtDate(date)} (${changes.length} thay đổi)`;
      // The outbox's visit names its household in its fields (the sync sends the rest to the same route).
      const saved = await saveOrQueue(sender, `/households/${h.id}/visits`, body,
        { type: 'visit.create', fields: { household_id: h.id, ...body }, label: `Đến hộ ${address(h)} · ${fmtDate(date)} · ${changes.length} thay đổi` });
      setPicked({});
      setMsg({ ok: saved ? `Đã lưu ${what}.` : `${QUEUED} Lượt đến hộ ngày ${fmtDate(date)}, ${changes.length} thay đổi.` });
      if (saved) hh.reload();
    } catch (e) { setMsg({ err: errText(e) }); }
  };
  const addPerson = async (e: Event) => {
    e.preventDefault();
    setMsg({});
    try {
      const body = { full_name: person.full_name, birth_year: Number(person.birth_year) || person.birth_year, sex: person.sex };
      const saved = await saveOrQueue(adder, `/households/${h.id}/residents`, body,
        { type: 'person.create', fields: { household_id: h.id, ...body }, label: `Thêm nhân khẩu ${person.full_name} vào hộ ${address(h)}` });
      setPerson({ full_name: '', birth_year: '', sex: 'nam' });
      if (saved) hh.reload();
      else setMsg({ ok: `${QUEUED} Thêm nhân khẩu ${body.full_name}.` });
    } catch (err) { setMsg({ err: errText(err) }); }
  };
  return (
    <main id="main">
      <p class="small"><a href={`/units/${h.unit_id}/households`}>← Sổ hộ {h.unit.name}</a></p>
      <h1>{address(h)}</h1>
      <p class="muted small">{h.residents.length} người{h.phone ? ' · ' + h.phone : ''}{h.fibre ? ' · có cáp quang' : ''}{h.smart_device ? ' · có thiết bị thông minh' : ''}</p>
      <div class="card">
        <label for="visit-date">Ngày đến hộ</label>
        <DateInput id="visit-date" value={date} onValue={setDate} />
        {team && <p class="small muted">Tổ: {team.name}</p>}
      </div>
      {h.residents.map((r) => (
        <section class="card" aria-labelledby={'p' + r.id}>
          <h2 id={'p' + r.id}>{r.full_name}</h2>
          <p class="muted small">{r.sex_name} · {r.age ?? '?'} tuổi{r.ethnic_name ? ' · ' + r.ethnic_name : ''}{r.phone ? ' · ' + r.phone : ''}{r.cccd ? ' · CCCD ' + r.cccd : ''}</p>
          <div class="chips" role="group" aria-label={'Trạng thái của ' + r.full_name}>
            {st.map((t) => {
              const held = r.statuses.find((s) => s.type === t.code && !s.lost_on);
              const k = r.id + ':' + t.code;
              const on = !!held || k in picked;
              return (
                <label class={'chip' + (on ? ' on' : '')} title={held ? 'Từ ' + fmtDate(held.gained_on) : ''}>
                  <input type="checkbox" checked={on} disabled={!!held} onChange={() => toggle(r, t)} />
                  {t.name}{held?.option_name ? ' (' + held.option_name + ')' : ''}
                </label>
              );
            })}
          </div>
          {st.filter((t) => t.options.length && (r.id + ':' + t.code) in picked).map((t) => (
            <label>{t.option_name} — {t.name}
              <select value={picked[r.id + ':' + t.code]} onChange={(e) => setPicked({ ...picked, [r.id + ':' + t.code]: (e.target as HTMLSelectElement).value })}>
                {t.options.map((o) => <option value={o.code}>{o.name}</option>)}
              </select>
            </label>
          ))}
        </section>
      ))}
      {msg.ok && <div class="msg ok" role="status">{msg.ok}</div>}
      {msg.err && <div class="msg err" role="alert">{msg.err}</div>}
      {user && user.role !== 'viewer' && (
        <button type="button" class="btn primary big" id="visit-save" onClick={saveVisit}>Lưu lượt đến hộ</button>
      )}
      <form class="card" onSubmit={addPerson} id="person-form">
        <h2>Thêm nhân khẩu</h2>
        <label>Họ và tên<input required value={person.full_name} onInput={(e) => setPerson({ ...person, full_name: (e.target as HTMLInputElement).value })} /></label>
        <label>Năm sinh<input required inputMode="numeric" value={person.birth_year} onInput={(e) => setPerson({ ...person, birth_year: (e.target as HTMLInputElement).value })} /></label>
        <label>Giới tính
          <select value={person.sex} onChange={(e) => setPerson({ ...person, sex: (e.target as HTMLSelectElement).value })}>
            <option value="nam">Nam</option><option value="nu">Nữ</option>
          </select>
        </label>
        <button class="btn" type="submit">Thêm</button>
      </form>
      {user && ['team_member', 'commune_officer'].includes(user.role) && <SplitMerge h={h} onDone={hh.reload} />}
      {h.visits.length > 0 && (
        <section class="card"><h2>Các lượt đến hộ</h2>
          <ul>{h.visits.map((v) => <li>{fmtDate(v.date)} · {v.changes.length} thay đổi{v.note ? ' · ' + v.note : ''}</li>)}</ul>
        </section>
      )}
    </main>
  );
}

// "Đồng bộ" (issue 13): the field screens that work with no connection — the
// changes waiting to be sent and the last sync, refused changes with their
// reason (fix or discard), conflicts, logging an activity and a household
// visit into the outbox, the area's households, people and teams as last
// downloaded, and the week's progress shared to Zalo.
import { useEffect, useState } from 'preact/hooks';
import { get, newKey } from '../api';
import { fmtDate, fmtNum, isoAddDays, isoToday } from '../format';
import { navigate } from '../router';
import { loggedOut, session } from '../store';
import {
  QUEUED, applyUpdate, clearDraft, keptGet, loadDraft, offline, queue, refresh, saveDraft, syncNow,
} from '../offline';
import { conflicts, countRecords, discard, getMeta, outbox, records, type OutboxEntry } from '../sync-core';
import type { ActivityType } from '../types';
import { Field, useTitle } from '../ui';

type Rec = Record<string, any>;

const when = (ms: number) => {
  const iso = new Date(ms + 7 * 3600 * 1000).toISOString();  // Vietnam time
  return fmtDate(iso.slice(0, 10)) + ' ' + iso.slice(11, 16);
};

/** The area as last downloaded, re-read whenever the outbox or a sync changes something. */
function useArea(version: number) {
  const [data, setData] = useState<{
    households: Rec[]; residents: Rec[]; people: number; teams: Rec[]; activities: Rec[]; area: Rec | null;
    types: ActivityType[]; entries: OutboxEntry[]; conflicts: Rec[];
  } | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const user = session.get();
      const types = await keptGet<{ items: ActivityType[] }>('/activity-types').then((r) => r.items, () => [] as ActivityType[]);
      const out = {
        households: await records('households'),
        // The people (the largest part of the area) are read after the first paint.
        residents: [] as Rec[],
        people: await countRecords('residents'),
        teams: await records('teams'),
        activities: await records('activities'),
        area: (await getMeta<Rec>('area')) || null,
        types,
        entries: user ? await outbox(user.id) : [],
        conflicts: await conflicts(),
      };
      if (!live) return;
      setData(out);
      const residents = await records('residents');
      if (live) setData({ ...out, residents });
    })().catch(() => undefined);
    return () => { live = false; };
  }, [version]);
  return data;
}

export function OfflinePage() {
  useTitle('Đồng bộ');
  const st = offline.use();
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  // The household a "Ghi lượt đến hộ này" of the list chose for the visit form (at: each tap counts).
  const [visitTo, setVisitTo] = useState<{ id: string; at: number } | null>(null);
  const data = useArea(version + (st.lastSync || 0) + (st.pending ?? 0) * 1000 + (st.refused ?? 0) * 100000);
  useEffect(() => { void refresh(); }, []);

  const sync = async () => { await syncNow(); bump(); };
  const relogin = () => { loggedOut(); navigate('/login?next=/offline'); };

  return (
    <main id="main" class="offline">
      <h1 tabIndex={-1}>Đồng bộ</h1>
      <section class="card" aria-labelledby="sync-status">
        <h2 id="sync-status" class="h3">{st.online ? 'Đang có mạng' : 'Đang ngoại tuyến'}</h2>
        <p>
          {/* "…" until the outbox has been read: never a false "0" while the app opens */}
          <strong id="pending-count">{st.pending === null ? '…' : fmtNum(st.pending)}</strong> thay đổi đang chờ gửi
          {!!st.refused && <> · <strong id="refused-count">{fmtNum(st.refused)}</strong> bị từ chối</>}
        </p>
        <p class="small" id="last-sync">
          {st.lastSync ? 'Lần đồng bộ cuối: ' + when(st.lastSync) : 'Chưa đồng bộ lần nào trên máy này'}
        </p>
        {st.syncing && <p class="small" role="status">Đang đồng bộ…</p>}
        {st.lastError && <p class="msg" role="alert">{st.lastError}</p>}
        {st.needsLogin && <p><button type="button" class="btn" onClick={relogin}>Đăng nhập lại</button></p>}
        {st.persisted === false && (
          <p class="msg" id="storage-warning">
            Trình duyệt chưa cho lưu dữ liệu lâu dài: khi máy thiếu bộ nhớ, dữ liệu ngoại tuyến có thể bị xoá.
            Hãy cài Langso vào màn hình chính và đồng bộ thường xuyên.
          </p>
        )}
        {st.updateReady && (
          <p class="msg" id="update-ready">
            Có phiên bản mới. Các thay đổi đang chờ và biểu mẫu đang điền được giữ nguyên.{' '}
            <button type="button" class="btn" onClick={applyUpdate}>Cập nhật</button>
          </p>
        )}
        <div class="actions">
          <button type="button" class="btn" id="sync-now" onClick={sync} disabled={!st.online || st.syncing}>Đồng bộ ngay</button>
          {data && <ShareWeek data={data} />}
        </div>
      </section>
      {data && <Refused entries={data.entries.filter((e) => e.state === 'refused')} onChange={bump} />}
      {data && data.conflicts.length > 0 && <Conflicts items={data.conflicts} />}
      {st.online && session.get()?.role === 'commune_officer' && <CommuneConflicts version={st.lastSync || 0} />}
      {data && <Pending entries={data.entries.filter((e) => e.state === 'pending')} />}
      {data && <ActivityForm teams={data.teams} types={data.types} onQueued={bump} />}
      {data && <VisitForm households={data.households} teams={data.teams} pick={visitTo} onQueued={bump} />}
      {data && <Register data={data} onQueued={bump} onVisit={(id) => setVisitTo({ id, at: Date.now() })} />}
    </main>
  );
}

function Pending(props: { entries: OutboxEntry[] }) {
  if (!props.entries.length) return null;
  return (
    <section class="card" aria-labelledby="pending-h">
      <h2 id="pending-h" class="h3">Đang chờ gửi</h2>
      <ul class="list" id="pending-list">
        {props.entries.map((e) => <li key={e.key}>{e.label}</li>)}
      </ul>
    </section>
  );
}

/** What the forms of this screen can take back: an activity, a visit without status changes (the household screen's). */
const fixable = (e: OutboxEntry) =>
  e.type === 'activity.create' || (e.type === 'visit.create' && !(e.fields.changes as unknown[] | undefined)?.length);

function Refused(props: { entries: OutboxEntry[]; onChange: () => void }) {
  if (!props.entries.length) return null;
  const drop = async (e: OutboxEntry) => { if (e.seq !== undefined) await discard(e.seq); await refresh(); props.onChange(); };
  const fix = async (e: OutboxEntry) => {
    // The form takes it back as a draft; sending it again makes a new change (a new key).
    if (e.type === 'activity.create') saveDraft('activity', { ...e.fields, quantities: e.fields.quantities });
    if (e.type === 'visit.create') saveDraft('visit', e.fields);
    await drop(e);
    document.getElementById(e.type === 'visit.create' ? 'visit-h' : 'act-h')?.scrollIntoView();
  };
  return (
    <section class="card" aria-labelledby="refused-h">
      <h2 id="refused-h" class="h3">Máy chủ từ chối</h2>
      <ul class="list" id="refused-list">
        {props.entries.map((e) => (
          <li key={e.key}>
            <strong>{e.label}</strong>
            <p class="field-err">{e.reason}</p>
            {(e.errors || []).map((x) => <p class="small">{x.message}</p>)}
            <div class="row-actions">
              {fixable(e) && (
                <button type="button" class="btn" onClick={() => fix(e)}>Sửa lại</button>
              )}
              <button type="button" class="btn link" onClick={() => drop(e)}>Bỏ thay đổi này</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(trống)' : String(v));

function Conflicts(props: { items: Rec[] }) {
  return (
    <section class="card" aria-labelledby="conflicts-h">
      <h2 id="conflicts-h" class="h3">Xung đột khi sửa cùng lúc</h2>
      <p class="small">Hai máy sửa cùng một trường: giữ giá trị được đồng bộ trước; cán bộ xã cũng thấy danh sách này.</p>
      <ul class="list" id="conflict-list">
        {props.items.map((c) => c.items.map((x: Rec) => (
          <li key={c.key + x.field}>
            <strong>{c.label}</strong> — {x.label}: bạn ghi «{show(x.mine)}», đang giữ «{show(x.kept)}»
          </li>
        )))}
      </ul>
    </section>
  );
}

/** For a commune officer: the conflicts of every phone of the commune (the server's list). */
function CommuneConflicts(props: { version: number }) {
  const [items, setItems] = useState<Rec[] | null>(null);
  useEffect(() => {
    get<{ items: Rec[] }>('/sync/conflicts').then((r) => setItems(r.items), () => setItems(null));
  }, [props.version]);
  if (!items || !items.length) return null;
  return (
    <section class="card" aria-labelledby="commune-conflicts-h">
      <h2 id="commune-conflicts-h" class="h3">Xung đột trong xã</h2>
      <ul class="list" id="commune-conflicts">
        {items.map((c) => (
          <li key={c.id}>
            <strong>{c.subject || (c.entity === 'household' ? 'Hộ #' : 'Nhân khẩu #') + c.entity_id}</strong> · {c.unit?.name}
            <br />{c.label}: {c.user_name || 'Thành viên'} ghi «{show(c.mine)}», đang giữ «{show(c.kept)}»
          </li>
        ))}
      </ul>
    </section>
  );
}

const teamOptions = (teams: Rec[]) => teams.map((t) => ({ value: String(t.id), label: t.name }));

function ActivityForm(props: { teams: Rec[]; types: ActivityType[]; onQueued: () => void }) {
  const init = { team_id: '', type: '', date: isoToday(), category: '', note: '', quantities: {} as Record<string, string> };
  const [f, setF] = useState(() => ({ ...init, ...(loadDraft<typeof init>('activity') || {}) }));
  const [err, setErr] = useState('');
  const [done, setDone] = useState('');
  const team = f.team_id || (props.teams[0] ? String(props.teams[0].id) : '');
  const type = props.types.find((t) => t.code === f.type) || props.types[0];
  const set = (p: Partial<typeof init>) => { const n = { ...f, ...p }; setF(n); saveDraft('activity', n); setDone(''); };
  if (!props.types.length) return null;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!team) { setErr('Chưa có tổ nào trên máy: hãy đồng bộ khi có mạng'); return; }
    const quantities: Record<string, number> = {};
    for (const q of type.fields) quantities[q.code] = Number(f.quantities[q.code] || 0);
    const fields: Record<string, unknown> = { team_id: Number(team), type: type.code, date: f.date, quantities, note: f.note };
    if (type.category) fields.category = f.category || type.category.options[0].code;
    const total = type.fields.map((q) => `${fmtNum(quantities[q.code])} ${q.unit}`).join(', ');
    await queue({ key: newKey(), type: 'activity.create', fields, label: `${type.name} · ${fmtDate(f.date)} · ${total}` });
    clearDraft('activity');
    setF({ ...init, team_id: team, type: type.code, date: f.date });
    setErr('');
    setDone(QUEUED);
    props.onQueued();
  };
  return (
    <section class="card" aria-labelledby="act-h">
      <h2 id="act-h" class="h3">Ghi hoạt động</h2>
      <form class="form" onSubmit={submit} id="offline-activity">
        {props.teams.length > 1 && <Field id="oa-team" name="team" label="Tổ" value={team} onValue={(v) => set({ team_id: v })} options={teamOptions(props.teams)} />}
        <Field id="oa-type" name="type" label="Loại hoạt động" value={type.code} onValue={(v) => set({ type: v, category: '', quantities: {} })}
          options={props.types.map((t) => ({ value: t.code, label: t.name }))} />
        {type.category && (
          <Field id="oa-cat" name="category" label={type.category.name} value={f.category || type.category.options[0].code}
            onValue={(v) => set({ category: v })} options={type.category.options.map((o) => ({ value: o.code, label: o.name }))} />
        )}
        <Field id="oa-date" name="date" label="Ngày" type="date" required value={f.date} onValue={(v) => set({ date: v })} />
        {type.fields.map((q) => (
          <Field id={'oa-q-' + q.code} name={q.code} label={`${q.name} (${q.unit})`} type="number" inputMode="numeric" min={q.min} max={q.max}
            value={f.quantities[q.code] || ''} onValue={(v) => set({ quantities: { ...f.quantities, [q.code]: v } })} />
        ))}
        <Field id="oa-note" name="note" label="Ghi chú" value={f.note} onValue={(v) => set({ note: v })} />
        {err && <p class="field-err" role="alert">{err}</p>}
        {done && <p class="saved" role="status">{done}</p>}
        <button type="submit" class="btn">Lưu hoạt động</button>
      </form>
    </section>
  );
}

const householdName = (h: Rec) =>
  [h.house_number ? 'Số ' + h.house_number : '', h.hamlet, h.address_note].filter(Boolean).join(', ') || 'Hộ #' + h.id;

/** A visit into the outbox. No household is chosen for the user: a form that
 * starts on the list's first one records a visit there when the field is
 * left as it is. One is picked here, or by "Ghi lượt đến hộ này" in the list. */
function VisitForm(props: { households: Rec[]; teams: Rec[]; pick: { id: string; at: number } | null; onQueued: () => void }) {
  const init = { household_id: '', team_id: '', date: isoToday(), note: '' };
  const [f, setF] = useState(() => ({ ...init, ...(loadDraft<typeof init>('visit') || {}) }));
  const [done, setDone] = useState('');
  const [err, setErr] = useState('');
  const set = (p: Partial<typeof init>) => { const n = { ...f, ...p }; setF(n); saveDraft('visit', n); setDone(''); setErr(''); };
  useEffect(() => {
    if (!props.pick) return;
    set({ household_id: props.pick.id });
    const form = document.getElementById('offline-visit');
    form?.scrollIntoView({ block: 'center' });
    (form?.querySelector('#ov-note') as HTMLElement | null)?.focus();
  }, [props.pick?.at]);
  if (!props.households.length) return null;
  // A draft's household that is no longer in the area on this phone counts as none.
  const hh = props.households.some((x) => String(x.id) === f.household_id) ? f.household_id : '';
  const team = f.team_id || (props.teams[0] ? String(props.teams[0].id) : '');
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!hh) { setErr('Hãy chọn hộ đã đến'); return; }
    if (!team) { setErr('Chưa có tổ nào trên máy: hãy đồng bộ khi có mạng'); return; }
    const h = props.households.find((x) => String(x.id) === hh);
    await queue({
      key: newKey(), type: 'visit.create',
      fields: { household_id: Number(hh), team_id: Number(team), date: f.date, note: f.note },
      label: `Đến hộ ${h ? householdName(h) : hh} · ${fmtDate(f.date)}`,
    });
    clearDraft('visit');
    setF({ ...init, team_id: team, date: f.date });
    setErr('');
    setDone(QUEUED);
    props.onQueued();
  };
  return (
    <section class="card" aria-labelledby="visit-h">
      <h2 id="visit-h" class="h3">Ghi lượt đến hộ</h2>
      <form class="form" onSubmit={submit} id="offline-visit">
        <Field id="ov-hh" name="household" label="Hộ" value={hh} onValue={(v) => set({ household_id: v })}
          options={[{ value: '', label: '— Chọn hộ —' }, ...props.households.map((h) => ({ value: String(h.id), label: householdName(h) }))]} />
        {props.teams.length > 1 && <Field id="ov-team" name="team" label="Tổ" value={team} onValue={(v) => set({ team_id: v })} options={teamOptions(props.teams)} />}
        <Field id="ov-date" name="date" label="Ngày đến" type="date" required value={f.date} onValue={(v) => set({ date: v })} />
        <Field id="ov-note" name="note" label="Ghi chú" value={f.note} onValue={(v) => set({ note: v })} />
        {err && <p class="field-err" role="alert">{err}</p>}
        {done && <p class="saved" role="status">{done}</p>}
        <button type="submit" class="btn">Lưu lượt đến hộ</button>
      </form>
    </section>
  );
}

function PersonEdit(props: { person: Rec; onQueued: () => void }) {
  const p = props.person;
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(p.full_name as string);
  const [phone, setPhone] = useState((p.phone as string) || '');
  if (!open) return <button type="button" class="btn link" onClick={() => setOpen(true)} aria-label={'Sửa ' + p.full_name}>Sửa</button>;
  const submit = async (e: Event) => {
    e.preventDefault();
    const fields: Rec = {}, base: Rec = {};
    if (name.trim() !== p.full_name) { fields.full_name = name.trim(); base.full_name = p.full_name; }
    if ((phone.trim() || null) !== (p.phone || null)) { fields.phone = phone.trim() || null; base.phone = p.phone ?? null; }
    if (Object.keys(fields).length) {
      await queue({ key: newKey(), type: 'person.edit', id: p.id, fields, base, label: `Sửa nhân khẩu ${p.full_name}` });
    }
    setOpen(false);
    props.onQueued();
  };
  return (
    <form class="form inline" onSubmit={submit}>
      <Field id={'pe-name-' + p.id} name="full_name" label="Họ và tên" value={name} onValue={setName} />
      <Field id={'pe-phone-' + p.id} name="phone" label="Số điện thoại" type="tel" inputMode="tel" value={phone} onValue={setPhone} />
      <button type="submit" class="btn">Lưu</button>
    </form>
  );
}

/** A household of the list; its people are drawn only once it is opened (a village has hundreds). */
function HouseholdItem(props: { h: Rec; residents: Rec[]; onQueued: () => void; onVisit: (id: string) => void }) {
  const { h } = props;
  const [open, setOpen] = useState(false);
  return (
    <li>
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>{householdName(h)} · {fmtNum(h.members)} người</summary>
        {open && (
          <ul>
            {props.residents.filter((r) => r.household_id === h.id).map((r) => (
              <li key={r.id} class="person" data-id={r.id}>
                <span class="pname">{r.full_name}</span>{r.birth_year ? ' · ' + r.birth_year : ''}{' '}
                <PersonEdit person={r} onQueued={props.onQueued} />
              </li>
            ))}
            <li><button type="button" class="btn link" onClick={() => props.onVisit(String(h.id))}>Ghi lượt đến hộ này</button></li>
          </ul>
        )}
      </details>
    </li>
  );
}

function Register(props: { data: NonNullable<ReturnType<typeof useArea>>; onQueued: () => void; onVisit: (id: string) => void }) {
  const { households, residents, people, teams, activities, area } = props.data;
  return (
    <section class="card" aria-labelledby="area-h">
      <h2 id="area-h" class="h3">Địa bàn trên máy{area ? ': ' + area.name : ''}</h2>
      <p class="small" id="area-counts">
        {fmtNum(households.length)} hộ · {fmtNum(people)} nhân khẩu · {fmtNum(teams.length)} tổ · {fmtNum(activities.length)} hoạt động 30 ngày qua
      </p>
      <ul class="list" id="household-list">
        {households.slice(0, 300).map((h) => <HouseholdItem key={h.id} h={h} residents={residents} onQueued={props.onQueued} onVisit={props.onVisit} />)}
      </ul>
    </section>
  );
}

/** The week's progress as text, to the phone's share sheet (Zalo) or the clipboard. */
export function weekText(area: Rec | null, activities: Rec[], types: ActivityType[], today = isoToday()): string {
  const from = isoAddDays(today, -6);
  const week = activities.filter((a) => a.date >= from && a.date <= today);
  const lines = [`Tiến độ tuần ${fmtDate(from)}–${fmtDate(today)}${area ? ' · ' + area.name : ''}`];
  for (const t of types) {
    const mine = week.filter((a) => a.type === t.code);
    if (!mine.length) continue;
    const sums = t.fields.map((q) => `${fmtNum(mine.reduce((s, a) => s + Number(a.quantities?.[q.code] || 0), 0))} ${q.unit}`);
    lines.push(`- ${t.name}: ${fmtNum(mine.length)} lần, ${sums.join(', ')}`);
  }
  if (lines.length === 1) lines.push('- Chưa ghi hoạt động nào trong tuần');
  lines.push('(Gửi từ Langso)');
  return lines.join('\n');
}

function ShareWeek(props: { data: NonNullable<ReturnType<typeof useArea>> }) {
  const [msg, setMsg] = useState('');
  const share = async () => {
    const text = weekText(props.data.area, props.data.activities, props.data.types);
    const nav = navigator as Navigator & { share?: (d: { text: string; title?: string }) => Promise<void> };
    try {
      if (nav.share) { await nav.share({ title: 'Tiến độ tuần', text }); return; }
      await navigator.clipboard.writeText(text);
      setMsg('Đã chép nội dung; dán vào nhóm Zalo của tổ.');
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setMsg('Không chia sẻ được; hãy chép tay: ' + text);
    }
  };
  return (
    <>
      <button type="button" class="btn link" id="share-week" onClick={share}>Chia sẻ tiến độ tuần (Zalo)</button>
      {msg && <p class="small" role="status">{msg}</p>}
    </>
  );
}

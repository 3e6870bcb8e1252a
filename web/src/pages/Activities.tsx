import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, del, get, idempotent, patch } from '../api';
import { useActivityTypes } from '../catalog';
import { fmtDate, fmtNum, isIsoDate, isoAddDays, isoToday } from '../format';
import { QUEUED, localActivities, localTeams, localUnit, readOrLocal, saveOrQueue } from '../offline';
import { canWrite, session } from '../store';
import type { Activity, ActivityType, Team, Unit, User } from '../types';
import { Breadcrumb, ErrorBox, Errs, Field, FormStatus, Loading, Section, useForm, useLoad, useTitle, V } from '../ui';

const NO_TEAM = 'none';
const isActive = (t: Team, d: string) => t.active_from <= d && (!t.active_to || t.active_to >= d);
const qkey = (field: string) => 'quantities.' + field;

/** "12 tài khoản · 3 gian hàng" from an activity's quantities. */
export function quantitiesText(a: Activity, type: ActivityType | undefined): string {
  const parts: string[] = [];
  for (const f of type?.fields || []) {
    const v = a.quantities[f.code];
    if (v) parts.push(`${fmtNum(v)} ${f.unit}`);
  }
  if (!type) for (const k in a.quantities) if (a.quantities[k]) parts.push(`${fmtNum(a.quantities[k])} ${k}`);
  return parts.join(' · ');
}

/** Client checks shared by create and edit: whole numbers, at least one above 0.
 *  The bounds are shown as hints; the server checks them and names the field. */
function validateQuantities(errs: Errs, v: Record<string, string>, type: ActivityType) {
  let any = false;
  for (const f of type.fields) {
    const s = (v[qkey(f.code)] || '').trim();
    if (!s) continue;
    if (!/^\d+$/.test(s)) errs[qkey(f.code)] = 'Nhập số nguyên không âm, ví dụ 12.';
    else if (+s > 0) any = true;
  }
  if (!any && !Object.keys(errs).some((k) => k.startsWith('quantities.'))) {
    errs[qkey(type.fields[0].code)] = 'Nhập ít nhất một số lượng lớn hơn 0.';
  }
}

function quantitiesBody(v: Record<string, string>, type: ActivityType, keepZero: boolean) {
  const q: Record<string, number> = {};
  for (const f of type.fields) {
    const s = (v[qkey(f.code)] || '').trim();
    if (s) q[f.code] = Number(s);
    else if (keepZero) q[f.code] = 0;
  }
  return q;
}

function QuantityFields(props: { form: ReturnType<typeof useForm<Record<string, string>>>; type: ActivityType }) {
  const f = props.form;
  return (
    <>
      {props.type.fields.map((fd) => (
        <Field
          {...f.bind(qkey(fd.code))}
          label={fd.name}
          hint={`Từ ${fmtNum(fd.min)} đến ${fmtNum(fd.max)} ${fd.unit}`}
          inputMode="numeric"
          min={fd.min}
          max={fd.max}
          placeholder="0"
          autoComplete="off"
        />
      ))}
    </>
  );
}

function CategoryChoice(props: { form: ReturnType<typeof useForm<Record<string, string>>>; type: ActivityType }) {
  const f = props.form;
  const cat = props.type.category!;
  const err = f.errors.category;
  return (
    <fieldset class={'choices' + (err ? ' has-err' : '')} aria-describedby={err ? f.prefix + '-category-err' : undefined}>
      <legend>{cat.name} <span class="req" aria-hidden="true">*</span></legend>
      <div class="chips">
        {cat.options.map((o) => (
          <label class={'chip' + (f.values.category === o.code ? ' on' : '')}>
            <input
              type="radio"
              name={f.prefix + '-category'}
              value={o.code}
              checked={f.values.category === o.code}
              aria-invalid={err ? 'true' : undefined}
              onChange={() => f.setValues((s) => ({ ...s, category: o.code }))}
            />
            <span>{o.name}</span>
          </label>
        ))}
      </div>
      {err && <p id={f.prefix + '-category-err'} class="field-err">{err}</p>}
    </fieldset>
  );
}

function emptyValues(type: ActivityType | undefined, keep: Record<string, string>) {
  const v: Record<string, string> = { team_id: keep.team_id || '', type: type?.code || '', date: keep.date || isoToday(), category: '', note: '' };
  for (const f of type?.fields || []) v[qkey(f.code)] = '';
  return v;
}

/** The teams this user may log for, and which one to preselect. */
function teamChoice(user: User, teams: Team[], ctx: Unit | undefined, date: string, wanted: string) {
  // A team member logs only for the teams attached to their own unit.
  const mine = user.role === 'team_member' ? teams.filter((t) => t.unit_id === user.unit_id) : teams;
  const active = mine.filter((t) => isActive(t, date));
  let pre = '';
  if (wanted && active.some((t) => String(t.id) === wanted)) pre = wanted;
  else if (active.length === 1) pre = String(active[0].id);
  else if (ctx) {
    const own = active.filter((t) => t.unit_id === ctx.id);
    if (own.length === 1) pre = String(own[0].id);
  }
  if (!pre && user.role !== 'team_member' && !active.length) pre = NO_TEAM;
  return { active, pre };
}

function LogForm(props: {
  user: User;
  ctx: Unit | undefined;
  teams: Team[];
  types: ActivityType[];
  wantedTeam: string;
  onSaved: () => void;
}) {
  const { user, types } = props;
  const officer = user.role !== 'team_member';
  const sub = useRef(idempotent());
  const [retry, setRetry] = useState(false);
  const [saved, setSaved] = useState<Activity | null>(null);
  const [queued, setQueued] = useState('');  // what went into the outbox (no connection)
  const [pickType, setPickType] = useState(true);
  const f = useForm<Record<string, string>>(emptyValues(undefined, {}));
  const savedRef = useRef<HTMLDivElement>(null);
  const type = types.find((t) => t.code === f.values.type);
  const date = isIsoDate(f.values.date) ? f.values.date : isoToday();
  const { active, pre } = teamChoice(user, props.teams, props.ctx, date, props.wantedTeam);

  // Preselect the team once the list is known (and again when the date makes it inactive).
  useEffect(() => {
    if (!f.values.team_id || (f.values.team_id !== NO_TEAM && !active.some((t) => String(t.id) === f.values.team_id))) {
      if (pre !== f.values.team_id) f.setValues((s) => ({ ...s, team_id: pre }));
    }
  }, [pre, active.length]);

  const chooseType = (t: ActivityType) => {
    sub.current.reset();
    setRetry(false);
    f.setValues((s) => emptyValues(t, s));
    setPickType(false);
    if (!t.category) {
      setTimeout(() => document.getElementById(f.prefix + '-' + qkey(t.fields[0].code))?.focus(), 0);
    }
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (!type) return;
    setSaved(null);
    setQueued('');
    f.submit(
      (v) => {
        const errs: Errs = {};
        if (!v.team_id) errs.team_id = 'Vui lòng chọn tổ.';
        V.required(errs, v, 'date', 'ngày');
        V.date(errs, v, 'date');
        if (!errs.date && v.date > isoToday()) errs.date = 'Không ghi hoạt động cho ngày trong tương lai.';
        if (!errs.date && v.date < '2020-01-01') errs.date = 'Ngày phải từ 01/01/2020 trở đi.';
        if (type.category && !v.category) errs.category = `Vui lòng chọn ${type.category.name.toLowerCase()}.`;
        validateQuantities(errs, v, type);
        V.maxLen(errs, v, 'note', 1000);
        return errs;
      },
      async (v) => {
        const body: Record<string, unknown> = { type: type.code, date: v.date, quantities: quantitiesBody(v, type, false) };
        if (v.team_id && v.team_id !== NO_TEAM) body.team_id = Number(v.team_id);
        else if (props.ctx) body.unit_id = props.ctx.id;
        if (type.category) body.category = v.category;
        if (v.note.trim()) body.note = v.note.trim();
        let a: Activity | null;
        const label = [type.name, fmtDate(v.date), quantitiesText({ quantities: body.quantities } as Activity, type)].join(' · ');
        try {
          // No connection: into the outbox (the Đồng bộ screen's), sent once when it returns.
          a = await saveOrQueue<Activity>(sub.current, '/activities', body, { type: 'activity.create', label });
        } catch (err) {
          if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) {
            setRetry(true);
            throw new ApiError(err.status, {
              ...err.problem,
              detail: (err.problem.detail || err.message) + ' Bấm “Gửi lại”: hoạt động sẽ không bị tính hai lần.',
            });
          }
          setRetry(false);
          if (err instanceof ApiError && err.problem.code === 'idempotency_key_reused') {
            props.onSaved();
            throw new ApiError(err.status, {
              ...err.problem,
              detail: 'Lần gửi trước có thể đã được lưu với nội dung khác. Xem “Hoạt động gần đây” trước khi lưu lại.',
            });
          }
          throw err;
        }
        setRetry(false);
        if (a) setSaved(a);
        else setQueued(label);
        f.setValues((s) => ({ ...emptyValues(type, s), category: s.category }));
        props.onSaved();
        setTimeout(() => { savedRef.current?.focus(); savedRef.current?.scrollIntoView({ block: 'nearest' }); }, 0);
      },
    );
  };

  // "Tổ CNSCĐ thôn Nà Pầu" names its unit already; other names get it added.
  const teamName = (t: Team) => {
    const place = (t.unit?.name || '').toLowerCase().split(' ').slice(1).join(' ');
    return t.name + (t.unit && place && !t.name.toLowerCase().includes(place) ? ` (${t.unit.name})` : '');
  };
  const teamOpts = [
    ...(active.length !== 1 || officer ? [{ value: '', label: '— Chọn tổ —' }] : []),
    ...active.map((t) => ({ value: String(t.id), label: teamName(t) })),
    ...(officer && props.ctx ? [{ value: NO_TEAM, label: `Không theo tổ (ghi cho ${props.ctx.name})` }] : []),
  ];
  const oneTeam = !officer && active.length === 1;

  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate class="logform" aria-label="Ghi hoạt động">
      {saved && (
        <div class="saved" role="status" tabIndex={-1} ref={savedRef} id="saved">
          <strong class="saved-h">✓ Đã lưu</strong>
          <span>
            {saved.type_name}{saved.category_name ? ' · ' + saved.category_name : ''} · {quantitiesText(saved, types.find((t) => t.code === saved.type))} · {fmtDate(saved.date)}
          </span>
          <span class="muted small">Ghi tiếp hoạt động cùng loại bên dưới, hoặc bấm “Đổi loại”.</span>
        </div>
      )}
      {queued && (
        <div class="saved" role="status" tabIndex={-1} ref={savedRef} id="queued">
          <strong class="saved-h">{QUEUED}</strong>
          <span>{queued}</span>
          <span class="muted small">Xem các thay đổi đang chờ ở mục “Đồng bộ”.</span>
        </div>
      )}
      {oneTeam ? (
        <p class="team-line">Tổ: <strong id="log-team">{teamName(active[0])}</strong></p>
      ) : !officer && active.length === 0 ? (
        <div class="msg err" role="alert">Đơn vị của bạn chưa có tổ hoạt động vào ngày {fmtDate(date)}.</div>
      ) : (
        <Field {...f.bind('team_id')} label="Tổ" required options={teamOpts} />
      )}

      {pickType || !type ? (
        <fieldset class="choices">
          <legend>Loại hoạt động <span class="req" aria-hidden="true">*</span></legend>
          <div class="tiles">
            {types.map((t) => (
              <label class={'tile' + (f.values.type === t.code ? ' on' : '')}>
                <input type="radio" name={f.prefix + '-type'} value={t.code} checked={f.values.type === t.code} onChange={() => chooseType(t)} />
                <span>{t.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <div class="picked type-picked">
          <span><span class="muted small">Loại hoạt động</span><strong id="log-type">{type.name}</strong></span>
          <button type="button" class="btn" onClick={() => { setPickType(true); setSaved(null); setQueued(''); }}>Đổi loại</button>
        </div>
      )}

      {type && (
        <>
          {type.category && <CategoryChoice form={f} type={type} />}
          <QuantityFields form={f} type={type} />
          <div class="date-row">
            <Field {...f.bind('date')} label="Ngày" type="date" required />
            <div class="chips" role="group" aria-label="Chọn nhanh ngày">
              <button type="button" class={'chip' + (f.values.date === isoToday() ? ' on' : '')} aria-pressed={f.values.date === isoToday()}
                onClick={() => f.setValues((s) => ({ ...s, date: isoToday() }))}>Hôm nay</button>
              <button type="button" class={'chip' + (f.values.date === isoAddDays(isoToday(), -1) ? ' on' : '')} aria-pressed={f.values.date === isoAddDays(isoToday(), -1)}
                onClick={() => f.setValues((s) => ({ ...s, date: isoAddDays(isoToday(), -1) }))}>Hôm qua</button>
            </div>
          </div>
          <Field {...f.bind('note')} label="Ghi chú (không bắt buộc)" textarea />
          <FormStatus form={f} />
          <button type="submit" class="btn primary wide big" disabled={f.busy}>
            {f.busy ? 'Đang lưu…' : retry ? 'Gửi lại' : 'Lưu'}
          </button>
        </>
      )}
    </form>
  );
}

function EditForm(props: { a: Activity; type: ActivityType | undefined; onDone: (a: Activity) => void; onCancel: () => void }) {
  const { a, type } = props;
  const init: Record<string, string> = { date: a.date, category: a.category || '', note: a.note || '' };
  for (const fd of type?.fields || []) init[qkey(fd.code)] = a.quantities[fd.code] ? String(a.quantities[fd.code]) : '';
  const f = useForm<Record<string, string>>(init);
  if (!type) return <p class="muted">Không còn loại hoạt động này trong danh mục.</p>;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs: Errs = {};
        V.required(errs, v, 'date', 'ngày');
        V.date(errs, v, 'date');
        if (!errs.date && v.date > isoToday()) errs.date = 'Không ghi hoạt động cho ngày trong tương lai.';
        if (type.category && !v.category) errs.category = `Vui lòng chọn ${type.category.name.toLowerCase()}.`;
        validateQuantities(errs, v, type);
        V.maxLen(errs, v, 'note', 1000);
        return errs;
      },
      async (v) => {
        const body: Record<string, unknown> = { date: v.date, quantities: quantitiesBody(v, type, true), note: v.note.trim() };
        if (type.category) body.category = v.category;
        props.onDone(await patch<Activity>('/activities/' + a.id, body));
      },
    );
  };
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate class="form" aria-label={'Sửa hoạt động ' + a.type_name}>
      {type.category && <CategoryChoice form={f} type={type} />}
      <QuantityFields form={f} type={type} />
      <Field {...f.bind('date')} label="Ngày" type="date" required />
      <Field {...f.bind('note')} label="Ghi chú" textarea />
      <FormStatus form={f} />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>Lưu</button>
        <button type="button" class="btn" onClick={props.onCancel}>Huỷ</button>
      </div>
    </form>
  );
}

export function RecentActivities(props: {
  user: User;
  unitId: number;
  types: ActivityType[];
  tick: number;
}) {
  const { user, types } = props;
  const list = useLoad(() => readOrLocal(() => get<{ items: Activity[] }>('/activities', { unit_id: props.unitId, limit: 20 }),
    () => localActivities<Activity>(props.unitId, 20)), [props.unitId, props.tick]);
  const [editing, setEditing] = useState<number | null>(null);
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState('');
  const mayChange = (a: Activity) => canWrite(user) || a.author_id === user.id;
  const remove = async (a: Activity) => {
    if (!confirm(`Xoá hoạt động “${a.type_name}” ngày ${fmtDate(a.date)}?`)) return;
    setErr(''); setMsg('');
    try {
      await del('/activities/' + a.id);
      setMsg('Đã xoá hoạt động.');
      list.reload();
    } catch (e) { setErr((e as Error).message); }
  };
  const items = list.data?.items || [];
  return (
    <Section title="Hoạt động gần đây" id="recent-h" actions={list.loading && list.data ? <span class="muted small" role="status">Đang cập nhật…</span> : undefined}>
      {err && <div class="msg err" role="alert">{err}</div>}
      {msg && <div class="msg ok" role="status">{msg}</div>}
      {list.error ? <ErrorBox error={list.error} /> : !list.data ? <Loading /> : items.length === 0 ? (
        <p class="muted">Chưa có hoạt động nào.</p>
      ) : (
        <ul class="list acts" id="recent">
          {items.map((a) => {
            const t = types.find((x) => x.code === a.type);
            return (
              <li data-id={a.id}>
                {editing === a.id ? (
                  <EditForm a={a} type={t} onCancel={() => setEditing(null)}
                    onDone={() => { setEditing(null); setMsg('Đã lưu thay đổi.'); list.reload(); }} />
                ) : (
                  <div class="act">
                    <strong>{a.type_name}{a.category_name ? ' · ' + a.category_name : ''}</strong>
                    <span class="act-q">{quantitiesText(a, t)}</span>
                    <span class="muted small">{fmtDate(a.date)}{a.unit ? ' · ' + a.unit.name : ''}</span>
                    {a.note && <span class="small pre">{a.note}</span>}
                    {mayChange(a) && (
                      <span class="row-actions">
                        <button type="button" class="btn" onClick={() => { setEditing(a.id); setMsg(''); }} aria-label={`Sửa hoạt động ${a.type_name} ngày ${fmtDate(a.date)}`}>Sửa</button>
                        <button type="button" class="btn danger" onClick={() => remove(a)} aria-label={`Xoá hoạt động ${a.type_name} ngày ${fmtDate(a.date)}`}>Xoá</button>
                      </span>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

export function ActivitiesPage() {
  useTitle('Ghi hoạt động');
  const user = session.use()!;
  const params = new URLSearchParams(location.search);
  const unitParam = params.get('unit') || '';
  const wantedTeam = params.get('team') || '';
  // Team members log for their own unit; officers for the unit they came from (default: their scope).
  const ctxId = user.role === 'team_member' ? String(user.unit_id || '') : unitParam || String(user.unit_id || '');
  // Offline (a field user), the unit and its teams as the phone last downloaded them.
  const unit = useLoad(() => (ctxId ? readOrLocal(() => get<Unit>('/units/' + ctxId), () => localUnit<Unit>(Number(ctxId))) : Promise.resolve(undefined)), [ctxId]);
  // The teams to log for: a commune's or a village's (paged on the server; 200 is more than a commune has).
  const teams = useLoad(() => (ctxId
    ? readOrLocal(() => get<{ items: Team[] }>(`/units/${ctxId}/teams`, { limit: 200 }), () => localTeams<Team>(Number(ctxId)))
    : Promise.resolve({ items: [] as Team[] })), [ctxId]);
  const types = useActivityTypes();
  const [tick, setTick] = useState(0);

  if (!ctxId) {
    return (
      <main id="main">
        <h1>Ghi hoạt động</h1>
        <p>Hãy <a href="/">chọn một đơn vị</a> trước, rồi bấm “Ghi hoạt động” trên trang của đơn vị đó.</p>
      </main>
    );
  }
  const error = unit.error || teams.error || types.error;
  const u = unit.data;
  return (
    <main id="main">
      {u && <Breadcrumb path={u.path} current="Ghi hoạt động" />}
      <h1>Ghi hoạt động</h1>
      {error ? <ErrorBox error={error} /> : !u || !teams.data || !types.data ? <Loading /> : (
        <>
          <section class="card" aria-label="Biểu mẫu ghi hoạt động">
            <LogForm
              user={user}
              ctx={u}
              teams={teams.data.items}
              types={types.data.items}
              wantedTeam={wantedTeam}
              onSaved={() => setTick((t) => t + 1)}
            />
          </section>
          <RecentActivities user={user} unitId={u.id} types={types.data.items} tick={tick} />
          <p class="links">
            <a href={'/activities/list?unit=' + u.id} id="log-list">Xem mọi hoạt động của {u.name}</a>
            {' · '}
            <a href={'/units/' + u.id + '/scorecard'}>Xem bảng chỉ tiêu của {u.name}</a>
            {' · '}
            <a href={'/activities/import' + (unitParam ? '?unit=' + unitParam : '')}>Nhập nhiều hoạt động từ tệp CSV</a>
          </p>
        </>
      )}
    </main>
  );
}

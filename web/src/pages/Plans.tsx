// Plans of a unit, and one plan: its chain, its targets' progress (lagging first) and its tasks (issue 14).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, idempotent, patch, post, upload } from '../api';
import { useIndicators } from '../catalog';
import { navigate } from '../router';
import { canWrite, session, workDate } from '../store';
import { fmtDate, fmtNum, fmtValue, isoToday } from '../format';
import { ErrorBox, Field, FormStatus, Loading, useForm, useLoad, useTitle, V, type Errs } from '../ui';

type UnitRef = { id: number; name: string };
type PlanBrief = { id: number; number: string; title: string; issued_on: string; unit: UnitRef; status: string; status_name: string; start_on: string; end_on: string; applies?: boolean };
type FileRef = { id: number; name: string; size: number; url: string };

const MAX_FILE = 2 * 1024 * 1024;

async function uploadFile(path: string, file: File) {
  if (file.size > MAX_FILE) throw new Error('Tệp quá lớn: tối đa 2 MB.');
  return upload<FileRef>(path, file, { name: file.name });
}

function Files(props: { files: FileRef[]; label: string }) {
  if (!props.files.length) return null;
  return (
    <div class="files small">{props.label}: {props.files.map((f, i) => <span key={f.id}>{i > 0 && ', '}<a href={f.url} download>{f.name}</a> ({fmtNum(Math.ceil(f.size / 1024))} KB)</span>)}</div>
  );
}

type Task = { id: number; plan_id: number; evidence?: FileRef[]; title: string; to_unit: UnitRef; to_team: { id: number; name: string } | null; due_on: string; status: string; status_name: string; overdue: boolean; note: string; link: string; can_report: boolean; can_review: boolean };

const REPORT_STATUS = [
  { value: 'in_progress', label: 'Đang thực hiện' },
  { value: 'done', label: 'Đã hoàn thành' },
  { value: 'not_started', label: 'Chưa thực hiện' },
];

/** The assignee's report: status, note, link to the evidence (phone first). */
function ReportForm(props: { task: Task; onDone: (t: Task) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const f = useForm({ status: props.task.status === 'not_started' ? 'in_progress' : props.task.status === 'done' ? 'done' : 'in_progress', note: '', link: '' });
  const validate = (v: Record<string, string>) => {
    const e: Errs = {};
    V.maxLen(e, v, 'note', 2000);
    if (v.link.trim() && !/^https?:\/\//.test(v.link.trim())) e.link = 'Liên kết phải bắt đầu bằng https://';
    return e;
  };
  return (
    <form ref={f.ref} class="task-form" onSubmit={(e) => { e.preventDefault(); f.submit(validate, async (v) => {
      const ev = file ? await uploadFile(`/tasks/${props.task.id}/evidence`, file) : null;
      const t = await post<Task>(`/tasks/${props.task.id}/report`, { status: v.status, note: v.note.trim(), link: v.link.trim() });
      props.onDone({ ...t, evidence: [...(props.task.evidence || []), ...(ev ? [ev] : [])] });
      return 'Đã gửi báo cáo.';
    }); }}>
      <Field {...f.bind('status')} label="Tình trạng" options={REPORT_STATUS} required />
      <Field {...f.bind('note')} label="Kết quả thực hiện" textarea rows={3} />
      <Field {...f.bind('link')} label="Liên kết minh chứng" type="url" inputMode="url" placeholder="https://" />
      <div class="field">
        <label for={'ev-' + props.task.id}>Tệp minh chứng (PDF, JPEG, PNG; tối đa 2 MB)</label>
        <input id={'ev-' + props.task.id} type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] || null)} />
      </div>
      <FormStatus form={f} />
      <button type="submit" class="btn primary" disabled={f.busy}>Gửi báo cáo</button>
    </form>
  );
}

/** The assigner: accept the report, or send it back with a reason. */
function ReviewForm(props: { task: Task; onDone: (t: Task) => void }) {
  const f = useForm({ reason: '' });
  const send = (decision: 'accept' | 'return') => f.submit(
    (v): Errs => (decision === 'return' && !v.reason.trim() ? { reason: 'Vui lòng nêu lý do trả lại.' } : {}),
    async (v) => {
      const t = await post<Task>(`/tasks/${props.task.id}/review`, { decision, reason: v.reason.trim() });
      props.onDone(t);
      return decision === 'accept' ? 'Đã nghiệm thu.' : 'Đã trả lại.';
    });
  return (
    <form ref={f.ref} class="task-form" onSubmit={(e) => { e.preventDefault(); send('accept'); }}>
      <Field {...f.bind('reason')} label="Lý do trả lại (nếu trả lại)" textarea rows={2} />
      <FormStatus form={f} />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>Nghiệm thu</button>
        <button type="button" class="btn" disabled={f.busy} onClick={() => send('return')}>Trả lại</button>
      </div>
    </form>
  );
}

function TaskItem(props: { task: Task }) {
  const [t, setT] = useState(props.task);
  const [open, setOpen] = useState(false);
  const done = (n: Task) => { setT(n); setOpen(false); };
  return (
    <li id={'task-' + t.id}>
      <strong>{t.title}</strong> — {t.to_team ? t.to_team.name : t.to_unit.name}, hạn {fmtDate(t.due_on)} · <span class="task-status">{t.status_name}</span>
      {t.overdue && <span class="msg err"> Quá hạn</span>}
      {t.note && <div class="muted">{t.note}</div>}
      {t.link && <div><a href={t.link} rel="noopener noreferrer" target="_blank">Minh chứng</a></div>}
      <Files files={t.evidence || []} label="Tệp minh chứng" />
      {(t.can_report || t.can_review) && !open && (
        <div class="actions">
          <button type="button" class="btn" onClick={() => setOpen(true)}>{t.can_review ? 'Nghiệm thu / trả lại' : 'Báo cáo tiến độ'}</button>
        </div>
      )}
      {open && t.can_review && <ReviewForm task={t} onDone={done} />}
      {open && !t.can_review && t.can_report && <ReportForm task={t} onDone={done} />}
    </li>
  );
}
type Plan = PlanBrief & { documents: FileRef[]; issuer_organ: string; parent_id: number | null; editable: boolean; ancestors: PlanBrief[]; children: PlanBrief[]; tasks: Task[] };
type Progress = { id: number; unit: UnitRef; indicator_name: string; indicator_unit: string; value: number; deadline: string; current: number | null; projected: number | null; forecast: string; forecast_name: string };

const FORECAST_CLASS: Record<string, string> = { missed: 'err', at_risk: 'err', on_track: 'ok', met: 'ok', historical: 'muted' };

function PlanLink(props: { p: PlanBrief }) {
  const p = props.p;
  return <a href={`/plans/${p.id}`}>Kế hoạch số {p.number} ngày {fmtDate(p.issued_on)}: {p.title}</a>;
}

const PLAN_STATUS = [
  { value: 'draft', label: 'Dự thảo' },
  { value: 'issued', label: 'Đã ban hành' },
  { value: 'ended', label: 'Đã kết thúc' },
];

type PlanValues = { number: string; issued_on: string; issuer_organ: string; title: string; start_on: string; end_on: string; status: string; parent_id: string };

function validatePlan(v: PlanValues): Errs {
  const e: Errs = {};
  V.required(e, v, 'number', 'số kế hoạch');
  V.required(e, v, 'title', 'trích yếu');
  V.required(e, v, 'issuer_organ', 'cơ quan ban hành');
  for (const d of ['issued_on', 'start_on', 'end_on']) { V.required(e, v, d, 'ngày'); V.date(e, v, d); }
  V.notBefore(e, v, 'start_on', 'issued_on', 'Ngày bắt đầu không được trước ngày ban hành.');
  V.notBefore(e, v, 'end_on', 'start_on', 'Ngày kết thúc không được trước ngày bắt đầu.');
  return e;
}

/** A new plan of a unit (draft or issued), or a plan's changes (PATCH). */
function PlanForm(props: { unit: UnitRef; plan?: Plan; parents: PlanBrief[]; onSaved: (p: Plan) => void }) {
  const p = props.plan;
  const today = isoToday();
  const f = useForm<PlanValues>({
    number: p?.number || '', issued_on: p?.issued_on || today, issuer_organ: p?.issuer_organ || '', title: p?.title || '',
    start_on: p?.start_on || today, end_on: p?.end_on || '', status: p?.status || 'draft', parent_id: p?.parent_id ? String(p.parent_id) : '',
  });
  const [once] = useState(() => idempotent());
  const parents = [{ value: '', label: '— Không —' }, ...props.parents.filter((x) => x.id !== p?.id).map((x) => ({ value: String(x.id), label: `${x.number} – ${x.unit.name}` }))];
  return (
    <form ref={f.ref} id="plan-form" onSubmit={(e) => { e.preventDefault(); f.submit(validatePlan, async (v) => {
      const body = { ...v, number: v.number.trim(), title: v.title.trim(), issuer_organ: v.issuer_organ.trim(), parent_id: v.parent_id ? Number(v.parent_id) : null };
      const saved = p ? await patch<Plan>(`/plans/${p.id}`, body) : await once.post<Plan>('/plans', { ...body, unit_id: props.unit.id });
      props.onSaved(saved);
      return 'Đã lưu kế hoạch.';
    }); }}>
      <Field {...f.bind('number')} label="Số kế hoạch" placeholder="265/KH-UBND" required />
      <Field {...f.bind('issuer_organ')} label="Cơ quan ban hành" placeholder="UBND huyện …" required />
      <Field {...f.bind('title')} label="Trích yếu" textarea rows={2} required />
      <Field {...f.bind('issued_on')} label="Ngày ban hành" type="date" required />
      <Field {...f.bind('start_on')} label="Thực hiện từ ngày" type="date" required />
      <Field {...f.bind('end_on')} label="Đến ngày" type="date" required />
      <Field {...f.bind('status')} label="Trạng thái" options={PLAN_STATUS} required />
      <Field {...f.bind('parent_id')} label="Thực hiện kế hoạch cấp trên" options={parents} />
      <FormStatus form={f} />
      <button type="submit" class="btn primary" disabled={f.busy}>{p ? 'Lưu thay đổi' : 'Tạo kế hoạch'}</button>
    </form>
  );
}

const CASCADES = [
  { value: 'none', label: 'Chỉ đơn vị này' },
  { value: 'same', label: 'Giao cùng mức cho mọi đơn vị cấp dưới' },
  { value: 'population', label: 'Chia tổng theo dân số' },
  { value: 'table', label: 'Giao theo bảng (nhập từng đơn vị)' },
];

type TablePart = { unit_id: number; code: string; name: string; value: number };

/** The split table as a file: the template to fill in Excel, and the filled file (.xlsx or .csv) read all or nothing. */
function TableFile(props: { plan: Plan; indicator: string; onParts: (parts: TablePart[]) => void }) {
  const [state, setState] = useState<{ busy: boolean; msg: string; errors: { field?: string; message?: string; code?: string }[] }>({ busy: false, msg: '', errors: [] });
  if (!props.indicator) return <p class="small muted">Chọn chỉ số để tải tệp mẫu Excel hoặc nhập bảng từ tệp.</p>;
  const read = async (file: File | null) => {
    if (!file) return;
    if (file.size > 1024 * 1024) { setState({ busy: false, msg: 'Tệp quá lớn: tối đa 1 MB.', errors: [] }); return; }
    setState({ busy: true, msg: 'Đang đọc tệp…', errors: [] });
    try {
      const r = await upload<{ parts: TablePart[]; sum: number }>(`/plans/${props.plan.id}/target-table`, file, { indicator: props.indicator, name: file.name });
      props.onParts(r.parts);
      setState({ busy: false, msg: `Đã đọc ${fmtNum(r.parts.length)} đơn vị, tổng ${fmtNum(r.sum)}. Kiểm tra rồi bấm "Giao chỉ tiêu".`, errors: [] });
    } catch (e) {
      const err = e as ApiError;
      setState({ busy: false, msg: err.problem?.detail && !err.problem.errors?.length ? err.problem.detail : 'Tệp có lỗi, chưa nhập dòng nào:', errors: err.problem?.errors || [] });
    }
  };
  return (
    <div class="table-file">
      <a class="btn" href={`/api/v1/plans/${props.plan.id}/target-table.xlsx?indicator=${encodeURIComponent(props.indicator)}`} download>Tải tệp mẫu (.xlsx)</a>
      <div class="field">
        <label for="table-file">Nhập bảng từ tệp Excel (.xlsx) hoặc CSV</label>
        <input id="table-file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          disabled={state.busy} onChange={(e) => read(e.currentTarget.files?.[0] || null)} />
      </div>
      <div role="status" aria-live="polite" class={state.errors.length ? 'msg err' : state.msg ? 'msg ok' : 'sr'} id="table-file-status">
        {state.msg}
        {state.errors.length > 0 && (
          <ul class="row-errs">{state.errors.map((r, i) => <li key={i}>{r.message || r.code}</li>)}</ul>
        )}
      </div>
    </div>
  );
}

/** A target of the plan's unit, cascaded to the units below (same, by population, or a table that must add up). */
function TargetForm(props: { plan: Plan; onSaved: () => void }) {
  const inds = useIndicators();
  const children = useLoad(() => get<{ items: UnitRef[] }>(`/units/${props.plan.unit.id}/children`, { date: props.plan.start_on }), [props.plan.id]);
  const f = useForm({ indicator: '', value: '', deadline: props.plan.end_on, cascade: 'none' });
  const [parts, setParts] = useState<Record<number, string>>({});
  const ind = inds.data?.items.find((i) => i.code === f.values.indicator);
  const additive = !!ind && ind.unit !== '%' && ['sum', 'count', 'teams', 'members', 'trained_members', 'register_residents'].includes(ind.kind);
  const kids = children.data?.items || [];
  const sum = kids.reduce((a, k) => a + (Number(parts[k.id]) || 0), 0);
  const total = Number(f.values.value) || 0;
  const table = f.values.cascade === 'table';
  const validate = (v: Record<string, string>) => {
    const e: Errs = {};
    V.required(e, v, 'indicator', 'chỉ số');
    if (!v.value.trim() || !(Number(v.value) >= 0)) e.value = 'Chỉ tiêu phải là số không âm.';
    else if (ind?.unit === '%' && Number(v.value) > 100) e.value = 'Chỉ tiêu tỷ lệ không được quá 100%.';
    V.required(e, v, 'deadline', 'hạn'); V.date(e, v, 'deadline');
    if (v.deadline && v.deadline > props.plan.end_on) e.deadline = 'Hạn không được sau ngày kết thúc kế hoạch.';
    if (v.deadline && v.deadline < props.plan.issued_on) e.deadline = 'Hạn không được trước ngày ban hành kế hoạch.';
    if (v.cascade === 'table') {
      if (kids.some((k) => parts[k.id] === undefined || parts[k.id] === '' || !(Number(parts[k.id]) >= 0))) e.cascade = 'Nhập chỉ tiêu cho từng đơn vị cấp dưới.';
      else if (additive && Math.abs(sum - total) > 1e-6 * Math.max(1, total)) e.cascade = `Tổng các đơn vị cấp dưới là ${fmtNum(sum)}, khác tổng ${fmtNum(total)}.`;
    }
    return e;
  };
  const options = [{ value: '', label: '— Chọn chỉ số —' }, ...(inds.data?.items || []).filter((i) => i.kind !== 'composite' && i.kind !== 'population').map((i) => ({ value: i.code, label: `${i.name} (${i.unit})` }))];
  return (
    <form ref={f.ref} id="target-form" onSubmit={(e) => { e.preventDefault(); f.submit(validate, async (v) => {
      const body: Record<string, unknown> = { indicator: v.indicator, value: Number(v.value), deadline: v.deadline, cascade: v.cascade };
      if (v.cascade === 'table') body.parts = kids.map((k) => ({ unit_id: k.id, value: Number(parts[k.id]) }));
      await post(`/plans/${props.plan.id}/targets`, body);
      props.onSaved();
      return 'Đã giao chỉ tiêu.';
    }); }}>
      <Field {...f.bind('indicator')} label="Chỉ số" options={options} required />
      <Field {...f.bind('value')} label={'Chỉ tiêu' + (ind ? ` (${ind.unit})` : '')} type="number" inputMode="decimal" required />
      <Field {...f.bind('deadline')} label="Hạn hoàn thành" type="date" required />
      <Field {...f.bind('cascade')} label="Giao xuống đơn vị cấp dưới" options={CASCADES} />
      {table && (
        <fieldset class="parts" id="parts">
          <legend>Chỉ tiêu từng đơn vị</legend>
          <TableFile plan={props.plan} indicator={f.values.indicator} onParts={(ps) => setParts(Object.fromEntries(ps.map((x) => [x.unit_id, String(x.value)])))} />
          {kids.map((k) => (
            <div class="field" key={k.id}>
              <label for={'part-' + k.id}>{k.name}</label>
              <input id={'part-' + k.id} type="number" inputMode="decimal" min={0} value={parts[k.id] ?? ''}
                onInput={(e) => setParts({ ...parts, [k.id]: (e.currentTarget as HTMLInputElement).value })} />
            </div>
          ))}
          {additive && (
            <p id="parts-sum" role="status" aria-live="polite" class={Math.abs(sum - total) < 1e-6 ? 'msg ok' : 'msg err'}>
              Tổng: {fmtNum(sum)} / {fmtNum(total)}{Math.abs(sum - total) < 1e-6 ? ' — khớp' : ' — chưa khớp'}
            </p>
          )}
        </fieldset>
      )}
      <FormStatus form={f} />
      <button type="submit" class="btn primary" disabled={f.busy}>Giao chỉ tiêu</button>
    </form>
  );
}

/** A task to a unit below the plan's unit. */
function TaskForm(props: { plan: Plan; onSaved: () => void }) {
  const children = useLoad(() => get<{ items: UnitRef[] }>(`/units/${props.plan.unit.id}/children`, { date: isoToday() < props.plan.end_on ? isoToday() : props.plan.start_on }), [props.plan.id]);
  const f = useForm({ to_unit_id: '', title: '', due_on: '', description: '', evidence_expected: '' });
  const [once] = useState(() => idempotent());
  const validate = (v: Record<string, string>) => {
    const e: Errs = {};
    V.required(e, v, 'to_unit_id', 'đơn vị');
    V.required(e, v, 'title', 'nội dung nhiệm vụ');
    V.required(e, v, 'due_on', 'hạn'); V.date(e, v, 'due_on');
    if (v.due_on && !e.due_on && v.due_on < props.plan.issued_on) e.due_on = 'Hạn không được trước ngày ban hành kế hoạch.';
    return e;
  };
  const units = [{ value: '', label: '— Chọn đơn vị —' }, ...(children.data?.items || []).map((u) => ({ value: String(u.id), label: u.name }))];
  return (
    <form ref={f.ref} id="task-form" onSubmit={(e) => { e.preventDefault(); f.submit(validate, async (v) => {
      await once.post(`/plans/${props.plan.id}/tasks`, { to_unit_id: Number(v.to_unit_id), title: v.title.trim(), due_on: v.due_on, description: v.description.trim(), evidence_expected: v.evidence_expected.trim() });
      props.onSaved();
      return 'Đã giao nhiệm vụ.';
    }); }}>
      <Field {...f.bind('to_unit_id')} label="Giao cho" options={units} required />
      <Field {...f.bind('title')} label="Nội dung nhiệm vụ" textarea rows={2} required />
      <Field {...f.bind('due_on')} label="Hạn" type="date" required />
      <Field {...f.bind('description')} label="Mô tả" textarea rows={2} />
      <Field {...f.bind('evidence_expected')} label="Minh chứng cần nộp" />
      <FormStatus form={f} />
      <button type="submit" class="btn primary" disabled={f.busy}>Giao nhiệm vụ</button>
    </form>
  );
}

/** The plan's document (a PDF), uploaded by the issuer. */
function DocumentUpload(props: { plan: Plan; onSaved: () => void }) {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      await uploadFile(`/plans/${props.plan.id}/document`, file);
      setMsg({ ok: true, text: 'Đã tải lên ' + file.name });
      props.onSaved();
    } catch (err) {
      setMsg({ ok: false, text: (err as { problem?: { detail?: string } }).problem?.detail || (err as Error).message });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  return (
    <div class="field no-print">
      <label for="plan-doc">Tải lên văn bản kế hoạch (PDF, tối đa 2 MB)</label>
      <input id="plan-doc" type="file" accept="application/pdf" disabled={busy} onChange={onFile} />
      {msg && <p role="status" class={msg.ok ? 'msg ok' : 'msg err'}>{msg.text}</p>}
    </div>
  );
}

export function PlansPage(props: { id: string }) {
  const r = useLoad(() => get<{ unit: UnitRef; items: PlanBrief[] }>(`/units/${props.id}/plans`, { below: '1' }), [props.id]);
  useTitle(r.data ? 'Kế hoạch – ' + r.data.unit.name : 'Kế hoạch');
  const user = session.use();
  const [creating, setCreating] = useState(false);
  return (
    <main id="main">
      <h1 tabIndex={-1}>Kế hoạch{r.data ? ' – ' + r.data.unit.name : ''}</h1>
      {r.error && <ErrorBox error={r.error} />}
      {r.loading && !r.data && <Loading />}
      <div class="actions">
        <a class="btn" href={`/units/${props.id}/plan-board`} id="plan-board">Bảng điều hành</a>
        {r.data && canWrite(user) && !creating && <button type="button" class="btn primary" id="new-plan" onClick={() => setCreating(true)}>Tạo kế hoạch</button>}
      </div>
      {r.data && creating && (
        <PlanForm unit={r.data.unit} parents={r.data.items.filter((p) => p.applies)} onSaved={(p) => navigate(`/plans/${p.id}`)} />
      )}
      {r.data && !r.data.items.length && <p class="muted">Chưa có kế hoạch nào.</p>}
      <ul>
        {r.data?.items.map((p) => (
          <li key={p.id}><PlanLink p={p} /> <span class="muted">({p.unit.name}, {p.status_name}, {fmtDate(p.start_on)}–{fmtDate(p.end_on)})</span></li>
        ))}
      </ul>
    </main>
  );
}

export function PlanPage(props: { id: string }) {
  const plan = useLoad(() => get<Plan>(`/plans/${props.id}`), [props.id]);
  const prog = useLoad(() => get<{ items: Progress[] }>(`/plans/${props.id}/progress`), [props.id]);
  const p = plan.data;
  useTitle(p ? 'Kế hoạch ' + p.number : 'Kế hoạch');
  const [form, setForm] = useState<'' | 'edit' | 'target' | 'task'>('');
  // A notification opens the plan at its task (#task-N).
  useEffect(() => {
    if (p && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [p?.id]);
  const saved = () => { setForm(''); plan.reload(); prog.reload(); };
  return (
    <main id="main">
      <h1 tabIndex={-1}>{p ? `Kế hoạch số ${p.number}` : 'Kế hoạch'}</h1>
      {plan.error && <ErrorBox error={plan.error} />}
      {plan.loading && !p && <Loading />}
      {p && (
        <>
          <p>{p.title}</p>
          <p class="muted">{p.issuer_organ}, ngày {fmtDate(p.issued_on)} · áp dụng: {p.unit.name} · {fmtDate(p.start_on)}–{fmtDate(p.end_on)} · {p.status_name}</p>
          {p.ancestors.length > 0 && <p>Thực hiện: {p.ancestors.map((a) => <span key={a.id}><PlanLink p={a} /> </span>)}</p>}
          {p.editable && (
            <div class="actions" id="plan-actions">
              <button type="button" class="btn" onClick={() => setForm(form === 'edit' ? '' : 'edit')}>Sửa kế hoạch</button>
              <button type="button" class="btn" onClick={() => setForm(form === 'target' ? '' : 'target')}>Thêm chỉ tiêu</button>
              <button type="button" class="btn" onClick={() => setForm(form === 'task' ? '' : 'task')}>Giao nhiệm vụ</button>
            </div>
          )}
          <Files files={p.documents} label="Văn bản kế hoạch" />
          {p.editable && <DocumentUpload plan={p} onSaved={saved} />}
          {form === 'edit' && <PlanForm unit={p.unit} plan={p} parents={p.ancestors} onSaved={saved} />}
          {form === 'target' && <TargetForm plan={p} onSaved={saved} />}
          {form === 'task' && <TaskForm plan={p} onSaved={saved} />}
          {p.children.length > 0 && (
            <><h2>Kế hoạch cấp dưới thực hiện</h2><ul>{p.children.map((c) => <li key={c.id}><PlanLink p={c} /> <span class="muted">({c.unit.name})</span></li>)}</ul></>
          )}
          <h2>Tiến độ chỉ tiêu (chậm nhất trước)</h2>
          {prog.error && <ErrorBox error={prog.error} />}
          {prog.data && !prog.data.items.length && <p class="muted">Chưa có chỉ tiêu.</p>}
          <ul class="cards">
            {prog.data?.items.map((t) => (
              <li key={t.id}>
                <strong>{t.unit.name}</strong>: {t.indicator_name} — {fmtValue(t.current, t.indicator_unit)} / {fmtValue(t.value, t.indicator_unit)}, hạn {fmtDate(t.deadline)}{' '}
                <span class={'msg tag ' + (FORECAST_CLASS[t.forecast] || '')}>{t.forecast_name}</span>
                {t.projected !== null && <span class="muted"> (dự báo đến hạn: {fmtValue(t.projected, t.indicator_unit)})</span>}
              </li>
            ))}
          </ul>
          <h2>Nhiệm vụ</h2>
          {!p.tasks.length && <p class="muted">Chưa có nhiệm vụ.</p>}
          <ul class="cards">
            {p.tasks.map((t) => <TaskItem key={t.id} task={t} />)}
          </ul>
        </>
      )}
    </main>
  );
}

type BoardTarget = { id: number; unit: UnitRef; indicator_name: string; indicator_unit: string; value: number; deadline: string; current: number | null; share: number | null; forecast: string; forecast_name: string; plan_number?: string };
type BoardPlan = PlanBrief & { targets: { met: number; missed: number; on_track: number; at_risk: number; historical: number; total: number }; own_targets: BoardTarget[]; overdue_tasks: number };
type Board = { unit: UnitRef; date: string; plans: BoardPlan[]; overdue_tasks: (Task & { plan_number: string; days_late: number })[]; overdue_count: number; behind: BoardTarget[] };

/** A share of target as a bar (0–100 %), the figure beside it. */
function ShareBar(props: { share: number | null; forecast: string }) {
  const pct = Math.max(0, Math.min(100, Math.round((props.share ?? 0) * 100)));
  return (
    <span class="share">
      <span class={'share-bar ' + (FORECAST_CLASS[props.forecast] || '')} aria-hidden="true"><span style={{ width: pct + '%' }} /></span>
      <span class="share-num">{pct}%</span>
    </span>
  );
}

/** The plans' targets by forecast, as one stacked bar per plan (a chart readable without colour: the counts are written). */
function ForecastBars(props: { plans: BoardPlan[] }) {
  const parts: [keyof BoardPlan['targets'], string, string][] = [['met', 'Đạt', 'met'], ['on_track', 'Đúng tiến độ', 'on'], ['at_risk', 'Có nguy cơ', 'risk'], ['missed', 'Không đạt', 'miss']];
  return (
    <div class="fbars" role="img" aria-label={props.plans.map((p) => `${p.number}: ${p.targets.met} đạt, ${p.targets.at_risk} có nguy cơ, ${p.targets.missed} không đạt trên ${p.targets.total}`).join('; ')}>
      {props.plans.map((p) => (
        <div class="fbar-row" key={p.id}>
          <span class="fbar-label">{p.number}</span>
          <span class="fbar">
            {parts.map(([k, , cls]) => p.targets[k] > 0 && <span key={k} class={'fbar-' + cls} style={{ flex: String(p.targets[k]) }} title={String(p.targets[k])}>{p.targets[k]}</span>)}
          </span>
        </div>
      ))}
      <p class="small muted fbar-legend">{parts.map(([, name, cls]) => <span key={cls}><i class={'fbar-' + cls} /> {name} </span>)}</p>
    </div>
  );
}

/** "Bảng điều hành": the leader's view of their area — open plans, each target's progress, overdue tasks, units most behind. Printable. */
export function PlanBoardPage(props: { id: string }) {
  const on = workDate.use();
  const r = useLoad(() => get<Board>(`/units/${props.id}/plan-board`, { date: on }), [props.id, on]);
  const b = r.data;
  useTitle(b ? 'Bảng điều hành – ' + b.unit.name : 'Bảng điều hành');
  return (
    <main id="main" class="board">
      <h1 tabIndex={-1}>Bảng điều hành{b ? ' – ' + b.unit.name : ''}</h1>
      {r.error && <ErrorBox error={r.error} />}
      {r.loading && !b && <Loading />}
      {b && (
        <>
          <p class="muted">Số liệu đến ngày {fmtDate(b.date)} · {b.plans.length} kế hoạch đang thực hiện · {fmtNum(b.overdue_count)} nhiệm vụ quá hạn</p>
          <div class="actions no-print"><button type="button" class="btn" onClick={() => window.print()}>In bảng điều hành</button></div>
          {!b.plans.length && <p class="muted">Không có kế hoạch nào đang thực hiện.</p>}
          {b.plans.length > 0 && (
            <section id="board-chart"><h2>Chỉ tiêu theo dự báo</h2><ForecastBars plans={b.plans} /></section>
          )}
          <section id="board-plans">
            <h2>Kế hoạch đang thực hiện</h2>
            <ul class="cards">
              {b.plans.map((p) => (
                <li key={p.id}>
                  <PlanLink p={p} /> <span class="muted">({p.unit.name}, đến {fmtDate(p.end_on)})</span>
                  <table class="board-targets">
                    <tbody>
                      {p.own_targets.map((t) => (
                        <tr key={t.id}>
                          <th scope="row">{t.indicator_name}</th>
                          <td>{fmtValue(t.current, t.indicator_unit)} / {fmtValue(t.value, t.indicator_unit)}</td>
                          <td><ShareBar share={t.share} forecast={t.forecast} /></td>
                          <td><span class={'msg tag ' + (FORECAST_CLASS[t.forecast] || '')}>{t.forecast_name}</span></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {p.overdue_tasks > 0 && <div class="msg err">{p.overdue_tasks} nhiệm vụ quá hạn</div>}
                </li>
              ))}
            </ul>
          </section>
          <section id="board-behind">
            <h2>Đơn vị chậm nhất</h2>
            {!b.behind.length && <p class="muted">Không có đơn vị nào có nguy cơ không đạt.</p>}
            <ol class="cards">
              {b.behind.map((t) => (
                <li key={t.id}><strong>{t.unit.name}</strong>: {t.indicator_name} — {fmtValue(t.current, t.indicator_unit)} / {fmtValue(t.value, t.indicator_unit)} <ShareBar share={t.share} forecast={t.forecast} /> <span class="muted">(KH {t.plan_number}, hạn {fmtDate(t.deadline)})</span></li>
              ))}
            </ol>
          </section>
          <section id="board-overdue">
            <h2>Nhiệm vụ quá hạn</h2>
            {!b.overdue_tasks.length && <p class="muted">Không có nhiệm vụ quá hạn.</p>}
            <ul class="cards">
              {b.overdue_tasks.map((t) => (
                <li key={t.id}><a href={`/plans/${t.plan_id}#task-${t.id}`}>{t.title}</a> — {t.to_team ? t.to_team.name : t.to_unit.name} · hạn {fmtDate(t.due_on)} · <span class="msg tag err">quá {t.days_late} ngày</span> <span class="muted">(KH {t.plan_number}, {t.status_name})</span></li>
              ))}
            </ul>
          </section>
        </>
      )}
    </main>
  );
}

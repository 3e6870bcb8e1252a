// Periodic reports (issue 15): a unit's reports by period with their status,
// one period's report (figures frozen beside live ones, history, children with
// approve-all), the workflow steps (submit, approve, return with a reason,
// reopen, not reporting), the outliers the submission flagged with their
// follow-ups, and the units that have not reported.
import { useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { fmtDate, fmtNum, fmtValue } from '../format';
import { replaceQuery } from '../router';
import { ErrorBox, Loading, Section, useLoad, useTitle } from '../ui';

type UnitRef = { id: number; name: string };
type Form = { code: string; name: string; periodicity: string; periodicity_name: string; due_day: number };
type State = { status: string; status_name: string; version: number; submitted_at: number | null; approved_at: number | null; on_time: boolean | null };
type PeriodRow = State & { period: string; title: string; due_on: string; expected: boolean; late: boolean };
type Value = { indicator: string; name: string; unit: string; live: number | null; frozen?: number | null; difference?: number | null; differs?: boolean };
type Event = { action: string; action_name: string; status: string; reason: string; by_name: string; at: number };
type Child = State & { unit: UnitRef; late: boolean };
type Violation = { rule: string; message: string; left: number | null; right: number | null; explanation: string };
type Outlier = { indicator: string; name: string; value: number; z_history: number; z_peers: number; open: boolean; outcome: string | null; outcome_name: string | null; note: string; by_name: string | null; at: number | null };
type Completeness = { expected: number; submitted: number; on_time: number; reporting_rate: number | null; on_time_rate: number | null };
type Report = State & {
  unit: UnitRef; form: Form; period: string; title: string; due_on: string; expected: boolean; figures_from: string; figures_to: string;
  approver: UnitRef | null; returned_reason: string | null; values: Value[]; differing: number; events: Event[]; violations: Violation[]; outliers: Outlier[]; open_outliers: number;
  children: Child[]; ready_children: number; completeness: Completeness; approved?: UnitRef[];
  can: { edit: boolean; submit: boolean; approve: boolean; return: boolean; reopen: boolean; mark_not_reporting: boolean; approve_children: boolean; follow_up: boolean; accept: boolean };
};
type Missing = { items: (State & { unit: UnitRef; approver: UnitRef | null; late: boolean; contacts: { full_name: string; role_name: string; phone: string | null }[] })[]; completeness: Completeness; title: string; due_on: string };

const FORM = 'hoat_dong_to_cnscd';
const STATUS_CLASS: Record<string, string> = { approved: 'ok', accepted: 'ok', submitted: 'warn', not_reporting: '', draft: '' };

const when = (t: number | null) => {
  if (!t) return '—';
  const d = new Date((t + 7 * 3600) * 1000).toISOString();
  return `${fmtDate(d.slice(0, 10))} ${d.slice(11, 16)}`;
};

function StatusTag(props: { s: State; late?: boolean }) {
  return (
    <span class="status-line">
      <span class={'msg tag ' + (STATUS_CLASS[props.s.status] || '')} data-status={props.s.status}>{props.s.status_name}</span>
      {props.late && <span class="msg tag err">Quá hạn</span>}
      {props.s.on_time === true && <span class="msg tag ok">Đúng hạn</span>}
      {props.s.on_time === false && <span class="msg tag">Gửi muộn</span>}
    </span>
  );
}

const rate = (c: Completeness) =>
  `${fmtNum(c.submitted)}/${fmtNum(c.expected)} đã gửi (${c.reporting_rate === null ? '—' : fmtNum(c.reporting_rate, 1) + '%'}), ` +
  `${fmtNum(c.on_time)} đúng hạn (${c.on_time_rate === null ? '—' : fmtNum(c.on_time_rate, 1) + '%'})`;

/** The month a scorecard's range ends in, when that month is over by its end; else the month before. */
function monthOf(to: string): string {
  const [y, m, d] = to.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d === last) return to.slice(0, 7);
  const p = new Date(Date.UTC(y, m - 2, 1));
  return p.toISOString().slice(0, 7);
}

/** A step with a reason (return, reopen, not reporting): the reason asked first, required. */
function ReasonStep(props: { label: string; action: string; onStep: (action: string, reason?: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState('');
  if (!open) return <button type="button" class="btn" data-step={props.action} onClick={() => setOpen(true)}>{props.label}</button>;
  const id = 'reason-' + props.action;
  return (
    <form class="reason-form" onSubmit={async (e) => {
      e.preventDefault();
      if (!reason.trim()) { setErr('Vui lòng nêu lý do.'); return; }
      if (reason.trim().length > 2000) { setErr('Lý do dài quá 2.000 ký tự.'); return; }
      await props.onStep(props.action, reason.trim());
    }}>
      <div class="field">
        <label for={id}>Lý do ({props.label.toLowerCase()})</label>
        <textarea id={id} rows={3} value={reason} aria-invalid={err ? 'true' : undefined} onInput={(e) => { setReason((e.currentTarget as HTMLTextAreaElement).value); setErr(''); }} />
        {err && <p class="field-err" role="alert">{err}</p>}
      </div>
      <button type="submit" class="btn primary" data-confirm={props.action}>{props.label}</button>{' '}
      <button type="button" class="btn link" onClick={() => setOpen(false)}>Huỷ</button>
    </form>
  );
}

/** The follow-up of a flagged value: checked and correct, or corrected, with a note (required). */
function FollowUp(props: { o: Outlier; onDone: (outcome: string, note: string) => Promise<void> }) {
  const [outcome, setOutcome] = useState('checked');
  const [note, setNote] = useState('');
  const [err, setErr] = useState('');
  const id = 'fu-' + props.o.indicator;
  return (
    <form class="follow-up" data-indicator={props.o.indicator} onSubmit={async (e) => {
      e.preventDefault();
      if (!note.trim()) { setErr('Vui lòng ghi chú kết quả kiểm tra.'); return; }
      if (note.trim().length > 2000) { setErr('Ghi chú dài quá 2.000 ký tự.'); return; }
      await props.onDone(outcome, note.trim());
    }}>
      <fieldset class="choices">
        <legend>Kết quả kiểm tra</legend>
        <div class="chips">
          {[['checked', 'Đã kiểm tra, số liệu đúng'], ['corrected', 'Đã sửa']].map(([code, name]) => (
            <label key={code} class={'chip' + (outcome === code ? ' on' : '')}>
              <input type="radio" name={id + '-o'} value={code} checked={outcome === code} onChange={() => setOutcome(code)} />
              <span>{name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for={id}>Ghi chú</label>
        <textarea id={id} rows={2} value={note} aria-invalid={err ? 'true' : undefined} onInput={(e) => { setNote((e.currentTarget as HTMLTextAreaElement).value); setErr(''); }} />
        {err && <p class="field-err" role="alert">{err}</p>}
      </div>
      <button type="submit" class="btn">Ghi nhận</button>
    </form>
  );
}

function ReportView(props: { unit: string; period: string }) {
  const rep = useLoad(() => get<Report>(`/units/${props.unit}/periodic/${FORM}/${props.period}`), [props.unit, props.period]);
  const [msg, setMsg] = useState<{ ok?: string; err?: string }>({});
  const [explain, setExplain] = useState<Record<string, string>>({});
  if (!rep.data) return rep.error ? <ErrorBox error={rep.error} /> : <Loading />;
  const r = rep.data;
  const base = `/units/${props.unit}/periodic/${FORM}/${props.period}`;
  const step = async (action: string, reason?: string) => {
    setMsg({});
    try {
      const body: Record<string, unknown> = { version: r.version };
      if (reason !== undefined) body.reason = reason;
      if (action === 'submit' && r.violations.length) {
        const missing = r.violations.filter((v) => !(explain[v.rule] || '').trim());
        if (missing.length) { setMsg({ err: 'Hãy giải trình từng điểm chưa hợp lệ trước khi gửi báo cáo.' }); return; }
        body.explanations = Object.fromEntries(r.violations.map((v) => [v.rule, explain[v.rule].trim()]));
      }
      const next = await post<Report>(`${base}/${action}`, action === 'approve-children' ? {} : body);
      rep.mutate(next);
      setMsg({ ok: action === 'approve-children' ? `Đã duyệt ${fmtNum(next.approved?.length || 0)} báo cáo của đơn vị cấp dưới.` : `Đã cập nhật: ${next.status_name}.` });
    } catch (e) {
      setMsg({ err: e instanceof ApiError ? e.problem.detail || e.message : String(e) });
      if (e instanceof ApiError && e.status === 409) rep.reload();
    }
  };
  const childStep = async (child: UnitRef, action: string, reason?: string) => {
    setMsg({});
    try {
      await post(`/units/${child.id}/periodic/${FORM}/${props.period}/${action}`, reason !== undefined ? { reason } : {});
      rep.reload();
      setMsg({ ok: `${child.name}: đã cập nhật.` });
    } catch (e) {
      setMsg({ err: e instanceof ApiError ? e.problem.detail || e.message : String(e) });
    }
  };
  const followUp = async (o: Outlier, outcome: string, note: string) => {
    setMsg({});
    try {
      rep.mutate(await post<Report>(`${base}/outliers/${o.indicator}/follow-up`, { outcome, note }));
      setMsg({ ok: `${o.name}: đã ghi nhận kết quả kiểm tra.` });
    } catch (e) {
      setMsg({ err: e instanceof ApiError ? e.problem.detail || e.message : String(e) });
      if (e instanceof ApiError && e.status === 409) rep.reload();
    }
  };
  return (
    <>
      <Section title={`Báo cáo ${r.title}`} id="periodic-report">
        <p><StatusTag s={r} /></p>
        <p class="small">Hạn gửi: <strong>{fmtDate(r.due_on)}</strong>{r.approver ? <> · Cấp duyệt: {r.approver.name}</> : <> · Cấp duyệt: trung ương</>}</p>
        <p class="small muted">Số liệu từ {fmtDate(r.figures_from)} đến {fmtDate(r.figures_to)}</p>
        {r.returned_reason && <div class="msg warn" role="status" id="returned-reason"><strong>Báo cáo bị trả lại:</strong> {r.returned_reason}</div>}
        {!r.expected && <div class="msg">Đơn vị không phải gửi báo cáo kỳ này.</div>}
        {msg.ok && <div class="msg ok" role="status">{msg.ok}</div>}
        {msg.err && <div class="msg err" role="alert">{msg.err}</div>}
        {r.violations.length > 0 && (
          <div class="msg warn violations" id="violations">
            <p><strong>{r.status === 'draft' ? 'Số liệu chưa hợp lệ — cần giải trình khi gửi:' : 'Giải trình của đơn vị:'}</strong></p>
            {r.violations.map((v) => (
              <div key={v.rule} class="field">
                <label for={'ex-' + v.rule}>{v.message}</label>
                {r.can.submit
                  ? <textarea id={'ex-' + v.rule} rows={2} data-rule={v.rule} value={explain[v.rule] || ''} onInput={(e) => setExplain({ ...explain, [v.rule]: (e.currentTarget as HTMLTextAreaElement).value })} />
                  : <p class="small">{v.explanation || '—'}</p>}
              </div>
            ))}
          </div>
        )}
        <div class="actions">
          {r.can.edit && <a class="btn" href={`/units/${props.unit}/reports/${props.period}`}>Soạn nội dung báo cáo</a>}
          {r.can.accept && <button type="button" class="btn primary" data-step="accept" onClick={() => step('accept')}>Tiếp nhận</button>}
          {(r.status === 'approved' || r.status === 'accepted') && <a class="btn" download id="dl-approved-pdf" href={`/api/v1/units/${props.unit}/report?period=${props.period}&format=pdf`}>Tải báo cáo đã duyệt (PDF)</a>}
          {r.can.submit && <button type="button" class="btn primary" data-step="submit" onClick={() => step('submit')}>Gửi báo cáo</button>}
          {r.can.approve && <button type="button" class="btn primary" data-step="approve" onClick={() => step('approve')}>Duyệt</button>}
          {r.can.return && <ReasonStep label="Trả lại" action="return" onStep={step} />}
          {r.can.reopen && <ReasonStep label="Mở lại" action="reopen" onStep={step} />}
          {r.can.mark_not_reporting && <ReasonStep label="Đánh dấu không báo cáo" action="not-reporting" onStep={step} />}
        </div>
      </Section>
      <Section title="Số liệu" id="periodic-values">
        {r.differing > 0 && <div class="msg warn" role="status" id="differing">{fmtNum(r.differing)} chỉ số hiện khác với số liệu đã gửi.</div>}
        <div class="table-wrap">
          <table class="figures">
            <thead><tr><th scope="col">Chỉ số</th>{r.values.some((v) => 'frozen' in v) && <th scope="col" class="num">Đã gửi</th>}<th scope="col" class="num">Hiện tại</th></tr></thead>
            <tbody>
              {r.values.map((v) => (
                <tr key={v.indicator} class={v.differs ? 'differs' : ''}>
                  <th scope="row">{v.name}</th>
                  {'frozen' in v && <td class="num">{fmtValue(v.frozen ?? null, v.unit)}</td>}
                  <td class="num">{fmtValue(v.live, v.unit)}{v.differs && v.difference !== null && v.difference !== undefined && <span class="small"> ({v.difference > 0 ? '+' : ''}{fmtValue(v.difference, v.unit)})</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      {r.outliers.length > 0 && (
        <Section title={`Giá trị bất thường (${fmtNum(r.open_outliers)} chưa xử lý)`} id="periodic-outliers">
          <p class="small muted">Số liệu khi gửi khác xa các tháng trước của đơn vị và các đơn vị cùng cấp duyệt.</p>
          <ul class="outliers">
            {r.outliers.map((o) => (
              <li key={o.indicator} data-indicator={o.indicator} class={o.open ? 'open' : 'closed'}>
                <strong>{o.name}</strong>: {fmtNum(o.value)}
                <span class="small muted"> (độ lệch so với các tháng trước {fmtNum(o.z_history, 1)}, so với đơn vị cùng cấp {fmtNum(o.z_peers, 1)})</span>
                {o.open
                  ? (r.can.follow_up ? <FollowUp o={o} onDone={(outcome, note) => followUp(o, outcome, note)} /> : <p><span class="msg tag warn">Chưa xử lý</span></p>)
                  : <p class="small"><span class="msg tag ok">{o.outcome_name}</span> — {o.by_name}, {when(o.at)}: <q>{o.note}</q></p>}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {r.children.length > 0 && (
        <Section title={`Đơn vị cấp dưới (${rate(r.completeness)})`} id="periodic-children"
          actions={r.can.approve_children ? <button type="button" class="btn primary" data-step="approve-children" onClick={() => step('approve-children')}>Duyệt tất cả báo cáo đã gửi ({fmtNum(r.ready_children)})</button> : undefined}>
          <ul class="children-list">
            {r.children.map((k) => (
              <li key={k.unit.id} data-unit={k.unit.id}>
                <a href={`/periodic/${k.unit.id}?period=${props.period}`}>{k.unit.name}</a>
                <StatusTag s={k} late={k.late} />
                <span class="muted small">{k.submitted_at ? 'Gửi ' + when(k.submitted_at) : ''}</span>
                {k.status === 'submitted' && <span class="row-actions"><button type="button" class="btn" onClick={() => childStep(k.unit, 'approve')}>Duyệt</button></span>}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="Lịch sử" id="periodic-history">
        {r.events.length === 0 ? <p class="muted">Chưa có bước nào.</p> : (
          <ol class="history">
            {r.events.map((e, i) => (
              <li key={i}><strong>{e.action_name}</strong> — {e.by_name}, {when(e.at)}{e.reason && <>: <q>{e.reason}</q></>}</li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}

function MissingView(props: { unit: string; period: string }) {
  const m = useLoad(() => get<Missing>(`/units/${props.unit}/periodic/${FORM}/${props.period}/missing`), [props.unit, props.period]);
  if (!m.data) return m.error ? <ErrorBox error={m.error} /> : <Loading />;
  return (
    <Section title={`Chưa báo cáo ${m.data.title} (${fmtNum(m.data.items.length)})`} id="periodic-missing">
      <p class="small">{rate(m.data.completeness)} · hạn {fmtDate(m.data.due_on)}</p>
      {m.data.items.length === 0 ? <p class="msg ok">Tất cả đơn vị đã gửi báo cáo.</p> : (
        <ul class="children-list">
          {m.data.items.map((x) => (
            <li key={x.unit.id} data-unit={x.unit.id}>
              <a href={`/periodic/${x.unit.id}?period=${props.period}`}>{x.unit.name}</a> <StatusTag s={x} late={x.late} />
              <div class="small">
                {x.contacts.length === 0 ? <span class="muted">Chưa có tài khoản cán bộ</span> : x.contacts.map((c, i) => (
                  <span key={i}>{i > 0 && '; '}{c.full_name} ({c.role_name}){c.phone && <> — <a href={'tel:' + c.phone}>{c.phone}</a></>}</span>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function PeriodicPage(props: { id: string }) {
  const q = new URLSearchParams(location.search);
  const to = q.get('to');
  const [period, setPeriod] = useState<string | null>(q.get('period') || (to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? monthOf(to) : null));
  const missing = q.get('missing') === '1';
  const [year, setYear] = useState<string>((period || '').slice(0, 4));
  const list = useLoad(() => get<{ unit: UnitRef; year: number; items: PeriodRow[] }>(`/units/${props.id}/periodic`, { form: FORM, year: year || undefined }), [props.id, year]);
  useTitle(list.data ? 'Báo cáo định kỳ – ' + list.data.unit.name : 'Báo cáo định kỳ');
  const choose = (p: string) => { setPeriod(p); replaceQuery({ period: p }); };
  const y = list.data?.year;
  return (
    <main id="main" class="periodic">
      <p class="small"><a href={`/units/${props.id}`}>{list.data ? list.data.unit.name : 'Đơn vị'}</a></p>
      <h1>Báo cáo định kỳ{list.data ? ' – ' + list.data.unit.name : ''}</h1>
      <p class="muted small">Báo cáo tháng về hoạt động của Tổ công nghệ số cộng đồng: gửi, duyệt, trả lại, mở lại.</p>
      {list.error && <ErrorBox error={list.error} />}
      {list.data && (
        <Section title={`Các kỳ năm ${y}`} id="periodic-periods"
          actions={<span class="year-nav"><button type="button" class="btn" onClick={() => setYear(String((y || 2022) - 1))} aria-label="Năm trước">‹</button>{' '}<button type="button" class="btn" onClick={() => setYear(String((y || 2022) + 1))} aria-label="Năm sau">›</button></span>}>
          {list.data.items.length === 0 ? <p class="muted">Không có kỳ báo cáo nào trong năm.</p> : (
            <ul class="periods">
              {list.data.items.map((p) => (
                <li key={p.period} class={p.period === period ? 'sel' : ''}>
                  <button type="button" class="btn link" aria-pressed={p.period === period} data-period={p.period} onClick={() => choose(p.period)}>Tháng {p.title.replace(/^tháng /, '')}</button>
                  <StatusTag s={p} late={p.late} />
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {period && missing && <MissingView unit={props.id} period={period} />}
      {period && <ReportView key={period} unit={props.id} period={period} />}
    </main>
  );
}

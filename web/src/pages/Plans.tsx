// Plans of a unit, and one plan: its chain, its targets' progress (lagging first) and its tasks (issue 14).
import { get } from '../api';
import { fmtDate, fmtValue } from '../format';
import { ErrorBox, Loading, useLoad, useTitle } from '../ui';

type UnitRef = { id: number; name: string };
type PlanBrief = { id: number; number: string; title: string; issued_on: string; unit: UnitRef; status: string; status_name: string; start_on: string; end_on: string; applies?: boolean };
type Task = { id: number; title: string; to_unit: UnitRef; to_team: { id: number; name: string } | null; due_on: string; status_name: string; overdue: boolean; note: string; link: string };
type Plan = PlanBrief & { issuer_organ: string; ancestors: PlanBrief[]; children: PlanBrief[]; tasks: Task[] };
type Progress = { id: number; unit: UnitRef; indicator_name: string; indicator_unit: string; value: number; deadline: string; current: number | null; projected: number | null; forecast: string; forecast_name: string };

const FORECAST_CLASS: Record<string, string> = { missed: 'err', at_risk: 'err', on_track: 'ok', met: 'ok', historical: 'muted' };

function PlanLink(props: { p: PlanBrief }) {
  const p = props.p;
  return <a href={`/plans/${p.id}`}>Kế hoạch số {p.number} ngày {fmtDate(p.issued_on)}: {p.title}</a>;
}

export function PlansPage(props: { id: string }) {
  const r = useLoad(() => get<{ unit: UnitRef; items: PlanBrief[] }>(`/units/${props.id}/plans`, { below: '1' }), [props.id]);
  useTitle(r.data ? 'Kế hoạch – ' + r.data.unit.name : 'Kế hoạch');
  return (
    <main id="main">
      <h1 tabIndex={-1}>Kế hoạch{r.data ? ' – ' + r.data.unit.name : ''}</h1>
      {r.error && <ErrorBox error={r.error} />}
      {r.loading && !r.data && <Loading />}
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
                <span class={'msg ' + (FORECAST_CLASS[t.forecast] || '')}>{t.forecast_name}</span>
                {t.projected !== null && <span class="muted"> (dự báo đến hạn: {fmtValue(t.projected, t.indicator_unit)})</span>}
              </li>
            ))}
          </ul>
          <h2>Nhiệm vụ</h2>
          {!p.tasks.length && <p class="muted">Chưa có nhiệm vụ.</p>}
          <ul class="cards">
            {p.tasks.map((t) => (
              <li key={t.id}>
                <strong>{t.title}</strong> — {t.to_team ? t.to_team.name : t.to_unit.name}, hạn {fmtDate(t.due_on)} · {t.status_name}
                {t.overdue && <span class="msg err"> Quá hạn</span>}
                {t.note && <div class="muted">{t.note}</div>}
                {t.link && <div><a href={t.link} rel="noopener noreferrer" target="_blank">Minh chứng</a></div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}

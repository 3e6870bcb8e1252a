// A leader's first screen (GET /units/{id}/summary): the area's composite
// index and counts, the indicators furthest behind their targets, and the
// units below that lag most — each a link to its scorecard. The numbers are
// the scorecard's own.
import { get } from '../api';
import { fmtNum, fmtValue } from '../format';
import type { Summary, SummaryCell } from '../types';
import { ErrorBox, Loading, useLoad } from '../ui';
import { periodText, Progress, StatusBadge } from './figures';

function Behind(props: { it: SummaryCell }) {
  const { it } = props;
  return (
    <li class="ind" data-code={it.code}>
      <span class="ind-name static">{it.name}</span>
      <span class="ind-line">
        <span>
          <span class="ind-val">{fmtValue(it.value, it.unit)}</span>
          <span class="muted small">{it.unit !== '%' ? ' ' + it.unit : ''} / chỉ tiêu {fmtValue(it.target, it.unit)}</span>
        </span>
        <StatusBadge status={it.status} name={it.status_name} />
      </span>
      <Progress value={it.value} target={it.target} status={it.status} />
    </li>
  );
}

export function SummaryCard(props: { unitId: number }) {
  const s = useLoad(() => get<Summary>(`/units/${props.unitId}/summary`), [props.unitId]);
  if (s.error) return <ErrorBox error={s.error} />;
  if (!s.data) return <Loading />;
  const d = s.data;
  const c = d.counts;
  const card = `/units/${d.unit.id}/scorecard`;
  const behind = d.targets.slice(0, 5);
  return (
    <section class="card summary" aria-labelledby="sum-h" id="summary">
      <h2 id="sum-h">{d.unit.name}</h2>
      <p class="small muted" id="sum-period">{periodText(d.from, d.to, d.structure_date, d.running)}</p>
      {d.index && (
        <p class="sum-index">
          <span class="stat-label">Chỉ số tổng hợp ba trụ cột</span>
          {d.index.value === null ? <span class="muted" id="sum-index">chưa tính được: chưa có chỉ tiêu nào ở ba trụ cột trong kỳ</span> : (
            <>
              <span class="ind-val" id="sum-index">{fmtNum(d.index.value, 1)}</span>
              <span class="muted small"> / 100 điểm </span>
              <StatusBadge status={d.index.status} name={d.index.status_name} />
            </>
          )}
        </p>
      )}
      <p class="sum-counts" id="sum-counts">
        <span><strong>{fmtNum(c.teams)}</strong> tổ</span>
        <span><strong>{fmtNum(c.members)}</strong> thành viên</span>
        {c.communes.total > 1 && <span>xã có tổ <strong>{fmtNum(c.communes.with_team)}/{fmtNum(c.communes.total)}</strong></span>}
        {c.villages.total > 0 && <span>thôn có tổ <strong>{fmtNum(c.villages.with_team)}/{fmtNum(c.villages.total)}</strong></span>}
      </p>
      <h3>Chỉ tiêu cần quan tâm</h3>
      {behind.length === 0 ? <p class="muted">Chưa có chỉ tiêu nào được giao cho đơn vị.</p> : (
        <ul class="list inds" id="sum-behind">{behind.map((it) => <Behind it={it} />)}</ul>
      )}
      {d.lagging.length > 0 && (
        <>
          <h3>Đơn vị trực thuộc chậm nhất</h3>
          <ol class="list rank" id="sum-lagging">
            {d.lagging.map((l) => (
              <li>
                <a class="item" href={`/units/${l.unit.id}/scorecard`}>
                  <strong>{l.unit.name}</strong>
                  <span class="small">
                    Chỉ số tổng hợp {l.index === null ? '—' : fmtNum(l.index, 1)}
                    {l.weakest && <> · chậm nhất: {l.weakest.name} ({l.weakest.share === null ? '—' : fmtNum(l.weakest.share, 1) + '% chỉ tiêu'})</>}
                  </span>
                </a>
              </li>
            ))}
          </ol>
        </>
      )}
      <p class="actions">
        <a class="btn primary" href={card}>Bảng chỉ tiêu đầy đủ</a>
        {d.unit.id !== 0 && <a class="btn" href={`/units/${d.unit.id}`}>Đơn vị và các tổ</a>}
      </p>
    </section>
  );
}

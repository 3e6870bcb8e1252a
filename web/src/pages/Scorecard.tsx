import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { isFlow, useIndicators } from '../catalog';
import { fmtDate, fmtNum, fmtValue, isIsoDate, isoToday, monthStart } from '../format';
import { replaceQuery } from '../router';
import { canLog, canWrite, session } from '../store';
import type { Indicator, Ranking, ScoreItem, Scorecard, Series, Status, Unit } from '../types';
import { ErrorBox, lazy, Loading, Section, useLoad, useTitle } from '../ui';

type Preset = 'month' | 'quarter' | 'year' | 'custom';
const PRESETS: { code: Preset; name: string }[] = [
  { code: 'month', name: 'Tháng này' },
  { code: 'quarter', name: 'Quý này' },
  { code: 'year', name: 'Năm nay' },
  { code: 'custom', name: 'Tuỳ chọn' },
];

function presetRange(p: Preset, today: string): [string, string] {
  const y = today.slice(0, 4);
  if (p === 'month') return [monthStart(today), today];
  if (p === 'quarter') {
    const q = Math.floor((+today.slice(5, 7) - 1) / 3);
    return [`${y}-${String(q * 3 + 1).padStart(2, '0')}-01`, today];
  }
  return [`${y}-01-01`, today];
}

const STATUS_TEXT: Record<Status, string> = {
  dat: 'Đạt',
  dung_tien_do: 'Đúng tiến độ',
  cham: 'Chậm',
  chua_co_chi_tieu: 'Chưa có chỉ tiêu',
};
const STATUS_ICON: Record<Status, string> = { dat: '✓', dung_tien_do: '→', cham: '!', chua_co_chi_tieu: '–' };

export function StatusBadge(props: { status: Status; name?: string }) {
  const s = props.status in STATUS_TEXT ? props.status : 'chua_co_chi_tieu';
  return (
    <span class={'badge st-' + s}>
      <span aria-hidden="true">{STATUS_ICON[s]} </span>{props.name || STATUS_TEXT[s]}
    </span>
  );
}

function Progress(props: { value: number | null; target: number | null; status: Status }) {
  if (props.target === null || props.target === undefined || !(props.target > 0)) return null;
  const pct = Math.max(0, ((props.value || 0) / props.target) * 100);
  return (
    <span class="pwrap">
      <span class={'pbar st-' + props.status} aria-hidden="true"><span style={{ width: Math.min(100, pct) + '%' }} /></span>
      <span class="ppct small">{fmtNum(pct, pct < 10 && pct > 0 ? 1 : 0)}%</span>
    </span>
  );
}

function IndicatorRow(props: { it: ScoreItem; selected: boolean; onPick: () => void }) {
  const { it } = props;
  return (
    <li class={'ind' + (props.selected ? ' sel' : '')} data-code={it.code}>
      <button type="button" class="ind-name" aria-pressed={props.selected} onClick={props.onPick}>
        {it.name}<span class="sr"> — xem xếp hạng và xu hướng</span>
      </button>
      <span class="ind-line">
        <span>
          <span class="ind-val">{fmtValue(it.value, it.unit)}</span>
          <span class="muted small">
            {it.unit !== '%' ? ' ' + it.unit : ''}
            {it.target !== null && it.target !== undefined ? ` / chỉ tiêu ${fmtValue(it.target, it.unit)}` : ''}
          </span>
        </span>
        <StatusBadge status={it.status} name={it.status_name} />
      </span>
      <Progress value={it.value} target={it.target} status={it.status} />
    </li>
  );
}

const Trend = lazy(() => import('../chart').then((m) => m.TrendChart));

function reportPeriods(to: string) {
  const y = to.slice(0, 4);
  const m = to.slice(5, 7);
  const q = Math.floor((+m - 1) / 3) + 1;
  return [
    { period: `${y}-${m}`, name: `Tháng ${m}/${y}` },
    { period: `${y}-Q${q}`, name: `Quý ${q}/${y}` },
    { period: y, name: `Năm ${y}` },
  ];
}

export function ScorecardPage(props: { id: string }) {
  const user = session.use();
  const today = isoToday();
  const qs = new URLSearchParams(location.search);
  const [preset, setPreset] = useState<Preset>(() => {
    const p = qs.get('p') as Preset | null;
    return p && PRESETS.some((x) => x.code === p) ? p : qs.get('from') ? 'custom' : 'year';
  });
  const [range, setRange] = useState<[string, string]>(() => {
    const f = qs.get('from') || '', t = qs.get('to') || '';
    if (preset === 'custom' && isIsoDate(f) && isIsoDate(t) && f <= t) return [f, t];
    return presetRange(preset === 'custom' ? 'year' : preset, today);
  });
  const [custom, setCustom] = useState<[string, string]>(range);
  const [customErr, setCustomErr] = useState('');
  // Empty: the server's default (today, or the last day of a unit that ended).
  const [sd, setSd] = useState(() => { const s = qs.get('sd') || ''; return isIsoDate(s) ? s : ''; });
  const [ind, setInd] = useState(qs.get('ind') || '');
  const [order, setOrder] = useState<'asc' | 'desc'>(qs.get('order') === 'desc' ? 'desc' : 'asc');
  const [months, setMonths] = useState(() => { const n = Number(qs.get('months')); return [12, 24, 36].includes(n) ? n : 12; });
  const [from, to] = range;

  useEffect(() => {
    const q: Record<string, string> = { p: preset, order, months: String(months) };
    if (sd) q.sd = sd;
    if (preset === 'custom') { q.from = from; q.to = to; }
    if (ind) q.ind = ind;
    replaceQuery(q);
  }, [preset, from, to, sd, ind, order, months]);

  const unit = useLoad(() => get<Unit>('/units/' + props.id, { date: sd || undefined }), [props.id, sd]);
  const card = useLoad(() => get<Scorecard>(`/units/${props.id}/scorecard`, { from, to, structure_date: sd }), [props.id, from, to, sd]);
  const cat = useIndicators();
  const u = unit.data;
  useTitle(u ? 'Bảng chỉ tiêu ' + u.name : 'Bảng chỉ tiêu');

  const all = card.data?.pillars.flatMap((p) => p.indicators) || [];
  const indicator = ind && all.some((i) => i.code === ind) ? ind : all[0]?.code || '';
  const hasKids = !!u && u.level !== 'village' && (u.children_count === undefined || u.children_count > 0);
  const ranking = useLoad(
    () => (indicator && hasKids
      ? get<Ranking>(`/units/${props.id}/ranking`, { indicator, from, to, structure_date: sd, order })
      : Promise.resolve(undefined)),
    [props.id, indicator, from, to, sd, order, hasKids],
  );
  const seriesFrom = monthStart(to, -(months - 1));
  const series = useLoad(
    () => (indicator ? get<Series>(`/units/${props.id}/series`, { indicator, from: seriesFrom, to, interval: 'month', structure_date: sd }) : Promise.resolve(undefined)),
    [props.id, indicator, seriesFrom, to, sd],
  );

  // Back on the tab after logging elsewhere: fetch the totals again.
  useEffect(() => {
    const onVis = () => { if (document.visibilityState === 'visible') { card.reload(); ranking.reload(); series.reload(); } };
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  });

  const choosePreset = (p: Preset) => {
    setPreset(p);
    setCustomErr('');
    if (p === 'custom') setCustom(range);
    else setRange(presetRange(p, today));
  };
  const applyCustom = (e: Event) => {
    e.preventDefault();
    const [f, t] = custom;
    if (!isIsoDate(f) || !isIsoDate(t)) setCustomErr('Nhập đủ ngày bắt đầu và ngày kết thúc.');
    else if (f > t) setCustomErr('Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.');
    else { setCustomErr(''); setRange([f, t]); }
  };
  const pick = (code: string) => {
    setInd(code);
    setTimeout(() => document.getElementById('rank-h')?.scrollIntoView({ block: 'start' }), 0);
  };

  if (unit.error && !u) return <main id="main"><h1>Bảng chỉ tiêu</h1><ErrorBox error={unit.error} /></main>;
  // Show the page once the unit and its scorecard are in, so nothing jumps while it loads.
  if (!u || (!card.data && !card.error)) return <main id="main"><Loading /></main>;

  const shownSd = sd || card.data?.structure_date || today;
  // The same period on the other structure: what this unit became, or what it was formed from.
  const other = u.fate?.into.length
    ? { title: `Cùng kỳ theo cơ cấu từ ${fmtDate(u.fate.date)}`, units: u.fate.into }
    : u.formed_from?.length ? { title: `Cùng kỳ theo cơ cấu trước ${fmtDate(u.valid_from || '')}`, units: u.formed_from } : null;
  const indInfo: Indicator | undefined = cat.data?.items.find((i) => i.code === indicator);
  const scoreInfo = all.find((i) => i.code === indicator);
  const link = (id: number, keepStructure = true) => {
    const p = new URLSearchParams({ p: preset, order, months: String(months) });
    if (sd && keepStructure) p.set('sd', sd);
    if (preset === 'custom') { p.set('from', from); p.set('to', to); }
    if (indicator) p.set('ind', indicator);
    return `/units/${id}/scorecard?${p}`;
  };
  const crumbs = u.path.map((x) => ({ ...x }));

  return (
    <main id="main" class="scorecard">
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li><a href="/">Trang chủ</a></li>
          {[...crumbs].reverse().slice(0, -1).map((p) => <li><a href={link(p.id)}>{p.name}</a></li>)}
          <li><a href={'/units/' + u.id}>{u.name}</a></li>
          <li aria-current="page">Bảng chỉ tiêu</li>
        </ol>
      </nav>
      <h1>Bảng chỉ tiêu: {u.name}</h1>
      {(canLog(user) || canWrite(user)) && (
        <nav class="quick" aria-label="Việc thường làm">
          {canLog(user) && <a class="btn primary" href={'/activities/new?unit=' + u.id}>Ghi hoạt động</a>}
          {canWrite(user) && <a class="btn" href={`/units/${u.id}/targets?year=${to.slice(0, 4)}`}>Chỉ tiêu năm {to.slice(0, 4)}</a>}
        </nav>
      )}

      <section class="card period" aria-labelledby="period-h">
        <h2 id="period-h" class="sr">Kỳ báo cáo</h2>
        <div class="seg grid" role="group" aria-label="Kỳ">
          {PRESETS.map((p) => (
            <button type="button" class={'chip' + (preset === p.code ? ' on' : '')} aria-pressed={preset === p.code} onClick={() => choosePreset(p.code)}>{p.name}</button>
          ))}
        </div>
        {preset === 'custom' && (
          <form class="custom" onSubmit={applyCustom} noValidate aria-label="Khoảng thời gian tuỳ chọn">
            <div class="field"><label for="sc-from">Từ ngày</label>
              <input id="sc-from" type="date" value={custom[0]} onChange={(e) => setCustom([e.currentTarget.value, custom[1]])} aria-invalid={customErr ? 'true' : undefined} /></div>
            <div class="field"><label for="sc-to">Đến ngày</label>
              <input id="sc-to" type="date" value={custom[1]} onChange={(e) => setCustom([custom[0], e.currentTarget.value])} aria-invalid={customErr ? 'true' : undefined} /></div>
            <button type="submit" class="btn">Xem</button>
            {customErr && <p class="field-err" role="alert">{customErr}</p>}
          </form>
        )}
        <p class="small muted period-line" id="period-line">
          Từ {fmtDate(from)} đến {fmtDate(to)} · cơ cấu hành chính ngày {fmtDate(shownSd)}
        </p>
        {other && (
          <p class="small" id="other-structure">{other.title}: {other.units.map((x, i) => <>{i > 0 && ', '}<a href={link(x.id, false)}>{x.name}</a></>)}</p>
        )}
        <details class="fold">
          <summary>Đổi ngày cơ cấu hành chính</summary>
          <div class="field datepick">
            <label for="sc-sd">Cơ cấu hành chính ngày</label>
            <input id="sc-sd" type="date" value={shownSd} onChange={(e) => { const v = e.currentTarget.value; if (isIsoDate(v)) setSd(v); }} />
          </div>

        </details>
      </section>

      {card.data && (
        <nav class="jump" aria-label="Đến phần">
          {card.data.pillars.map((p) => <a href={'#pl-' + p.code}>{p.name}</a>)}
          {hasKids && <a href="#ranking">Xếp hạng</a>}
          <a href="#trend">Xu hướng</a>
          <a href="#report-h">Báo cáo</a>
        </nav>
      )}
      {card.error ? <ErrorBox error={card.error} /> : !card.data ? <Loading /> : (
        <div id="pillars" aria-busy={card.loading}>
          {card.data.pillars.map((p) => (
            <section class="card pillar" aria-labelledby={'pl-' + p.code} data-pillar={p.code}>
              <h2 id={'pl-' + p.code}>{p.name}</h2>
              <ul class="list inds">
                {p.indicators.map((it) => <IndicatorRow it={it} selected={it.code === indicator} onPick={() => pick(it.code)} />)}
              </ul>
            </section>
          ))}
        </div>
      )}

      {all.length > 0 && (
        <>
          <section class="card" aria-labelledby="rank-h" id="ranking">
            <h2 id="rank-h">Xếp hạng đơn vị trực thuộc</h2>
            <div class="field">
              <label for="rank-ind">Chỉ tiêu</label>
              <select id="rank-ind" value={indicator} onChange={(e) => setInd(e.currentTarget.value)}>
                {card.data!.pillars.map((p) => (
                  <optgroup label={p.name}>
                    {p.indicators.map((i) => <option value={i.code}>{i.name}</option>)}
                  </optgroup>
                ))}
              </select>
            </div>
            {!hasKids ? <p class="muted">Đơn vị này không có đơn vị trực thuộc.</p> : (
              <>
                <div class="seg grid" role="group" aria-label="Thứ tự">
                  <button type="button" class={'chip' + (order === 'asc' ? ' on' : '')} aria-pressed={order === 'asc'} onClick={() => setOrder('asc')}>Chậm nhất trước</button>
                  <button type="button" class={'chip' + (order === 'desc' ? ' on' : '')} aria-pressed={order === 'desc'} onClick={() => setOrder('desc')}>Tốt nhất trước</button>
                </div>
                {ranking.error ? <ErrorBox error={ranking.error} /> : !ranking.data ? <Loading /> : ranking.data.items.length === 0 ? (
                  <p class="muted">Không có đơn vị trực thuộc vào ngày {fmtDate(shownSd)}.</p>
                ) : (
                  <ol class="list rank" id="rank-list" aria-busy={ranking.loading}>
                    {ranking.data.items.map((r) => (
                      <li>
                        <a class="item rank-item" href={link(r.unit.id)}>
                          <span class="rank-no" aria-label={'Hạng ' + r.rank}>{r.rank}</span>
                          <span class="rank-body">
                            <strong>{r.unit.name}</strong>
                            <span class="ind-line">
                              <span class="small">
                                <span class="rank-val">{fmtValue(r.value, scoreInfo?.unit)}</span>
                                {r.target !== null && r.target !== undefined ? ` / ${fmtValue(r.target, scoreInfo?.unit)}` : ''}
                                {scoreInfo && scoreInfo.unit !== '%' ? ' ' + scoreInfo.unit : ''}
                              </span>
                              <StatusBadge status={r.status} name={r.status_name} />
                            </span>
                            <Progress value={r.value} target={r.target} status={r.status} />
                          </span>
                        </a>
                      </li>
                    ))}
                  </ol>
                )}
              </>
            )}
          </section>

          <section class="card" aria-labelledby="trend-h" id="trend">
            <h2 id="trend-h">Xu hướng theo tháng</h2>
            <p class="small muted">
              {scoreInfo?.name}
              {indInfo ? (isFlow(indInfo.kind) ? ' — tổng mỗi tháng' : ' — giá trị cuối mỗi tháng') : ''}
            </p>
            <div class="seg grid3" role="group" aria-label="Số tháng">
              {[12, 24, 36].map((n) => (
                <button type="button" class={'chip' + (months === n ? ' on' : '')} aria-pressed={months === n} onClick={() => setMonths(n)}>{n} tháng</button>
              ))}
            </div>
            {series.error ? <ErrorBox error={series.error} /> : !series.data ? <Loading /> : (
              <Trend points={series.data.points} unit={scoreInfo?.unit || ''} flow={indInfo ? isFlow(indInfo.kind) : true} title={scoreInfo?.name || ''} />
            )}
          </section>
        </>
      )}

      <Section title="Tải báo cáo" id="report-h">
        <p class="small muted">Báo cáo theo mẫu văn bản hành chính (Nghị định 30/2020/NĐ-CP), chia theo đơn vị trực thuộc.</p>
        <ul class="list reports">
          {reportPeriods(to).map((r) => (
            <li class="report">
              <span>{r.name}</span>
              <span class="report-links">
                <a class="btn" href={`/units/${u.id}/reports/${r.period}`} aria-label={`Mở báo cáo ${r.name}: soạn nội dung, nơi nhận`}>Mở</a>
                <a class="btn" download href={`/api/v1/units/${u.id}/report?period=${r.period}&format=docx`} aria-label={`Tải báo cáo ${r.name} dạng Word`}>Word</a>
                <a class="btn" download href={`/api/v1/units/${u.id}/report?period=${r.period}&format=xlsx`} aria-label={`Tải báo cáo ${r.name} dạng Excel`}>Excel</a>
                <a class="btn" download href={`/api/v1/units/${u.id}/report?period=${r.period}&format=csv`} aria-label={`Tải báo cáo ${r.name} dạng CSV`}>CSV</a>
              </span>
            </li>
          ))}
        </ul>
        <p class="small"><a href={`/units/${u.id}/report-settings`}>Cơ quan ban hành và người ký</a></p>
      </Section>
    </main>
  );
}


import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { isFlow, useIndicators } from '../catalog';
import { fmtDate, fmtValue, isIsoDate, isoToday, monthStart } from '../format';
import { replaceQuery } from '../router';
import { canLog, canWrite, session } from '../store';
import type { Indicator, RankRow, Ranking, ScoreItem, Scorecard, Series } from '../types';
import { ErrorBox, lazy, Loading, Section, useLoad, useTitle } from '../ui';
import { DateInput } from '../dateinput';
import { MoreBar } from '../paged';
import { periodText, Progress, StatusBadge } from './figures';
import { effectiveDate } from './Reorg';

const RANK_PAGE = 50;

// The default ('12m') is the server's: the twelve months up to the unit's
// as-of date (today, or the last day of a unit that ended). The others are
// anchored on the same date.
type Preset = '12m' | 'month' | 'quarter' | 'year' | 'custom';
const PRESETS: { code: Preset; name: string }[] = [
  { code: '12m', name: '12 tháng gần nhất' },
  { code: 'month', name: 'Tháng này' },
  { code: 'quarter', name: 'Quý này' },
  { code: 'year', name: 'Năm nay' },
  { code: 'custom', name: 'Tuỳ chọn' },
];

function presetRange(p: Preset, anchor: string): [string, string] {
  const y = anchor.slice(0, 4);
  if (p === '12m') return [monthStart(anchor, -11), anchor];
  if (p === 'month') return [monthStart(anchor), anchor];
  if (p === 'quarter') {
    const q = Math.floor((+anchor.slice(5, 7) - 1) / 3);
    return [`${y}-${String(q * 3 + 1).padStart(2, '0')}-01`, anchor];
  }
  return [`${y}-01-01`, anchor];
}

/** Furthest from its target first; indicators without a value last. */
const share = (i: ScoreItem) => (i.value === null || !(i.target! > 0) ? Infinity : i.value / (i.target as number));

/** The periodic reports' rates link to the units that have not reported (issue 15). */
const REPORT_RATES = ['ty_le_bao_cao', 'ty_le_bao_cao_dung_han'];

function IndicatorRow(props: { it: ScoreItem; selected: boolean; onPick: () => void; unit?: string; to?: string }) {
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
          {it.target_source?.kind === 'plan' && (
            <a class="muted small target-plan" href={`/plans/${it.target_source.plan_id}`}>
              {' '}theo KH {it.target_source.plan_number}, hạn {fmtDate(it.target_source.deadline)}
            </a>
          )}
        </span>
        <StatusBadge status={it.status} name={it.status_name} />
      </span>
      <Progress value={it.value} target={it.target} status={it.status} />
      {props.unit && REPORT_RATES.includes(it.code) && (
        <a class="small" href={`/periodic/${props.unit}?missing=1${props.to ? '&to=' + props.to : ''}`} data-missing={it.code}>Đơn vị chưa báo cáo</a>
      )}
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
    return p && PRESETS.some((x) => x.code === p) ? p : qs.get('from') ? 'custom' : '12m';
  });
  // The range asked for; empty: the server's default view, read back from its answer.
  const [range, setRange] = useState<[string, string] | null>(() => {
    const f = qs.get('from') || '', t = qs.get('to') || '';
    if (isIsoDate(f) && isIsoDate(t) && f <= t) return [f, t];
    return null;
  });
  const [custom, setCustom] = useState<[string, string]>(range || ['', '']);
  const [customErr, setCustomErr] = useState('');
  // Empty: the server's default (the as-of date's structure).
  const [sd, setSd] = useState(() => { const s = qs.get('sd') || ''; return isIsoDate(s) ? s : ''; });
  const [ind, setInd] = useState(qs.get('ind') || '');
  const [order, setOrder] = useState<'asc' | 'desc'>(qs.get('order') === 'desc' ? 'desc' : 'asc');
  const [basis, setBasis] = useState<'value' | 'per_1000'>(qs.get('basis') === 'per_1000' ? 'per_1000' : 'value');
  const [level, setLevel] = useState(qs.get('level') || 'children');
  const [months, setMonths] = useState(() => { const n = Number(qs.get('months')); return [12, 24, 36].includes(n) ? n : 12; });
  const [from, to] = range || ['', ''];

  useEffect(() => {
    const q: Record<string, string> = { p: preset, order, months: String(months) };
    if (sd) q.sd = sd;
    if (range && preset !== '12m') { q.from = from; q.to = to; }
    if (ind) q.ind = ind;
    if (basis !== 'value') q.basis = basis;
    if (level !== 'children') q.level = level;
    replaceQuery(q);
  }, [preset, from, to, sd, ind, order, months, basis, level]);

  const period = range && preset !== '12m' ? { from, to } : {};
  const card = useLoad(() => get<Scorecard>(`/units/${props.id}/scorecard`, { ...period, structure_date: sd || undefined }), [props.id, from, to, sd, preset]);
  const cat = useIndicators();
  const u = card.data?.unit;
  useTitle(u ? 'Bảng chỉ tiêu ' + u.name : 'Bảng chỉ tiêu');
  // What the answer was for: the period and structure every part below uses.
  const shownFrom = card.data?.from || from, shownTo = card.data?.to || to, shownSd = card.data?.structure_date || sd;
  const asked = { from: shownFrom, to: shownTo, structure_date: shownSd };

  const village = u?.level === 'village';
  // A village has no communes, and no units below to rank.
  const applies = (i: ScoreItem) => !(village && (i.code === 'phu_song_xa' || i.kind === 'coverage_communes'));
  const all = (card.data?.pillars.flatMap((p) => p.indicators) || []).filter(applies);
  const withTarget = all.filter((i) => i.target !== null && i.target !== undefined).sort((a, b) => share(a) - share(b));
  // By default the indicator furthest behind its target (the one a leader asks about first).
  const indicator = ind && all.some((i) => i.code === ind) ? ind : withTarget[0]?.code || all[0]?.code || '';
  const hasKids = !!u && !village;
  const scoreInfo = all.find((i) => i.code === indicator);
  const indInfo: Indicator | undefined = cat.data?.items.find((i) => i.code === indicator);
  const countable = !!indInfo && ['sum', 'count', 'teams', 'members', 'trained_members'].includes(indInfo.kind);
  const rankBasis = countable ? basis : 'value';
  // The ranking 50 at a time (all the communes of the nation are 3.321 rows).
  const rankQuery = { indicator, ...asked, order, basis: rankBasis, level, limit: RANK_PAGE };
  const ranking = useLoad(
    () => (indicator && hasKids && card.data
      ? get<Ranking>(`/units/${props.id}/ranking`, rankQuery)
      : Promise.resolve(undefined)),
    [props.id, indicator, shownFrom, shownTo, shownSd, order, hasKids, rankBasis, level],
  );
  const [rankMore, setRankMore] = useState<{ of?: Ranking; items: RankRow[]; next?: number | null; loading: boolean }>({ items: [], loading: false });
  const moreRows = rankMore.of === ranking.data ? rankMore.items : [];
  const rankNext = rankMore.of === ranking.data && rankMore.next !== undefined ? rankMore.next : ranking.data?.next_offset ?? null;
  const loadMoreRanks = () => {
    const of = ranking.data;
    if (!of || rankNext === null || rankMore.loading) return;
    setRankMore({ of, items: moreRows, next: rankNext, loading: true });
    get<Ranking>(`/units/${props.id}/ranking`, { ...rankQuery, offset: rankNext }).then(
      (r) => setRankMore((m) => (m.of === of ? { of, items: [...m.items, ...r.items], next: r.next_offset ?? null, loading: false } : m)),
      () => setRankMore((m) => (m.of === of ? { ...m, loading: false } : m)),
    );
  };
  const seriesFrom = shownTo ? monthStart(shownTo, -(months - 1)) : '';
  const series = useLoad(
    () => (indicator && card.data ? get<Series>(`/units/${props.id}/series`, { indicator, from: seriesFrom, to: shownTo, interval: 'month', structure_date: shownSd }) : Promise.resolve(undefined)),
    [props.id, indicator, seriesFrom, shownTo, shownSd],
  );

  // Back on the tab after logging elsewhere: fetch the totals again.
  useEffect(() => {
    const onVis = () => { if (document.visibilityState === 'visible') { card.reload(); ranking.reload(); series.reload(); } };
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  });

  // Presets are anchored on the unit's as-of date (today, or its last day).
  const anchor = u ? effectiveDate(u, today) : today;
  const choosePreset = (p: Preset) => {
    setPreset(p);
    setCustomErr('');
    if (p === 'custom') setCustom([shownFrom, shownTo]);
    else if (p === '12m') setRange(null);
    else setRange(presetRange(p, anchor));
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

  if (card.error && !u) return <main id="main"><h1>Bảng chỉ tiêu</h1><ErrorBox error={card.error} /></main>;
  // Show the page once the scorecard is in, so nothing jumps while it loads.
  if (!u || !card.data) return <main id="main"><Loading /></main>;

  // The same period on the other structure: what this unit became, or what it was formed from.
  const other = u.fate?.into.length
    ? { title: `Cùng kỳ theo cơ cấu từ ${fmtDate(u.fate.date)}`, units: u.fate.into }
    : u.formed_from?.length ? { title: `Cùng kỳ theo cơ cấu trước ${fmtDate(u.valid_from || '')}`, units: u.formed_from } : null;
  const link = (id: number, keepStructure = true) => {
    const p = new URLSearchParams({ p: preset, order, months: String(months) });
    if (sd && keepStructure) p.set('sd', sd);
    if (range && preset !== '12m') { p.set('from', from); p.set('to', to); }
    if (indicator) p.set('ind', indicator);
    return `/units/${id}/scorecard?${p}`;
  };
  const crumbs = u.path.map((x) => ({ ...x }));
  const rest = card.data.pillars
    .map((p) => ({ ...p, indicators: p.indicators.filter((i) => applies(i) && (i.target === null || i.target === undefined)) }))
    .filter((p) => p.indicators.length > 0);
  const restCount = rest.reduce((n, p) => n + p.indicators.length, 0);
  const pickedRest = rest.some((p) => p.indicators.some((i) => i.code === indicator));
  const levels = u.level === 'province' || u.id === 0
    ? [{ code: 'children', name: u.id === 0 ? 'Các tỉnh' : 'Đơn vị trực thuộc' }, { code: 'commune', name: 'Tất cả xã' }]
    : [];

  return (
    <main id="main" class="scorecard">
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li><a href="/">Trang chủ</a></li>
          {[...crumbs].reverse().slice(0, -1).map((p) => <li><a href={link(p.id)}>{p.name}</a></li>)}
          {u.id !== 0 && <li><a href={'/units/' + u.id}>{u.name}</a></li>}
          <li aria-current="page">Bảng chỉ tiêu</li>
        </ol>
      </nav>
      <h1>Bảng chỉ tiêu: {u.name}</h1>
      {(canLog(user) || canWrite(user)) && u.id !== 0 && (
        <nav class="quick" aria-label="Việc thường làm">
          {canLog(user) && <a class="btn primary" href={'/activities/new?unit=' + u.id}>Ghi hoạt động</a>}
          {canWrite(user) && <a class="btn" href={`/units/${u.id}/targets?year=${shownTo.slice(0, 4)}`}>Chỉ tiêu năm {shownTo.slice(0, 4)}</a>}
        </nav>
      )}

      <section class="card period" aria-labelledby="period-h">
        <h2 id="period-h" class="sr">Kỳ số liệu</h2>
        <div class="seg grid" role="group" aria-label="Kỳ">
          {PRESETS.map((p) => (
            <button type="button" class={'chip' + (preset === p.code ? ' on' : '')} aria-pressed={preset === p.code} onClick={() => choosePreset(p.code)}>{p.name}</button>
          ))}
        </div>
        {preset === 'custom' && (
          <form class="custom" onSubmit={applyCustom} noValidate aria-label="Khoảng thời gian tuỳ chọn">
            <div class="field"><label for="sc-from">Từ ngày</label>
              <DateInput id="sc-from" value={custom[0]} onValue={(v) => setCustom([v, custom[1]])} invalid={!!customErr} /></div>
            <div class="field"><label for="sc-to">Đến ngày</label>
              <DateInput id="sc-to" value={custom[1]} onValue={(v) => setCustom([custom[0], v])} invalid={!!customErr} /></div>
            <button type="submit" class="btn">Xem</button>
            {customErr && <p class="field-err" role="alert">{customErr}</p>}
          </form>
        )}
        <p class="small muted period-line" id="period-line">{periodText(shownFrom, shownTo, shownSd, shownTo >= today)}</p>
        <p class="small muted">Số lượt hoạt động là tổng trong kỳ; số tổ, thành viên và tỷ lệ có tổ là số tại ngày cuối kỳ.</p>
        {other && (
          <p class="small" id="other-structure">{other.title}: {other.units.map((x, i) => <>{i > 0 && ', '}<a href={link(x.id, false)}>{x.name}</a></>)}</p>
        )}
        <details class="fold">
          <summary>Xem theo cơ cấu hành chính của một ngày khác</summary>
          <div class="field datepick">
            <label for="sc-sd">Cơ cấu hành chính ngày</label>
            <DateInput id="sc-sd" value={shownSd} onValue={(v) => { if (isIsoDate(v)) setSd(v); }} />
          </div>
        </details>
      </section>

      <nav class="jump" aria-label="Đến phần">
        <a href="#targets">Chỉ tiêu được giao</a>
        {restCount > 0 && <a href="#others">Chỉ số khác</a>}
        {hasKids && <a href="#ranking">Xếp hạng</a>}
        <a href="#trend">Xu hướng</a>
        <a href="#report-h">Báo cáo</a>
      </nav>
      <div id="pillars" aria-busy={card.loading}>
        <section class="card pillar" aria-labelledby="targets-h" id="targets">
          <h2 id="targets-h">Chỉ tiêu được giao ({withTarget.length})</h2>
          <p class="small muted">Chậm nhất trước.</p>
          {withTarget.length === 0 ? <p class="muted">Chưa có chỉ tiêu nào được giao cho đơn vị trong kỳ này.</p> : (
            <ul class="list inds">
              {withTarget.map((it) => <IndicatorRow it={it} selected={it.code === indicator} onPick={() => pick(it.code)} unit={props.id} to={card.data?.to} />)}
            </ul>
          )}
        </section>
        {restCount > 0 && (
          <details class="card fold others" id="others" open={pickedRest}>
            <summary>Các chỉ số khác, chưa có chỉ tiêu ({restCount})</summary>
            {rest.map((p) => (
              <section class="pillar" aria-labelledby={'pl-' + p.code} data-pillar={p.code}>
                <h3 id={'pl-' + p.code}>{p.name}</h3>
                <ul class="list inds">
                  {p.indicators.map((it) => <IndicatorRow it={it} selected={it.code === indicator} onPick={() => pick(it.code)} unit={props.id} to={card.data?.to} />)}
                </ul>
              </section>
            ))}
          </details>
        )}
      </div>

      {all.length > 0 && (
        <>
          {hasKids && (
            <section class="card" aria-labelledby="rank-h" id="ranking">
              <h2 id="rank-h">Xếp hạng {level === 'commune' ? 'tất cả xã' : u.id === 0 ? 'các tỉnh' : 'đơn vị trực thuộc'}</h2>
              <div class="field">
                <label for="rank-ind">Chỉ số</label>
                <select id="rank-ind" value={indicator} onChange={(e) => setInd(e.currentTarget.value)}>
                  {card.data.pillars.map((p) => (
                    <optgroup label={p.name}>
                      {p.indicators.filter(applies).map((i) => <option value={i.code}>{i.name}</option>)}
                    </optgroup>
                  ))}
                </select>
              </div>
              {levels.length > 0 && (
                <div class="seg grid" role="group" aria-label="Đơn vị xếp hạng">
                  {levels.map((l) => (
                    <button type="button" class={'chip' + (level === l.code ? ' on' : '')} aria-pressed={level === l.code} onClick={() => setLevel(l.code)}>{l.name}</button>
                  ))}
                </div>
              )}
              {countable && (
                <div class="seg grid" role="group" aria-label="Cách tính">
                  <button type="button" class={'chip' + (basis === 'value' ? ' on' : '')} aria-pressed={basis === 'value'} onClick={() => setBasis('value')}>Số tuyệt đối</button>
                  <button type="button" class={'chip' + (basis === 'per_1000' ? ' on' : '')} aria-pressed={basis === 'per_1000'} onClick={() => setBasis('per_1000')}>Trên 1.000 dân</button>
                </div>
              )}
              <div class="seg grid" role="group" aria-label="Thứ tự">
                <button type="button" class={'chip' + (order === 'asc' ? ' on' : '')} aria-pressed={order === 'asc'} onClick={() => setOrder('asc')}>Chậm nhất trước</button>
                <button type="button" class={'chip' + (order === 'desc' ? ' on' : '')} aria-pressed={order === 'desc'} onClick={() => setOrder('desc')}>Tốt nhất trước</button>
              </div>
              {ranking.error ? <ErrorBox error={ranking.error} /> : !ranking.data ? <Loading /> : ranking.data.items.length === 0 ? (
                <p class="muted">Không có đơn vị trực thuộc vào ngày {fmtDate(shownSd)}.</p>
              ) : (
                <ol class="list rank" id="rank-list" aria-busy={ranking.loading}>
                  {[...ranking.data.items, ...moreRows].map((r) => (
                    <li>
                      <a class="item rank-item" href={link(r.unit.id)}>
                        <span class="rank-no" aria-label={'Hạng ' + r.rank}>{r.rank}</span>
                        <span class="rank-body">
                          <strong>{r.unit.name}</strong>
                          <span class="ind-line">
                            <span class="small">
                              <span class="rank-val">{fmtValue(r.value, rankBasis === 'per_1000' ? '' : scoreInfo?.unit)}</span>
                              {rankBasis === 'per_1000'
                                ? (r.value === null ? ' (chưa có số dân)' : ` ${scoreInfo?.unit} / 1.000 dân`)
                                : <>{r.target !== null && r.target !== undefined ? ` / ${fmtValue(r.target, scoreInfo?.unit)}` : ''}{scoreInfo && scoreInfo.unit !== '%' ? ' ' + scoreInfo.unit : ''}</>}
                            </span>
                            {rankBasis === 'value' && <StatusBadge status={r.status} name={r.status_name} />}
                          </span>
                          {rankBasis === 'value' && <Progress value={r.value} target={r.target} status={r.status} />}
                        </span>
                      </a>
                    </li>
                  ))}
                </ol>
              )}
              {ranking.data && ranking.data.items.length > 0 && ranking.data.count !== undefined && (
                <MoreBar id="rank-more" shown={ranking.data.items.length + moreRows.length} total={ranking.data.count}
                  noun={ranking.data.level === 'commune' ? 'xã' : 'đơn vị'} hasMore={rankNext !== null} loading={rankMore.loading} onMore={loadMoreRanks} />
              )}
            </section>
          )}

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
          {reportPeriods(shownTo).map((r) => (
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


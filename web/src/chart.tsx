// A small hand-drawn SVG chart (columns from zero for flows, a line for
// stocks), loaded on demand. Accessible: role="img" with a text summary, and
// the numbers in a table. Its classes are its own (.chart .col …): a page's
// rule for another element (the progress bars' .bar had given every column an
// 8 px CSS height) must not reach its shapes. Why no chart library:
// docs/decisions.md.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fmtPeriod, fmtValue } from './format';
import type { Series } from './types';

type Point = Series['points'][number];

/** A round step (1, 2, 2.5 or 5 × 10^k) with 4 steps covering x; whole steps unless fractions make sense. */
function niceStep(x: number, whole: boolean): number {
  const want = x > 0 ? x / 4 : 0.25;
  let e = Math.pow(10, Math.floor(Math.log10(want)));
  if (whole && e < 1) e = 1;
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= want && (!whole || Number.isInteger(m * e))) return m * e;
  return 10 * e;
}

let seq = 0;

export function TrendChart(props: { points: Point[]; unit: string; flow: boolean; title: string }) {
  const { points, unit, flow } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(320);
  const [sel, setSel] = useState<number | null>(null);
  const [id] = useState(() => 'ch' + ++seq);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => setSel(null), [points]);

  if (!points.length) return <p class="muted">Chưa có số liệu.</p>;
  const vals = points.map((p) => (p.value === null || p.value === undefined ? null : p.value));
  const known = vals.filter((v): v is number => v !== null);
  const step4 = niceStep(Math.max(0, ...known), unit !== '%');
  const max = step4 * 4;
  const ticks = [0, 1, 2, 3, 4].map((t) => t * step4);
  const u = unit === '%' ? '' : ' ' + unit;
  const label = (v: number) => fmtValue(v, unit);
  const padL = Math.max(...ticks.map((t) => label(t).length)) * 7 + 10;
  const padR = 8, padT = 10, padB = 34;
  const H = 200;
  const plotW = width - padL - padR, plotH = H - padT - padB;
  const n = points.length;
  const step = plotW / n;
  const x = (i: number) => padL + step * i + step / 2;
  const y = (v: number) => padT + plotH - (v / max) * plotH;
  const every = Math.max(1, Math.ceil(34 / step));

  const last = [...points].reverse().find((p) => p.value !== null && p.value !== undefined);
  let best: Point | null = null;
  for (const p of points) if (p.value !== null && (best === null || (p.value as number) > (best.value as number))) best = p;
  const summary =
    `${props.title}, ${flow ? 'tổng theo tháng' : 'giá trị cuối tháng'} từ ${fmtPeriod(points[0].period)} đến ${fmtPeriod(points[n - 1].period)}.` +
    (best ? ` Cao nhất ${label(best.value as number)}${u} (${fmtPeriod(best.period)}).` : '') +
    (last ? ` Tháng gần nhất có số liệu ${fmtPeriod(last.period)}: ${label(last.value as number)}${u}.` : '');

  const line = flow ? '' : points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  const picked = sel !== null ? points[sel] : null;

  return (
    <div class="chart" ref={wrap}>
      <p class="chart-pick small" aria-live="polite">
        {picked ? <><strong>{fmtPeriod(picked.period)}:</strong> {picked.value === null ? 'chưa có số liệu' : label(picked.value) + u}</> : flow ? 'Chọn một cột để xem số liệu.' : 'Chọn một tháng để xem số liệu.'}
      </p>
      <svg width={width} height={H} viewBox={`0 0 ${width} ${H}`} role="img" aria-labelledby={id + '-t'}>
        <title id={id + '-t'}>{summary}</title>
        {ticks.map((t) => (
          <g>
            <line x1={padL} x2={width - padR} y1={y(t)} y2={y(t)} class={t === 0 ? 'ax' : 'grid'} />
            <text x={padL - 6} y={y(t) + 4} text-anchor="end" class="tick">{label(t)}</text>
          </g>
        ))}
        {points.map((p, i) => {
          const v = p.value;
          const showX = (n - 1 - i) % every === 0;
          return (
            <g>
              {flow && v !== null && v > 0 && (
                <rect x={x(i) - Math.max(1, step * 0.34)} width={Math.max(2, step * 0.68)} y={y(v)} height={Math.max(1, y(0) - y(v))}
                  class={'col' + (sel === i ? ' on' : '')} data-value={v} />
              )}
              {showX && <text x={x(i)} y={H - padB + 14} text-anchor="middle" class="tick">{fmtPeriod(p.period, true)}</text>}
              {showX && (i - every < 0 || points[i - every].period.slice(0, 4) !== p.period.slice(0, 4)) && <text x={x(i)} y={H - padB + 27} text-anchor="middle" class="tick yr">{p.period.slice(0, 4)}</text>}
              <rect x={padL + step * i} width={step} y={padT} height={plotH} class="hit" onClick={() => setSel(sel === i ? null : i)} />
            </g>
          );
        })}
        {!flow && line && <polyline points={line} class="line" />}
        {!flow && points.map((p, i) => (p.value === null ? null : (
          <circle cx={x(i)} cy={y(p.value)} r={sel === i ? 5 : 3} class={'dot' + (sel === i ? ' on' : '')} />
        )))}
      </svg>
      <details class="fold">
        <summary>Xem bảng số liệu</summary>
        <table class="data">
          <thead><tr><th scope="col">Tháng</th><th scope="col">{flow ? 'Tổng trong tháng' : 'Cuối tháng'}{u ? ` (${unit})` : ' (%)'}</th></tr></thead>
          <tbody>
            {points.map((p) => (
              <tr><th scope="row">{fmtPeriod(p.period)}</th><td>{p.value === null ? '—' : label(p.value)}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

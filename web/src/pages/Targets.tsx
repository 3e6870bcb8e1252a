import { useEffect } from 'preact/hooks';
import { get, put } from '../api';
import { isFlow, useIndicators } from '../catalog';
import { fmtValue, isoToday } from '../format';
import { replaceQuery } from '../router';
import { canWrite, session } from '../store';
import type { Indicator, Targets, Unit } from '../types';
import { ErrorBox, Errs, Field, FormStatus, Loading, useForm, useLoad, useTitle } from '../ui';

const vkey = (code: string) => 'values.' + code;
/** "5.000" or "12,5" as typed by Vietnamese users -> number; null when empty; NaN when not a number. */
function parseNum(s: string): number | null {
  const t = s.trim().replace(/\s/g, '');
  if (!t) return null;
  const norm = /,/.test(t) ? t.replace(/\./g, '').replace(',', '.') : /^\d{1,3}(\.\d{3})+$/.test(t) ? t.replace(/\./g, '') : t;
  return /^\d+(\.\d+)?$/.test(norm) ? Number(norm) : NaN;
}
const show = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));

function TargetsForm(props: { unit: Unit; year: number; data: Targets; inds: Indicator[]; pillars: { code: string; name: string }[]; write: boolean; onSaved: (t: Targets) => void }) {
  const own: Record<string, string> = {};
  for (const it of props.data.items) own[vkey(it.indicator)] = it.source === 'unit' ? show(it.value) : '';
  for (const i of props.inds) if (!(vkey(i.code) in own)) own[vkey(i.code)] = '';
  const f = useForm<Record<string, string>>(own);
  const byCode = new Map(props.data.items.map((it) => [it.indicator, it]));
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs: Errs = {};
        for (const i of props.inds) {
          const n = parseNum(v[vkey(i.code)] || '');
          if (n !== null && isNaN(n)) errs[vkey(i.code)] = 'Nhập một số không âm, ví dụ 5000 hoặc 12,5.';
          else if (n !== null && i.unit === '%' && n > 100) errs[vkey(i.code)] = 'Tỷ lệ không quá 100%.';
        }
        return errs;
      },
      async (v) => {
        const values: Record<string, number | null> = {};
        for (const i of props.inds) {
          const now = v[vkey(i.code)] || '', was = own[vkey(i.code)] || '';
          if (now.trim() !== was.trim()) values[i.code] = parseNum(now);
        }
        if (!Object.keys(values).length) return 'Không có thay đổi.';
        const t = await put<Targets>(`/units/${props.unit.id}/targets`, { year: props.year, values });
        props.onSaved(t);
        return `Đã lưu chỉ tiêu năm ${props.year}.`;
      },
    );
  };
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate aria-label={'Chỉ tiêu năm ' + props.year}>
      {props.pillars.map((p) => {
        const inds = props.inds.filter((i) => i.pillar === p.code);
        if (!inds.length) return null;
        return (
          <fieldset class="card targets">
            <legend>{p.name}</legend>
            {inds.map((i) => {
              const cur = byCode.get(i.code);
              const hint =
                (cur?.source === 'national' && cur.value !== null ? `Đang dùng chỉ tiêu quốc gia: ${fmtValue(cur.value, i.unit)}. ` : '') +
                (!cur?.source ? 'Chưa có chỉ tiêu. ' : '') +
                (isFlow(i.kind) ? `Tổng cả năm (${i.unit}); kỳ ngắn hơn được tính theo tỷ lệ thời gian.` : `Giá trị cần đạt cuối năm (${i.unit}).`);
              return props.write ? (
                <Field {...f.bind(vkey(i.code))} label={i.name} hint={hint} inputMode={i.unit === '%' ? 'decimal' : 'numeric'} autoComplete="off"
                  placeholder={cur?.source === 'national' && cur.value !== null ? show(cur.value) : ''} />
              ) : (
                <p class="tline"><span>{i.name}</span> <strong>{cur?.value !== null && cur?.value !== undefined ? fmtValue(cur.value, i.unit) + (i.unit === '%' ? '' : ' ' + i.unit) : '—'}</strong></p>
              );
            })}
          </fieldset>
        );
      })}
      {props.write && (
        <div class="sticky-save">
          <FormStatus form={f} />
          <button type="submit" class="btn primary wide" disabled={f.busy}>Lưu chỉ tiêu năm {props.year}</button>
          <p class="small muted">Để trống một ô để dùng chỉ tiêu quốc gia (nếu có) thay cho chỉ tiêu riêng của đơn vị.</p>
        </div>
      )}
    </form>
  );
}

function pillarsOf(c: { items: Indicator[]; pillars?: { code: string; name: string }[] }) {
  if (c.pillars && c.pillars.length) return c.pillars;
  const seen = new Map<string, string>();
  for (const i of c.items) if (!seen.has(i.pillar)) seen.set(i.pillar, i.pillar_name);
  return [...seen].map(([code, name]) => ({ code, name }));
}

export function TargetsPage(props: { id: string }) {
  const user = session.use();
  const write = canWrite(user);
  const thisYear = +isoToday().slice(0, 4);
  const qy = Number(new URLSearchParams(location.search).get('year'));
  const year = qy >= 2020 && qy <= 2100 ? qy : thisYear;
  useEffect(() => { replaceQuery({ year: String(year) }); }, [year]);
  const unit = useLoad(() => get<Unit>('/units/' + props.id), [props.id]);
  const targets = useLoad(() => get<Targets>(`/units/${props.id}/targets`, { year }), [props.id, year]);
  const cat = useIndicators();
  const u = unit.data;
  useTitle(u ? `Chỉ tiêu ${year} – ${u.name}` : 'Chỉ tiêu');
  const years = [thisYear - 1, thisYear, thisYear + 1];
  if (!years.includes(year)) years.push(year);
  const error = unit.error || targets.error || cat.error;
  return (
    <main id="main">
      {u && (
        <nav aria-label="Đường dẫn" class="crumbs">
          <ol>
            <li><a href="/">Trang chủ</a></li>
            <li><a href={'/units/' + u.id}>{u.name}</a></li>
            <li><a href={`/units/${u.id}/scorecard`}>Bảng chỉ tiêu</a></li>
            <li aria-current="page">Chỉ tiêu năm</li>
          </ol>
        </nav>
      )}
      <h1>Chỉ tiêu năm {year}{u ? ': ' + u.name : ''}</h1>
      <div class="seg" role="group" aria-label="Năm">
        {years.sort().map((y) => (
          <a class={'chip' + (y === year ? ' on' : '')} aria-current={y === year ? 'page' : undefined} href={`/units/${props.id}/targets?year=${y}`}>{y}</a>
        ))}
      </div>
      {!write && <p class="muted small">Chỉ cán bộ được đặt chỉ tiêu; bạn đang xem.</p>}
      {error ? <ErrorBox error={error} /> : !u || !targets.data || !cat.data ? <Loading /> : (
        <TargetsForm key={year} unit={u} year={year} data={targets.data} inds={cat.data.items} pillars={pillarsOf(cat.data)}
          write={write} onSaved={(t) => targets.mutate(t)} />
      )}
    </main>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { DateInput } from '../dateinput';
import { isIsoDate } from '../format';
import type { Unit } from '../types';

export function DatePicker(props: { value: string; onChange: (d: string) => void }) {
  return (
    <div class="field datepick">
      <label for="date">Cơ cấu hành chính ngày</label>
      <DateInput id="date" value={props.value} onValue={(v) => { if (isIsoDate(v)) props.onChange(v); }} />
    </div>
  );
}

/** Pick a unit by searching its name; shows name and path (names repeat). */
export function UnitPicker(props: {
  id: string;
  label: string;
  value: Unit | null;
  onChange: (u: Unit | null) => void;
  error?: string;
  date: string;
  required?: boolean;
}) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Unit[]>([]);
  useEffect(() => {
    const term = q.trim();
    if (!term) { setItems([]); return; }
    let alive = true;
    const t = setTimeout(() => {
      get<{ items: Unit[] }>('/units', { q: term, limit: 10, date: props.date })
        .then((r) => alive && setItems(r.items))
        .catch(() => alive && setItems([]));
    }, 250);
    return () => { alive = false; clearTimeout(t); };
  }, [q, props.date]);
  const errId = props.id + '-err';
  return (
    <div class={'field' + (props.error ? ' has-err' : '')}>
      <label for={props.id}>
        {props.label}{props.required !== false && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {props.value ? (
        <div class="picked">
          <span>
            <strong>{props.value.name}</strong>
            <span class="muted small"> {props.value.path_text}</span>
          </span>
          <button type="button" class="btn" id={props.id} onClick={() => props.onChange(null)}>Đổi</button>
        </div>
      ) : (
        <>
          <input
            id={props.id}
            type="search"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
            placeholder="Gõ tên đơn vị để tìm"
            autoComplete="off"
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? errId : undefined}
          />
          {items.length > 0 && (
            <ul class="list picks">
              {items.map((u) => (
                <li>
                  <button type="button" class="item" onClick={() => { props.onChange(u); setQ(''); setItems([]); }}>
                    <strong>{u.name}</strong>
                    <span class="muted small">{u.path_text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {props.error && <p id={errId} class="field-err">{props.error}</p>}
    </div>
  );
}

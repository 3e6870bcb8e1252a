// Dates are shown and typed dd/mm/yyyy whatever the phone's language (a
// native <input type="date"> follows it: mm/dd/yyyy on an English phone).
// A text field that reads 04/05/2022, 4/5/2022, 04052022 or 2022-05-04, and
// a calendar (air-datepicker, loaded only when it is opened, with Vietnamese
// month and day names). The value given and taken is ISO (YYYY-MM-DD); text
// that is not a date yet is handed on as typed, so the form's check (V.date)
// says "Ngày không hợp lệ (dd/mm/yyyy)".
import { useEffect, useRef, useState } from 'preact/hooks';
import { fmtDate, isIsoDate } from './format';

/** "04/05/2022", "4.5.2022", "04052022", "2022-05-04" → "2022-05-04"; null when not a real day. */
export function parseVnDate(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  let m = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(t);
  if (!m && /^\d{8}$/.test(t)) m = [t, t.slice(0, 2), t.slice(2, 4), t.slice(4)] as unknown as RegExpExecArray;
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const VI = {
  days: ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'],
  daysShort: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
  daysMin: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
  months: ['Tháng 1', 'Tháng 2', 'Tháng 3', 'Tháng 4', 'Tháng 5', 'Tháng 6', 'Tháng 7', 'Tháng 8', 'Tháng 9', 'Tháng 10', 'Tháng 11', 'Tháng 12'],
  monthsShort: ['Th1', 'Th2', 'Th3', 'Th4', 'Th5', 'Th6', 'Th7', 'Th8', 'Th9', 'Th10', 'Th11', 'Th12'],
  today: 'Hôm nay',
  clear: 'Xoá',
  dateFormat: 'dd/MM/yyyy',
  timeFormat: 'HH:mm',
  firstDay: 1 as const,
};

const toIso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function DateInput(props: {
  id: string;
  name?: string;
  value: string;
  onValue: (v: string) => void;
  required?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [text, setText] = useState(isIsoDate(props.value) ? fmtDate(props.value) : props.value);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // The value set from outside (a preset, a reset) shows as dd/mm/yyyy.
  useEffect(() => {
    if (parseVnDate(text) !== props.value) setText(isIsoDate(props.value) ? fmtDate(props.value) : props.value);
  }, [props.value]);
  useEffect(() => {
    if (!open || !box.current) return;
    let picker: { destroy: () => void } | null = null;
    let alive = true;
    Promise.all([import('air-datepicker'), import('air-datepicker/air-datepicker.css')]).then(([m]) => {
      if (!alive || !box.current) return;
      const AirDatepicker = m.default;
      const current = parseVnDate(text);
      picker = new AirDatepicker(box.current, {
        inline: true,
        locale: VI,
        selectedDates: current ? [new Date(current + 'T00:00:00')] : [],
        startDate: current ? new Date(current + 'T00:00:00') : new Date(),
        buttons: ['today'],
        onSelect: ({ date }: { date: Date | Date[] }) => {
          const d = Array.isArray(date) ? date[0] : date;
          if (!d) return;
          const iso = toIso(d);
          setText(fmtDate(iso));
          props.onValue(iso);
          setOpen(false);
        },
      });
    });
    return () => { alive = false; picker?.destroy(); };
  }, [open]);
  const commit = (t: string) => {
    setText(t);
    props.onValue(parseVnDate(t) ?? t.trim());
  };
  return (
    <div class="dateinput">
      <span class="dateinput-row">
        <input
          id={props.id}
          name={props.name}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="dd/mm/yyyy"
          value={text}
          required={props.required}
          aria-invalid={props.invalid ? 'true' : undefined}
          aria-describedby={props.describedBy}
          onInput={(e) => commit(e.currentTarget.value)}
          onChange={(e) => { const iso = parseVnDate(e.currentTarget.value); if (iso) setText(fmtDate(iso)); }}
        />
        <button type="button" class="btn cal" aria-expanded={open} aria-controls={props.id + '-cal'} onClick={() => setOpen(!open)}>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
            <rect x="3" y="5" width="18" height="16" rx="2" /><path d="M3 10h18M8 3v4M16 3v4" />
          </svg><span class="sr">{open ? 'Đóng lịch' : 'Chọn ngày trên lịch'}</span>
        </button>
      </span>
      {open && <div id={props.id + '-cal'} class="dateinput-cal" ref={box} />}
    </div>
  );
}

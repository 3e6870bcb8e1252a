import { h, type ComponentChildren, type ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { isIsoDate, PHONE_RE } from './format';
import { DateInput } from './dateinput';
import type { PathItem } from './types';

export type Errs = Record<string, string>;

/* ---------- data loading ---------- */

export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => alive && setState({ data, loading: false }),
      (error) => alive && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => { alive = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1), mutate: (data: T) => setState({ data, loading: false }) };
}

/* ---------- forms ---------- */

let formSeq = 0;

export function useForm<T extends Record<string, string>>(init: T) {
  const [prefix] = useState(() => 'f' + ++formSeq);
  const [values, setValues] = useState<T>(init);
  const [errors, setErrors] = useState<Errs>({});
  const [problem, setProblem] = useState('');
  const [extra, setExtra] = useState<string[]>([]);
  const [ok, setOk] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLFormElement>(null);

  const focusInvalid = () =>
    setTimeout(() => ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);

  function bind(name: keyof T & string) {
    return {
      id: prefix + '-' + name,
      name,
      value: values[name],
      error: errors[name],
      onValue: (v: string) => setValues((s) => ({ ...s, [name]: v })),
    };
  }

  async function submit(validate: (v: T) => Errs, action: (v: T) => Promise<string | void>) {
    setOk('');
    const errs = validate(values);
    if (Object.keys(errs).length) {
      setErrors(errs);
      setExtra([]);
      setProblem('Vui lòng sửa các trường được đánh dấu.');
      focusInvalid();
      return;
    }
    setBusy(true);
    try {
      const msg = await action(values);
      setErrors({});
      setExtra([]);
      setProblem('');
      if (msg) setOk(msg);
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = e.fields;
        const known: Errs = {};
        const other: string[] = [];
        for (const f in fields) {
          if (f in values) known[f] = fields[f];
          else other.push(fields[f]);
        }
        setErrors(known);
        setExtra(other);
        setProblem(e.problem.detail || e.message);
        if (Object.keys(known).length) focusInvalid();
      } else {
        setProblem('Đã xảy ra lỗi: ' + String(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return { ref, prefix, values, setValues, errors, problem, extra, ok, busy, bind, submit };
}

export type Form = ReturnType<typeof useForm<Record<string, string>>>;

/** The form-level message: the server's `detail`, extra field messages, or success. */
export function FormStatus(props: { form: { problem: string; extra: string[]; ok: string } }) {
  const { problem, extra, ok } = props.form;
  return (
    <>
      <div role="alert" class={problem ? 'msg err' : 'sr'} data-testid="form-error">
        {problem}
        {extra.length > 0 && (
          <ul>{extra.map((m) => <li>{m}</li>)}</ul>
        )}
      </div>
      <div role="status" class={ok ? 'msg ok' : 'sr'}>{ok}</div>
    </>
  );
}

type Opt = { value: string; label: string };

export function Field(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  type?: 'text' | 'date' | 'password' | 'tel' | 'url' | 'number' | 'email' | 'search';
  required?: boolean;
  hint?: string;
  options?: Opt[];
  textarea?: boolean;
  autoComplete?: string;
  inputMode?: 'text' | 'tel' | 'url' | 'email' | 'numeric' | 'decimal' | 'search' | 'none';
  placeholder?: string;
  min?: number;
  max?: number;
  rows?: number;
}) {
  const { id, error, hint } = props;
  const describedBy = [hint ? id + '-hint' : '', error ? id + '-err' : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    required: props.required,
  };
  const onInput = (e: Event) => props.onValue((e.currentTarget as HTMLInputElement).value);
  let control;
  if (props.options) {
    control = (
      <select {...common} value={props.value} onChange={onInput}>
        {props.options.map((o) => <option value={o.value}>{o.label}</option>)}
      </select>
    );
  } else if (props.type === 'date') {
    control = <DateInput id={id} name={props.name} value={props.value} onValue={props.onValue} required={props.required}
      invalid={!!error} describedBy={describedBy} />;
  } else if (props.textarea) {
    control = <textarea {...common} value={props.value} onInput={onInput} rows={props.rows || 3} />;
  } else {
    control = (
      <input
        {...common}
        type={(props.type || 'text') as 'text'}
        value={props.value}
        onInput={onInput}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        min={props.min}
        max={props.max}
      />
    );
  }
  return (
    <div class={'field' + (error ? ' has-err' : '')}>
      <label for={id}>
        {props.label}
        {props.required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {hint && <small id={id + '-hint'} class="hint">{hint}</small>}
      {control}
      {error && <p id={id + '-err'} class="field-err">{error}</p>}
    </div>
  );
}

/* ---------- validators ---------- */

export const V = {
  required(errs: Errs, v: Record<string, string>, name: string, label: string) {
    if (!v[name] || !v[name].trim()) errs[name] = `Vui lòng nhập ${label}.`;
  },
  date(errs: Errs, v: Record<string, string>, name: string) {
    const s = (v[name] || '').trim();
    if (s && !errs[name] && !isIsoDate(s)) errs[name] = 'Ngày không hợp lệ (dd/mm/yyyy).';
  },
  phone(errs: Errs, v: Record<string, string>, name: string) {
    const s = (v[name] || '').replace(/[\s.]/g, '');
    if (s && !errs[name] && !PHONE_RE.test(s))
      errs[name] = 'Số điện thoại không hợp lệ: 10 chữ số bắt đầu bằng 0, hoặc +84 và 9 chữ số.';
  },
  /** Characters as the server counts them: code points after NFC ("ế" typed as e + marks is one). */
  password(errs: Errs, v: Record<string, string>, name: string) {
    const n = [...(v[name] || '').normalize('NFC')].length;
    if (v[name] && !errs[name] && n < 8) errs[name] = 'Mật khẩu phải có ít nhất 8 ký tự.';
    if (!errs[name] && n > 128) errs[name] = 'Mật khẩu dài quá 128 ký tự.';
  },
  maxLen(errs: Errs, v: Record<string, string>, name: string, n: number) {
    if ((v[name] || '').length > n && !errs[name]) errs[name] = `Tối đa ${n} ký tự.`;
  },
  notBefore(errs: Errs, v: Record<string, string>, later: string, earlier: string, msg: string) {
    if (v[later] && v[earlier] && !errs[later] && !errs[earlier] && v[later] < v[earlier]) errs[later] = msg;
  },
};

export const cleanPhone = (s: string) => s.replace(/[\s.]/g, '');
export const orNull = (s: string) => (s.trim() ? s.trim() : null);

/* ---------- layout pieces ---------- */

export function Breadcrumb(props: { path: PathItem[]; current?: string }) {
  const items = [...props.path].reverse();
  const last = props.current === undefined ? items.pop() : undefined;
  return (
    <nav aria-label="Đường dẫn" class="crumbs">
      <ol>
        <li><a href="/">Trang chủ</a></li>
        {items.map((p) => <li><a href={'/units/' + p.id}>{p.name}</a></li>)}
        <li aria-current="page">{props.current ?? last?.name}</li>
      </ol>
    </nav>
  );
}

export function Loading() {
  return <p class="muted" role="status">Đang tải…</p>;
}

export function ErrorBox(props: { error: ApiError }) {
  const e = props.error;
  const text = e.status === 404 ? 'Không tìm thấy, hoặc nằm ngoài phạm vi của bạn.' : e.problem.detail || e.message;
  return <div class="msg err" role="alert">{text}</div>;
}

export function Section(props: { title: string; id?: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <div class="card-head">
        <h2 id={props.id}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

export function useTitle(t: string) {
  useEffect(() => { document.title = t ? t + ' – Langso' : 'Langso'; }, [t]);
}

/** A component whose code is fetched on first use (its own chunk). */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>) {
  let C: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  return function Lazy(props: P) {
    const [, setDone] = useState(0);
    const [failed, setFailed] = useState(false);
    const [tries, setTries] = useState(0);
    useEffect(() => {
      if (C) return;
      let alive = true;
      pending ||= load().then((c) => { C = c; });
      pending.then(
        () => alive && setDone(1),
        () => { pending = null; if (alive) setFailed(true); },
      );
      return () => { alive = false; };
    }, [tries]);
    if (C) return h(C, props);
    if (failed) {
      return (
        <div class="msg err" role="alert">
          Không tải được phần này của ứng dụng. Kiểm tra mạng rồi{' '}
          <button type="button" class="btn" onClick={() => { setFailed(false); setTries((t) => t + 1); }}>Thử lại</button>
        </div>
      );
    }
    return <Loading />;
  };
}

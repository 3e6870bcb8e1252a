import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, put } from '../api';
import { fmtDate, fmtNum, isoToday } from '../format';
import type { HeadingLine, ReportDocument, ReportRecipient, ReportSettings, Unit } from '../types';
import { ErrorBox, Errs, Field, FormStatus, Loading, Section, useForm, useLoad, useTitle, V } from '../ui';

/** The report document of a unit for a period (docs/api.md "Official reports"):
 *  an officer writes the number, date, sections I–IV and recipients, sees the
 *  signer from the unit's report settings, saves, and downloads the files;
 *  everyone else reads it. And the unit's report settings form. */

const MAX_SECTION = 20000;
const sectionKey = (code: string) => 'sections.' + code;

function Heading(props: { lines: HeadingLine[]; number: string; placeDate: string }) {
  return (
    <div class="doc-head" aria-label="Phần đầu văn bản">
      <div>
        {props.lines.map((l) => <p class={l.bold ? 'b' : ''}>{l.text}</p>)}
        <p>{props.number}</p>
      </div>
      <div>
        <p class="b">CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
        <p class="b u">Độc lập - Tự do - Hạnh phúc</p>
        <p class="i">{props.placeDate}</p>
      </div>
    </div>
  );
}

function Signature(props: { lines: string[]; name: string }) {
  return (
    <div class="doc-sign" id="doc-signer">
      {props.lines.map((l) => <p class="b">{l}</p>)}
      <p class="b sign-name">{props.name || <span class="muted">(chưa có tên người ký)</span>}</p>
    </div>
  );
}

function Downloads(props: { doc: ReportDocument; dirty: boolean }) {
  const f = props.doc.files;
  return (
    <Section title="Tải báo cáo" id="doc-files-h">
      <p class="small muted">
        Tệp tải về theo nội dung đã lưu{props.doc.saved ? '' : ' (chưa lưu: đoạn kết quả tự động, các mục khác để trống)'}.
      </p>
      {props.dirty && <p class="msg warn" role="status">Có thay đổi chưa lưu. Hãy lưu trước khi tải.</p>}
      <div class="files">
        <a class="btn" download href={f.docx} id="dl-docx">Word (.docx)</a>
        <a class="btn" download href={f.pdf} id="dl-pdf">PDF</a>
        <a class="btn" download href={f.xlsx} id="dl-xlsx">Excel (.xlsx)</a>
        <a class="btn" download href={f.csv} id="dl-csv">CSV</a>
      </div>
    </Section>
  );
}

type Values = Record<string, string>;

function valuesOf(d: ReportDocument): Values {
  const v: Values = { number: d.number, date: d.date || '' };
  for (const s of d.sections) v[sectionKey(s.code)] = s.text;
  return v;
}

function Recipients(props: { doc: ReportDocument; value: ReportRecipient[]; onChange: (r: ReportRecipient[]) => void }) {
  const [free, setFree] = useState('');
  const [pick, setPick] = useState('');
  const list = props.value;
  const options = props.doc.recipient_options.filter((o) => !list.some((x) => x.name === o.name));
  const set = (i: number, r: Partial<ReportRecipient>) => props.onChange(list.map((x, j) => (j === i ? { ...x, ...r } : x)));
  const add = (r: ReportRecipient) => { if (r.name.trim() && !list.some((x) => x.name === r.name.trim())) props.onChange([...list, { ...r, name: r.name.trim() }]); };
  return (
    <fieldset class="card" id="doc-recipients">
      <legend>Kính gửi và Nơi nhận</legend>
      <p class="small muted">Đánh dấu "Kính gửi" để ghi cơ quan ở dòng Kính gửi (Nơi nhận ghi "Như trên"). "Lưu: VT." được thêm tự động.</p>
      {list.length === 0 ? <p class="muted">Chưa chọn nơi nhận.</p> : (
        <ul class="list recips">
          {list.map((r, i) => (
            <li>
              <span class="recip-name">{r.name}</span>
              <span class="recip-ctl">
                <label class="check"><input type="checkbox" checked={r.addressed} onChange={(e) => set(i, { addressed: e.currentTarget.checked })} /> Kính gửi</label>
                <button type="button" class="btn small" onClick={() => props.onChange(list.filter((_, j) => j !== i))} aria-label={'Bỏ ' + r.name}>Bỏ</button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {options.length > 0 && (
        <div class="field addrow">
          <label for="recip-pick">Cấp trên</label>
          <div class="inline">
            <select id="recip-pick" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
              <option value="">— Chọn —</option>
              {options.map((o) => <option value={o.name}>{o.name}</option>)}
            </select>
            <button type="button" class="btn" onClick={() => {
              const o = options.find((x) => x.name === pick);
              if (o) { add({ unit_id: o.unit_id, name: o.name, addressed: list.length === 0 }); setPick(''); }
            }}>Thêm</button>
          </div>
        </div>
      )}
      <div class="field addrow">
        <label for="recip-free">Nơi nhận khác</label>
        <div class="inline">
          <input id="recip-free" type="text" value={free} maxLength={300} placeholder="Ví dụ: UBND các xã, thị trấn" onInput={(e) => setFree(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add({ unit_id: null, name: free, addressed: false }); setFree(''); } }} />
          <button type="button" class="btn" onClick={() => { add({ unit_id: null, name: free, addressed: false }); setFree(''); }}>Thêm</button>
        </div>
      </div>
    </fieldset>
  );
}

function Editor(props: { unit: Unit; doc: ReportDocument; onSaved: (d: ReportDocument) => void; onDirty: (d: boolean) => void; reload: () => void }) {
  const { doc } = props;
  const init = valuesOf(doc);
  const f = useForm<Values>(init);
  const [recips, setRecips] = useState<ReportRecipient[]>(doc.recipients);
  const [conflict, setConflict] = useState(false);
  const same = (a: ReportRecipient[], b: ReportRecipient[]) =>
    a.length === b.length && a.every((x, i) => x.name === b[i].name && x.addressed === b[i].addressed && (x.unit_id || null) === (b[i].unit_id || null));
  const dirty = Object.keys(init).some((k) => (f.values[k] || '') !== (init[k] || '')) || !same(recips, doc.recipients);
  useEffect(() => props.onDirty(dirty), [dirty]);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    setConflict(false);
    f.submit(
      (v) => {
        const errs: Errs = {};
        if (v.number.includes('/')) errs.number = 'Chỉ nhập số, ví dụ 125; phần /BC-… do hệ thống ghi.';
        V.maxLen(errs, v, 'number', 30);
        V.date(errs, v, 'date');
        if (!errs.date && v.date && v.date > isoToday()) errs.date = 'Ngày báo cáo không được sau hôm nay.';
        if (!errs.date && v.date && v.date < doc.from) errs.date = `Ngày báo cáo không được trước ngày đầu kỳ (${fmtDate(doc.from)}).`;
        for (const s of doc.sections) {
          const k = sectionKey(s.code);
          if ([...(v[k] || '')].length > MAX_SECTION) errs[k] = `Tối đa ${fmtNum(MAX_SECTION)} ký tự.`;
        }
        return errs;
      },
      async (v) => {
        const sections: Record<string, string> = {};
        for (const s of doc.sections) sections[s.code] = v[sectionKey(s.code)] || '';
        try {
          const d = await put<ReportDocument>(`/units/${props.unit.id}/reports/${doc.period}`, {
            number: v.number.trim(), date: v.date || null, sections,
            recipients: recips.map((r) => ({ name: r.name, addressed: r.addressed, ...(r.unit_id ? { unit_id: r.unit_id } : {}) })),
            version: doc.version,
          });
          props.onSaved(d);
          return `Đã lưu báo cáo (lần lưu thứ ${d.version}).`;
        } catch (err) {
          if (err instanceof ApiError && err.status === 409) setConflict(true);
          throw err;
        }
      },
    );
  };
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate aria-label={'Báo cáo ' + doc.period_name}>
      <div class="card">
        <div class="two">
          <Field {...f.bind('number')} label="Số văn bản" inputMode="numeric" autoComplete="off"
            hint={`Chỉ nhập số, ví dụ 125; để trống để ghi tay. In ra: ${doc.preview.number}`} />
          <Field {...f.bind('date')} type="date" label="Ngày báo cáo"
            hint={doc.date ? 'Kỳ chưa kết thúc vào ngày này thì số liệu tính đến ngày này.' : 'Để trống: ngày tải về.'} />
        </div>
      </div>
      {doc.sections.map((s, i) => {
        const k = sectionKey(s.code);
        const n = [...(f.values[k] || '')].length;
        return (
          <div class="card section">
            <Field {...f.bind(k)} label={`${s.heading.split('.')[0]}. ${s.title}`}
              textarea rows={i === 0 ? 10 : 5} hint={`${fmtNum(n)}/${fmtNum(MAX_SECTION)} ký tự. Mỗi dòng là một đoạn.`} />
            {i === 0 && (
              <button type="button" class="btn small" id="use-generated" onClick={() => f.setValues((x) => ({ ...x, [k]: doc.generated.ket_qua }))}>
                Dùng đoạn tự động từ số liệu
              </button>
            )}
          </div>
        );
      })}
      <Recipients doc={doc} value={recips} onChange={setRecips} />
      <div class="card">
        <h2 class="h3">Người ký</h2>
        <Signature lines={doc.signer.lines} name={doc.signer.name} />
        <p class="small"><a href={`/units/${props.unit.id}/report-settings`} id="to-settings">Sửa cơ quan ban hành và người ký</a> (thông tin của đơn vị, dùng cho mọi báo cáo)</p>
      </div>
      <div class="sticky-save">
        <FormStatus form={f} />
        {conflict && <p><button type="button" class="btn" onClick={props.reload}>Tải lại báo cáo</button></p>}
        <button type="submit" class="btn primary wide" disabled={f.busy}>Lưu báo cáo</button>
      </div>
    </form>
  );
}

function ReadOnly(props: { doc: ReportDocument }) {
  const d = props.doc;
  return (
    <div class="card doc-read">
      {d.preview.addressed.map((l) => <p class="center">{l}</p>)}
      {d.sections.map((s) => (
        <section>
          <h2 class="h3">{s.heading}</h2>
          {s.text ? s.text.split('\n').filter((x) => x.trim()).map((p) => <p>{p}</p>) : <p class="muted">(trống)</p>}
        </section>
      ))}
      <div class="doc-foot">
        <div class="small">{d.preview.recipients.map((l, i) => <p class={i === 0 ? 'b i' : ''}>{l}</p>)}</div>
        <Signature lines={d.signer.lines} name={d.signer.name} />
      </div>
    </div>
  );
}

/** "14:05 ngày 02/12/2026", in the browser's time. */
function savedAt(seconds: number): string {
  const t = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getHours())}:${p(t.getMinutes())} ngày ${p(t.getDate())}/${p(t.getMonth() + 1)}/${t.getFullYear()}`;
}

export function ReportPage(props: { id: string; period: string }) {
  const unit = useLoad(() => get<Unit>('/units/' + props.id), [props.id]);
  const doc = useLoad(() => get<ReportDocument>(`/units/${props.id}/reports/${props.period}`), [props.id, props.period]);
  const [dirty, setDirty] = useState(false);
  const [gen, setGen] = useState(0);
  const u = unit.data, d = doc.data;
  useTitle(d ? `Báo cáo ${d.period_name} – ${d.unit.name}` : 'Báo cáo');
  const crumbs = u && (
    <nav aria-label="Đường dẫn" class="crumbs">
      <ol>
        <li><a href="/">Trang chủ</a></li>
        <li><a href={'/units/' + u.id}>{u.name}</a></li>
        <li><a href={`/units/${u.id}/scorecard`}>Bảng chỉ tiêu</a></li>
        <li aria-current="page">Báo cáo</li>
      </ol>
    </nav>
  );
  if (doc.error) {
    const into = u?.fate?.into || [];
    return (
      <main id="main">
        {crumbs}
        <h1>Báo cáo</h1>
        <ErrorBox error={doc.error} />
        {doc.error.problem.code === 'unit_ended' && into.length > 0 && (
          <ul class="list">{into.map((x) => <li><a class="item" href={`/units/${x.id}/reports/${props.period}`}><strong>Báo cáo của {x.name}</strong></a></li>)}</ul>
        )}
      </main>
    );
  }
  if (!u || !d) return <main id="main">{crumbs}<Loading /></main>;
  return (
    <main id="main" class="report-page">
      {crumbs}
      <h1>Báo cáo {d.period_name}<span class="sub">{d.unit.name}</span></h1>
      <p class="small" id="doc-range">{d.preview.range_text}</p>
      {d.preview.remarks.map((r) => <p class="msg warn" role="note">{r}</p>)}
      <p class="small muted" id="doc-state">
        {d.saved ? `Đã lưu${d.updated_at ? ' lúc ' + savedAt(d.updated_at) : ''}.` : 'Chưa lưu: đây là bản nháp từ số liệu.'}
        {!d.settings_saved && d.can_edit && <> Đơn vị chưa có thông tin người ký: <a href={`/units/${u.id}/report-settings`}>nhập ngay</a>.</>}
      </p>
      <div class="card doc-paper">
        <Heading lines={d.preview.issuer} number={d.preview.number} placeDate={d.preview.place_date} />
        <p class="doc-title">{d.preview.title}</p>
        <p class="doc-sub">{d.preview.subtitle}</p>
      </div>
      {d.can_edit
        ? <Editor key={String(gen)} unit={u} doc={d} onSaved={(x) => doc.mutate(x)} onDirty={setDirty} reload={() => { setGen((g) => g + 1); doc.reload(); }} />
        : <><p class="small muted">Bạn đang xem; chỉ cán bộ của đơn vị sửa được báo cáo.</p><ReadOnly doc={d} /></>}
      <Downloads doc={d} dirty={dirty} />
    </main>
  );
}

/* ---------- the unit's report settings ---------- */

function settingsValues(s: ReportSettings): Values {
  return {
    issuer_kind: s.issuer_kind, issuer_name: s.issuer_name, abbreviation: s.abbreviation, head_title: s.head_title,
    signer_title: s.signer_title, signer_name: s.signer_name, place: s.place,
  };
}

function SettingsForm(props: { s: ReportSettings; onSaved: (s: ReportSettings) => void }) {
  const { s } = props;
  const f = useForm<Values>(settingsValues(s));
  const village = s.unit.level === 'village';
  const body = f.values.issuer_kind === 'co_quan';
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs: Errs = {};
        if (v.issuer_kind === 'co_quan') V.required(errs, v, 'issuer_name', 'tên cơ quan');
        V.required(errs, v, 'abbreviation', 'chữ viết tắt');
        if (!errs.abbreviation && /[\s/,;]/.test(v.abbreviation.trim())) errs.abbreviation = 'Không có dấu cách, "/", "," hoặc ";" (ví dụ UBND, SKHCN).';
        V.required(errs, v, 'head_title', 'chức danh người đứng đầu');
        V.required(errs, v, 'signer_title', 'chức danh người ký');
        V.required(errs, v, 'place', 'địa danh');
        return errs;
      },
      async (v) => {
        const r = await put<ReportSettings>(`/units/${s.unit_id}/report-settings`, {
          issuer_kind: v.issuer_kind, ...(v.issuer_kind === 'co_quan' ? { issuer_name: v.issuer_name } : {}),
          abbreviation: v.abbreviation.trim(), head_title: v.head_title, signer_title: v.signer_title, signer_name: v.signer_name, place: v.place,
        });
        props.onSaved(r);
        return 'Đã lưu thông tin ban hành.';
      },
    );
  };
  const kinds = [
    ...(village ? [] : [{ value: 'ubnd', label: 'Uỷ ban nhân dân ' + s.preview.issuer_in_sentence.replace(/^UBND /, '') }]),
    { value: 'co_quan', label: 'Cơ quan, tổ chức khác (Sở, Phòng, Ban…)' },
  ];
  return (
    <form ref={f.ref} onSubmit={onSubmit} noValidate aria-label="Thông tin ban hành báo cáo">
      <div class="card">
        <Field {...f.bind('issuer_kind')} label="Cơ quan ban hành" options={kinds} required />
        {body && <Field {...f.bind('issuer_name')} label="Tên cơ quan" required hint="Ví dụ: Sở Khoa học và Công nghệ. Dòng trên ghi UBND của đơn vị." />}
        <Field {...f.bind('abbreviation')} label="Chữ viết tắt trong số ký hiệu" required autoComplete="off"
          hint={`Số báo cáo in ra: Số: …/BC-${f.values.abbreviation.trim() || '…'}`} />
        <Field {...f.bind('place')} label="Địa danh ở dòng ngày tháng" required hint="Ví dụ: Chợ Mới, ngày 04 tháng 5 năm 2022" />
      </div>
      <div class="card">
        <Field {...f.bind('head_title')} label="Chức danh người đứng đầu" required hint="Ví dụ: Chủ tịch, Giám đốc" />
        <Field {...f.bind('signer_title')} label="Chức danh người ký" required hint="Khác người đứng đầu thì ký thay: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" />
        <Field {...f.bind('signer_name')} label="Họ và tên người ký" autoComplete="off" hint="Để trống để ghi tay." />
      </div>
      <div class="sticky-save">
        <FormStatus form={f} />
        <button type="submit" class="btn primary wide" disabled={f.busy}>Lưu thông tin ban hành</button>
      </div>
    </form>
  );
}

export function ReportSettingsPage(props: { id: string }) {
  const st = useLoad(() => get<ReportSettings>(`/units/${props.id}/report-settings`), [props.id]);
  const s = st.data;
  useTitle(s ? 'Thông tin ban hành – ' + s.unit.name : 'Thông tin ban hành');
  if (st.error) return <main id="main"><h1>Thông tin ban hành báo cáo</h1><ErrorBox error={st.error} /></main>;
  if (!s) return <main id="main"><Loading /></main>;
  return (
    <main id="main" class="report-page">
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li><a href="/">Trang chủ</a></li>
          <li><a href={'/units/' + s.unit.id}>{s.unit.name}</a></li>
          <li><a href={`/units/${s.unit.id}/scorecard`}>Bảng chỉ tiêu</a></li>
          <li aria-current="page">Thông tin ban hành</li>
        </ol>
      </nav>
      <h1>Thông tin ban hành báo cáo<span class="sub">{s.unit.name}</span></h1>
      <p class="small muted">Cơ quan ban hành, người ký và địa danh in trên mọi báo cáo của đơn vị (Nghị định 30/2020/NĐ-CP).</p>
      <div class="card doc-paper" id="settings-preview">
        <Heading lines={s.preview.issuer} number={s.preview.number} placeDate={s.preview.place_date} />
        <Signature lines={s.preview.signature} name={s.preview.signer_name} />
        {!s.saved && <p class="small muted">Mặc định (chưa lưu).</p>}
      </div>
      {s.can_edit ? <SettingsForm key={String(s.unit_id)} s={s} onSaved={(x) => st.mutate(x)} />
        : <p class="muted">Chỉ cán bộ của đơn vị sửa được thông tin này.</p>}
    </main>
  );
}

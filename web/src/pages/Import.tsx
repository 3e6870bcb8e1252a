import { useRef, useState } from 'preact/hooks';
import { api, ApiError, get } from '../api';
import { fmtNum, isoToday } from '../format';
import { session } from '../store';
import type { FieldProblem, Team } from '../types';
import { ErrorBox, Loading, useLoad, useTitle } from '../ui';

/** "dòng 7.ngay" / "row 7" -> ["7", "ngay"] */
function rowOf(field: string): [string, string] {
  const m = /^(?:row|dòng)\s*(\d+)\.?\s*(.*)$/i.exec(field || '');
  return m ? [m[1], m[2]] : ['', field || ''];
}

/** The codes to write in the sheet: team numbers (ma_to) and unit codes (ma_don_vi). */
function TeamCodes(props: { unitId: string }) {
  const teams = useLoad(() => get<{ items: Team[] }>(`/units/${props.unitId}/teams`, { limit: 200 }), [props.unitId]);
  if (teams.error) return <ErrorBox error={teams.error} />;
  if (!teams.data) return <Loading />;
  // Only teams that can log today (a team closed in a reorganisation keeps its history, not new rows).
  const today = isoToday();
  const items = teams.data.items.filter((t) => t.active_from <= today && (!t.active_to || t.active_to >= today)).slice(0, 300);
  if (!items.length) return <p class="muted small">Chưa có tổ nào trong đơn vị.</p>;
  return (
    <details class="fold">
      <summary>Mã tổ và mã đơn vị để điền ({fmtNum(items.length)} tổ)</summary>
      <table class="data codes">
        <thead><tr><th scope="col">ma_to</th><th scope="col">Tổ</th><th scope="col">ma_don_vi</th></tr></thead>
        <tbody>
          {items.map((t) => (
            <tr><td>{t.id}</td><td>{t.name}</td><td>{t.unit?.code || ''}</td></tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const MAX_BYTES = 4 * 1024 * 1024;

/** Two FNV-1a passes (different seeds) over the text: 16 hex digits. The
 *  Idempotency-Key comes from the file's content, so sending the same file
 *  again (a retry, or by mistake) never counts its rows twice. */
function contentKey(text: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    b ^= b >>> 15;
  }
  return 'csv-' + a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0') + '-' + text.length.toString(36);
}

/** The file as UTF-8 text; Excel's "CSV" (not "CSV UTF-8") is refused with a hint. */
async function readCsv(file: File): Promise<string> {
  const buf = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new Error('Tệp không ở mã UTF-8. Trong Excel chọn Lưu thành → “CSV UTF-8 (Comma delimited)”, rồi chọn lại tệp.');
  }
}

export function ImportPage() {
  useTitle('Nhập hoạt động từ tệp CSV');
  const user = session.use();
  const unitId = new URLSearchParams(location.search).get('unit') || String(user?.unit_id || '');
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [rows, setRows] = useState<FieldProblem[]>([]);
  const [done, setDone] = useState('');
  const [retry, setRetry] = useState(false);

  const choose = (f: File | null) => {
    setFile(f);
    setProblem(''); setRows([]); setDone(''); setRetry(false);
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setProblem(''); setRows([]); setDone('');
    if (!file) { setProblem('Vui lòng chọn tệp CSV.'); input.current?.focus(); return; }
    if (file.size > MAX_BYTES) { setProblem(`Tệp quá lớn (tối đa ${fmtNum(4)} MB).`); return; }
    setBusy(true);
    try {
      const csv = await readCsv(file);
      const r = await api<{ created: number; replayed: number }>('POST', '/activities/import', {
        body: { csv },
        headers: { 'Idempotency-Key': contentKey(csv) },
      });
      setRetry(false);
      setDone(`Đã nhập ${fmtNum(r.created)} hoạt động` + (r.replayed ? `; ${fmtNum(r.replayed)} dòng đã nhập từ trước (cùng tệp) nên bỏ qua.` : '.'));
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (err) {
      if (err instanceof ApiError) {
        const transient = err.status === 0 || err.status >= 500;
        setRetry(transient);
        const list = err.problem.errors || [];
        const rowErrs = list.filter((x) => rowOf(x.field)[0]);
        setProblem(
          rowErrs.length
            ? `Tệp có ${fmtNum(rowErrs.length)} lỗi; chưa dòng nào được lưu. Sửa các dòng dưới đây rồi gửi lại.`
            : (err.problem.detail || err.message) + (transient ? ' Bấm “Gửi lại”: không dòng nào bị tính hai lần.' : ''),
        );
        setRows(list);
      } else {
        setProblem((err as Error).message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main">
      <h1>Nhập hoạt động từ tệp CSV</h1>
      <section class="card" aria-labelledby="tpl-h">
        <h2 id="tpl-h">1. Tải mẫu</h2>
        <p class="small">Mẫu có một dòng tiêu đề mã cột và một dòng tên cột tiếng Việt; ngày ghi dd/mm/yyyy. Mở được bằng Excel và LibreOffice.</p>
        <a class="btn" href="/api/v1/activities/template" download="mau-nhap-hoat-dong.csv">Tải tệp mẫu (CSV)</a>
        {unitId && <TeamCodes unitId={unitId} />}
      </section>
      <section class="card" aria-labelledby="up-h">
        <h2 id="up-h">2. Gửi tệp đã điền</h2>
        <p class="small">Tất cả hoặc không: nếu có dòng sai, không dòng nào được lưu. Gửi lại cùng tệp không làm tính hai lần.</p>
        <form onSubmit={onSubmit} noValidate aria-label="Nhập tệp CSV">
          <div class={'field' + (problem && !file ? ' has-err' : '')}>
            <label for="csv-file">Tệp CSV (UTF-8)</label>
            <input id="csv-file" ref={input} type="file" accept=".csv,text/csv"
              onChange={(e) => choose(e.currentTarget.files?.[0] || null)} />
          </div>
          <div role="alert" class={problem ? 'msg err' : 'sr'} data-testid="form-error">
            {problem}
            {rows.length > 0 && (
              <ul class="row-errs" id="import-errors">
                {rows.map((r) => {
                  const [row, col] = rowOf(r.field);
                  return (
                    <li data-row={row}>
                      {row && <strong>Dòng {row}</strong>}{col && <span class="small"> · cột {col}</span>}
                      <span class="row-msg">{(r.message || r.code).replace(/^dòng \d+:\s*/i, '')}</span>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          <div role="status" class={done ? 'msg ok' : 'sr'}>{done}</div>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Đang gửi…' : retry ? 'Gửi lại' : 'Nhập'}</button>
        </form>
      </section>
    </main>
  );
}

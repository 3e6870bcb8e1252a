// How a figure is shown wherever it appears: its status badge, its progress
// towards target, and the sentence that says what period and structure it
// is for (a stock on a day, a flow over a period). Shared by the home page,
// the scorecard and the unit page, so one figure reads the same everywhere.
import { fmtDate, fmtNum } from '../format';
import type { Status } from '../types';

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

export function Progress(props: { value: number | null; target: number | null; status: Status }) {
  if (props.target === null || props.target === undefined || !(props.target > 0)) return null;
  const pct = Math.max(0, ((props.value || 0) / props.target) * 100);
  return (
    <span class="pwrap">
      <span class={'pbar st-' + props.status} aria-hidden="true"><span style={{ width: Math.min(100, pct) + '%' }} /></span>
      <span class="ppct small">{fmtNum(pct, pct < 10 && pct > 0 ? 1 : 0)}%</span>
    </span>
  );
}

/**
 * "Từ 01/01/2026 đến 01/12/2026 (số liệu đến hôm nay) · cơ cấu hành chính ngày 01/12/2026":
 * flows are totals over the period, stocks are values on its last day.
 */
export function periodText(from: string, to: string, structure: string, running: boolean): string {
  return `Từ ${fmtDate(from)} đến ${fmtDate(to)}${running ? ' (số liệu đến hôm nay)' : ''} · cơ cấu hành chính ngày ${fmtDate(structure)}`;
}

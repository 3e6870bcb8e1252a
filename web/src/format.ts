/** Vietnamese display formats: dd/mm/yyyy and 1.234.567,5 */

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function fmtNum(n: number | null | undefined, decimals = 0): string {
  if (n === null || n === undefined || !isFinite(n)) return '—';
  const neg = n < 0;
  const fixed = Math.abs(n).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (neg ? '-' : '') + grouped + (frac ? ',' + frac : '');
}

export function fmtPercent(p: number | null | undefined): string {
  return fmtNum(p, 1) + '%';
}

export function isoToday(): string {
  const d = new Date();
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** YYYY-MM-DD naming a real calendar day. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1];
}

export const PHONE_RE = /^(0|\+84)[0-9]{9}$/;

/** A value as people read it: whole numbers grouped, fractions with one decimal. */
export function fmtValue(n: number | null | undefined, unit?: string): string {
  if (n === null || n === undefined || !isFinite(n)) return '—';
  const s = fmtNum(n, Number.isInteger(n) ? 0 : 1);
  return unit === '%' ? s + '%' : s;
}

export function isoAddDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** The last day of the month `months` after the month of iso (0 = its own month). */
export function monthEnd(iso: string, months = 0): string {
  const [y, m] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m + months, 0)).toISOString().slice(0, 10);
}

/** The first day of the month `months` after the month of iso. */
export function monthStart(iso: string, months = 0): string {
  const [y, m] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 10);
}

const MONTHS = ['Th1', 'Th2', 'Th3', 'Th4', 'Th5', 'Th6', 'Th7', 'Th8', 'Th9', 'Th10', 'Th11', 'Th12'];
/** "2024-03" -> "03/2024" (long) or "Th3" (short); "2024-Q2" -> "Q2/2024". */
export function fmtPeriod(p: string, short = false): string {
  let m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return short ? MONTHS[+m[2] - 1] : `${m[2]}/${m[1]}`;
  m = /^(\d{4})-Q(\d)$/.exec(p);
  if (m) return short ? 'Q' + m[2] : `Quý ${m[2]}/${m[1]}`;
  return p;
}

/** The one wording of an end: "đến hết ngày 30/06/2025" (the last day it held). */
export function fmtUntil(lastDay: string | null | undefined): string {
  return lastDay ? 'đến hết ngày ' + fmtDate(lastDay) : '';
}

/** A unit's end is sent as its first day without it (valid_to, exclusive): its last day is the day before. */
export function lastDayOf(validTo: string | null | undefined): string | null {
  return validTo ? isoAddDays(validTo, -1) : null;
}

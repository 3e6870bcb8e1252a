// Periodic reports over HTTP (issue 15): a unit approving all its submitted
// children's monthly reports in one request (POST …/approve-children, one
// transaction), and the reporting rate of the children ranked. Each round
// submits every child (one POST each, not timed), approves them all at once
// (timed), then reopens them (not timed). Prints p50 / p95 / max of the
// approval and of the ranking.
//   node bench/periodic.mjs URL LOGIN PASSWORD UNIT_ID PERIOD [ROUNDS]
// Writes: report rows, events and notifications of PERIOD for UNIT's children.
import { session } from './http_session.mjs';

const [url, login, password, unit, period, roundsArg = '20'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const target = new URL(url);
const r0 = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: target.origin },
  body: JSON.stringify({ login, password }) });
if (r0.status !== 200) throw new Error(`log-in: ${r0.status}`);
const cookie = r0.headers.get('set-cookie').split(';')[0];
const csrf = (await r0.json()).csrf_token;
const post = async (path, body = {}) => {
  const s = performance.now();
  const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', origin: target.origin, cookie, 'x-csrf-token': csrf },
    body: JSON.stringify(body) });
  const ms = performance.now() - s;
  const json = await r.json();
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(json).slice(0, 300)}`);
  return { ms, json };
};
const { get } = await session(url, login, password);
const form = 'hoat_dong_to_cnscd';
const base = (id) => `/api/v1/units/${id}/periodic/${form}/${period}`;
const children = (await get(base(unit))).json.children.map((k) => k.unit.id);
console.log(`${children.length} children of unit ${unit}, period ${period}`);
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const approve = [];
const rank = [];
const [y, m] = period.split('-').map(Number);
const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
for (let i = 0; i < rounds; i++) {
  for (const id of children) {  // an explanation for each validation rule the figures break
    const v = (await get(base(id))).json.violations;
    await post(`${base(id)}/submit`, v.length ? { explanations: Object.fromEntries(v.map((x) => [x.rule, 'Đo hiệu năng'])) } : {});
  }
  const a = await post(`${base(unit)}/approve-children`);
  if (a.json.approved.length !== children.length) throw new Error(`approved ${a.json.approved.length} of ${children.length}`);
  approve.push(a.ms);
  for (let k = 0; k < 5; k++) {
    const r = await get(`/api/v1/units/${unit}/ranking?indicator=ty_le_bao_cao&from=${period}-01&to=${last}`);
    rank.push(r.ms);
  }
  for (const id of children) await post(`${base(id)}/reopen`, { reason: 'Đo hiệu năng' });
}
approve.sort((a, b) => a - b);
rank.sort((a, b) => a - b);
console.log(`approve ${children.length} at once: n=${rounds} p50 ${pct(approve, 0.5).toFixed(1)} ms, p95 ${pct(approve, 0.95).toFixed(1)} ms, max ${approve.at(-1).toFixed(1)} ms`);
console.log(`ranking by reporting rate: n=${rank.length} p50 ${pct(rank, 0.5).toFixed(2)} ms, p95 ${pct(rank, 0.95).toFixed(2)} ms, max ${rank.at(-1).toFixed(2)} ms`);

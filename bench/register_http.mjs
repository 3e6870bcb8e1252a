// The register over HTTP (issue 12), on a server on a `langso gen --register`
// dataset, logged in as a commune officer (who sees the commune's people):
//  - a village's household list (GET /units/{id}/households, the door-to-door
//    screen) for the village whose household count is nearest 300;
//  - one visit saved and counted (POST /households/{id}/visits with one
//    person gaining a status, the engine's counts updated before the answer),
//    each on another household of that village;
// p50 / p99 / max over N requests on one kept-alive loopback socket (the
// server's answer plus loopback: an upper bound of its own time), then the
// village's smartphone share before and after, which the visits moved.
//   node bench/register_http.mjs URL LOGIN PASSWORD [N]
// Writes visits and statuses: run it on a generated dataset.
import { session } from './http_session.mjs';

const [url, login, password, nArg = '300'] = process.argv.slice(2);
const N = Number(nArg);
const { get, send, close } = await session(url, login, password);
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const f2 = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const row = (label, times, extra = '') => {
  times.sort((a, b) => a - b);
  console.log(`| ${label} | ${times.length} | ${f2(pct(times, 0.5))} | ${f2(pct(times, 0.99))} | ${f2(times[times.length - 1])} | ${extra} |`);
};

const me = (await get('/api/v1/session')).json.user;
const commune = me.unit;
const villages = (await get(`/api/v1/units/${commune.id}/children`)).json.items.filter((u) => u.level === 'village');
let village, list;
for (const v of villages) {
  const l = (await get(`/api/v1/units/${v.id}/households`)).json;
  if (!list || Math.abs(l.households - 300) < Math.abs(list.households - 300)) { village = v; list = l; }
}
console.log(`${commune.name}: ${villages.length} villages; ${village.name}: ${list.households} households, ${list.residents} residents`);
const teams = (await get(`/api/v1/units/${village.id}/teams`)).json.items;
const team = teams.find((t) => t.unit_id === village.id) || teams[0];
const member = team ? (await get(`/api/v1/teams/${team.id}/members`)).json.items[0] : null;
const share = async () => {
  const sc = (await get(`/api/v1/units/${village.id}/scorecard`)).json;
  for (const p of sc.pillars || []) for (const i of p.indicators || []) if (i.code === 'cd_smartphone') return i.value;
  return null;
};
console.log('');
console.log('| request | n | p50 ms | p99 ms | max ms | |');
console.log('|---|---|---|---|---|---|');

const listTimes = [];
let bytes = 0;
for (let i = 0; i < N; i++) {
  const r = await get(`/api/v1/units/${village.id}/households`);
  listTimes.push(r.ms);
  bytes += r.bytes;
}
row(`household list, ${list.households} households`, listTimes, `${Math.round(bytes / N / 1024)} KB`);

// Statuses without an option, gained on a visit.
const types = ['smartphone', 'vneid_muc_2', 'tai_khoan_dvc', 'chu_ky_so', 'ho_so_suc_khoe'];
const before = await share();
const visitTimes = [];
const today = new Date().toISOString().slice(0, 10);
let gained = 0, smartphones = 0;
for (let i = 0, h = 0; visitTimes.length < N && h < list.items.length * 4; h++) {
  const hh = list.items[h % list.items.length];
  const detail = (await get(`/api/v1/households/${hh.id}`)).json;
  let change;
  for (const p of detail.residents) {
    if (p.ended_on || p.erased) continue;
    const held = new Set(p.statuses.filter((s) => !s.lost_on).map((s) => s.type));
    const t = types.find((x) => !held.has(x) && (x !== 'chu_ky_so' || p.adult));
    if (t) { change = { resident_id: p.id, type: t }; break; }
  }
  if (!change) continue;
  const body = { date: today, present: [change.resident_id], changes: [change], note: 'Đến hộ (benchmark)' };
  if (team) body.team_id = team.id;
  if (member) body.member_id = member.id;
  const r = await send('POST', `/api/v1/households/${hh.id}/visits`, body, { 'idempotency-key': `bench-visit-${Date.now()}-${i++}` });
  visitTimes.push(r.ms);
  gained++;
  if (change.type === 'smartphone') smartphones++;
}
row('visit saved and counted (one status)', visitTimes, `${gained} statuses gained, ${smartphones} smartphones`);
const after = await share();
console.log('');
console.log(`${village.name}: share of adults with a smartphone ${before} -> ${after} (the engine's count, read after the visits)`);
close();

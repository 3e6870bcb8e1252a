// Plans over HTTP (issue 14): the progress of a plan with targets cascaded
// to a province's communes, and the leader's board of the province, each
// asked N times on one kept-alive loopback socket; prints p50 / p99 / max
// (the server's answer plus loopback: an upper bound of its own time).
// Against a server with the demo (plan 118/KH-UBND of Thái Nguyên: 7
// targets × 93 units):
//   node bench/plans.mjs URL LOGIN PASSWORD [N]
// Read-only: it logs in (one session row) and only GETs.
import { session } from './http_session.mjs';

const [url, login, password, nArg = '300'] = process.argv.slice(2);
const N = Number(nArg);
const { get } = await session(url, login, password);

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
async function measure(label, path, describe) {
  const first = await get(path);
  const times = [];
  for (let i = 0; i < N; i++) times.push((await get(path)).ms);
  times.sort((a, b) => a - b);
  console.log(`${label}: ${describe(first.json)}; n=${N} p50 ${pct(times, 0.5).toFixed(2)} ms, p99 ${pct(times, 0.99).toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms`);
}

const me = (await get('/api/v1/session')).json.user;
const unit = me.unit.id;
const plans = (await get(`/api/v1/units/${unit}/plans`)).json.items;
const plan = plans.find((p) => p.number === '118/KH-UBND') || plans[0];
const date = '2025-10-01';
await measure(`progress of ${plan.number}`, `/api/v1/plans/${plan.id}/progress?date=${date}`, (j) => `${j.items.length} targets`);
await measure(`plan board of ${me.unit.name}`, `/api/v1/units/${unit}/plan-board?date=${date}`, (j) => `${j.plans.length} plans`);

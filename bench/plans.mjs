// Plans over HTTP (issue 14): the progress of a plan with targets cascaded
// to a province's communes, and the leader's board of the province, each
// asked N times on one kept-alive loopback socket; prints p50 / p99 / max
// (the server's answer plus loopback: an upper bound of its own time).
// Against a server with the demo (plan 118/KH-UBND of Thái Nguyên: 7
// targets × 93 units):
//   node bench/plans.mjs URL LOGIN PASSWORD [N]
// Read-only: it logs in (one session row) and only GETs.
import http from 'node:http';

const [url, login, password, nArg = '300'] = process.argv.slice(2);
const N = Number(nArg);
const target = new URL(url);
const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: target.origin },
  body: JSON.stringify({ login, password }) });
if (r.status !== 200) throw new Error(`log-in: ${r.status} ${await r.text()}`);
const cookie = r.headers.get('set-cookie').split(';')[0];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(path) {
  return new Promise((ok, fail) => {
    const s = performance.now();
    http.get({ host: target.hostname, port: target.port, path, agent, headers: { cookie, accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - s;
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) fail(new Error(`${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        else ok({ ms, json: JSON.parse(text) });
      });
    }).on('error', fail);
  });
}

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

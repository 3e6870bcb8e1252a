// Ingest through the API: batches of 1000 activities (durable commits), then
// single activities one after another for acknowledgement latency.
//   node bench/ingest.mjs URL LOGIN PASSWORD [BATCHES] [SINGLES]
import http from 'node:http';

const [url, login, password, batchesArg = '40', singlesArg = '2000'] = process.argv.slice(2);
const batches = Number(batchesArg), singles = Number(singlesArg);
const origin = new URL(url).origin;  // langso refuses a write without its own Origin
const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin },
  body: JSON.stringify({ login, password }) });
const cookie = r.headers.get('set-cookie').split(';')[0];
const { csrf_token } = await r.json();
const headers = { 'content-type': 'application/json', origin, cookie, 'x-csrf-token': csrf_token };
const units = await (await fetch(`${url}/api/v1/units?q=thon%201&limit=100`, { headers })).json();
const villages = units.items.filter((u) => u.level === 'village').map((u) => u.id);
if (!villages.length) throw new Error('no villages found');
const run = Date.now().toString(36);
let n = 0;
const activity = () => ({
  unit_id: villages[n % villages.length], type: 'dich_vu_cong', date: '2025-06-15',
  quantities: { people: 1 + (n % 7), applications: n % 3 }, key: `ingest-${run}-${n++}`,
});
const t0 = performance.now();
const inflight = [];
for (let b = 0; b < batches; b++) {
  const items = Array.from({ length: 1000 }, activity);
  inflight.push(fetch(`${url}/api/v1/activities/batch`, { method: 'POST', headers, body: JSON.stringify({ items }) })
    .then(async (res) => { if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`); }));
  if (inflight.length >= 4) await inflight.shift();
}
await Promise.all(inflight);
const secs = (performance.now() - t0) / 1000;
console.log(`batch ingest: ${batches * 1000} activities in ${secs.toFixed(2)} s = ${Math.round(batches * 1000 / secs)} activities/s`);
// Singles go through node:http on one kept-alive socket: fetch (undici) adds
// 1.5-3 ms of its own at the tail, which would be measured as the server's.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const target = new URL(url);
const postOne = (body, key) => new Promise((ok, fail) => {
  const data = Buffer.from(JSON.stringify(body));
  const req = http.request({ host: target.hostname, port: target.port, path: '/api/v1/activities', method: 'POST', agent,
    headers: { ...headers, 'idempotency-key': key, 'content-length': data.length } }, (res) => {
    res.resume();
    res.on('end', () => ok(res.statusCode));
  });
  req.on('error', fail);
  req.end(data);
});
const lat = [];
for (let i = 0; i < singles; i++) {
  const { key, ...body } = activity();
  const s = performance.now();
  const status = await postOne(body, key);
  if (status !== 201) throw new Error(`single: ${status}`);
  lat.push(performance.now() - s);
}
lat.sort((a, b) => a - b);
const p = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(2);
console.log(`single activity acknowledged: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms over ${singles}`);

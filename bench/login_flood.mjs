// A logged-in leader's scorecard while log-in sprayers hammer the server
// (docs/performance.md, "Log-in flood"). The server must be started with
// --trusted-proxy 127.0.0.1 so that each sprayer counts as its own address.
//   node bench/login_flood.mjs URL [SPRAYERS] [SECONDS]
// Prints the scorecard's p50/p99 with no flood and during it (same run), and
// what the sprayers got back.
const [url, sprayersArg = '32', secondsArg = '10'] = process.argv.slice(2);
const sprayers = Number(sprayersArg), seconds = Number(secondsArg);
const origin = new URL(url).origin;
const login = async (name, password, extra = {}) => fetch(`${url}/api/v1/session`, {
  method: 'POST', headers: { 'content-type': 'application/json', origin, ...extra }, body: JSON.stringify({ login: name, password }),
});
const r = await login('backan', process.env.LANGSO_DEMO_PASSWORD || 'demo1234');
if (r.status !== 200) throw new Error(`log-in: ${r.status} ${await r.text()}`);
const cookie = r.headers.get('set-cookie').split(';')[0];
const { user } = await r.json();
const path = `${url}/api/v1/units/${user.unit_id}/scorecard`;

const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
async function measure(ms) {
  const times = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    const res = await fetch(path, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`scorecard: ${res.status}`);
    times.push(performance.now() - t0);
  }
  return { n: times.length, p50: q(times, 0.5), p99: q(times, 0.99) };
}

const quiet = await measure(seconds * 1000);
let stop = false;
const outcomes = {};
const spray = async (i) => {
  while (!stop) {
    const res = await login(`nguoi-${i}-${Math.random()}`, 'sai-mat-khau', { 'x-forwarded-for': `203.0.113.${(i % 250) + 1}` });
    await res.arrayBuffer();
    outcomes[res.status] = (outcomes[res.status] || 0) + 1;
  }
};
const running = Array.from({ length: sprayers }, (_, i) => spray(i));
await new Promise((ok) => setTimeout(ok, 1000));
const flood = await measure(seconds * 1000);
stop = true;
await Promise.all(running);
const f = (x) => x.toFixed(2);
console.log(`scorecard, no flood:   ${quiet.n} requests, p50 ${f(quiet.p50)} ms, p99 ${f(quiet.p99)} ms`);
console.log(`scorecard, ${sprayers} sprayers: ${flood.n} requests, p50 ${f(flood.p50)} ms, p99 ${f(flood.p99)} ms`);
console.log(`log-in answers during the flood: ${JSON.stringify(outcomes)}`);

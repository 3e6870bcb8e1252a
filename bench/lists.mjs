// Paged lists at national scale: walks many pages of each list the way the
// screens do (limit 50, next_cursor) and prints each list's page times,
// p50 / p99 / max over every page, measured on one kept-alive loopback socket
// (so the figures are the server's answer plus loopback, an upper bound of
// the server's own time). Against a server on a `langso gen` dataset:
//   node bench/lists.mjs URL LOGIN PASSWORD [PAGES]
// Read-only: it logs in (one session row) and only GETs.
import { session } from './http_session.mjs';

const [url, login, password, pagesArg = '200'] = process.argv.slice(2);
const PAGES = Number(pagesArg);
const { get } = await session(url, login, password);

const q = (o) => Object.entries(o).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const fmt = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

async function walk(label, path, params, pages = PAGES) {
  const times = [];
  let rows = 0, cursor, bytes = 0;
  const ids = new Set();
  for (let i = 0; i < pages; i++) {
    const { ms, json, bytes: b } = await get(`${path}?${q({ ...params, cursor })}`);
    times.push(ms);
    bytes += b;
    for (const it of json.items) {
      if (ids.has(it.id)) throw new Error(`${label}: row ${it.id} twice`);
      ids.add(it.id);
    }
    rows += json.items.length;
    cursor = json.next_cursor;
    if (!cursor) break;
  }
  times.sort((a, b) => a - b);
  console.log(`| ${label} | ${times.length} | ${rows} | ${fmt(pct(times, 0.5))} | ${fmt(pct(times, 0.99))} | ${fmt(times[times.length - 1])} | ${Math.round(bytes / times.length / 1024)} KB |`);
}

// The units of the dataset: the province with the most teams, one of its
// communes and one of that commune's villages.
const roots = (await get('/api/v1/units')).json.items;
let province, most = -1;
for (const p of roots) {
  const n = (await get(`/api/v1/units/${p.id}/teams?limit=1`)).json.count;
  if (n > most) { most = n; province = p; }
}
const communes = (await get(`/api/v1/units/${province.id}/children`)).json.items;
const commune = communes[Math.floor(communes.length / 2)];
const village = (await get(`/api/v1/units/${commune.id}/children`)).json.items[0];
const team = (await get(`/api/v1/units/${village.id}/teams?limit=1`)).json.items[0];
// The busiest author (langso gen logs every activity as its own account).
const author = (await get('/api/v1/activities?limit=1')).json.items[0]?.author?.id;
const types = (await get('/api/v1/activity-types')).json.items;
const type = types[0].code;
const last = (await get('/api/v1/activities?limit=1')).json.items[0].date;
const month = last.slice(0, 7);
const monthEnd = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).toISOString().slice(0, 10);
console.log(`province ${province.name} (${most} teams), commune ${commune.name}, village ${village.name}, team ${team?.name}, author ${author}, type ${type}, month ${month}`);
console.log('');
console.log('| list | pages | rows | p50 ms | p99 ms | max ms | bytes/page |');
console.log('|---|---|---|---|---|---|---|');
const A = '/api/v1/activities';
await walk('activities, nation', A, {});
await walk(`activities, province`, A, { unit_id: province.id });
await walk(`activities, commune`, A, { unit_id: commune.id });
await walk(`activities, village`, A, { unit_id: village.id });
await walk('activities, nation, one type', A, { type });
await walk('activities, province, one type', A, { unit_id: province.id, type });
await walk('activities, commune, one type', A, { unit_id: commune.id, type });
await walk('activities, province, one month', A, { unit_id: province.id, from: `${month}-01`, to: monthEnd });
await walk('activities, a team', A, { team_id: team.id });
if (author) {
  await walk('activities, nation, one author', A, { author_id: author });
  await walk('activities, province, one author', A, { unit_id: province.id, author_id: author });
  await walk('activities, commune, one author', A, { unit_id: commune.id, author_id: author });
}
await walk('teams, province', `/api/v1/units/${province.id}/teams`, {});
await walk('teams, province, q=thon 1', `/api/v1/units/${province.id}/teams`, { q: 'thon 1' });
await walk('teams, commune', `/api/v1/units/${commune.id}/teams`, {});
await walk('unit search, q=phuoc', '/api/v1/units', { q: 'phuoc' });
await walk('unit search, q=thon', '/api/v1/units', { q: 'thon' }, 20);

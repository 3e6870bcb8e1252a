// Import of a village's register from CSV over HTTP (issue 12): one file of
// N persons (default 15,000: the 2 MB upload holds about that many with
// four statuses each, one with its option column) posted to POST /units/{id}/register-import, timed from
// the request to the answer; then the same file again (nothing changes:
// every person matched). Prints persons per second for both.
//   [CCCD=1] node bench/register_import.mjs URL LOGIN PASSWORD VILLAGE_ID [PERSONS]
// Writes to the village's register: run it on a generated dataset.
import http from 'node:http';

const [url, login, password, village, personsArg = '15000'] = process.argv.slice(2);
const N = Number(personsArg);
const origin = new URL(url).origin;
const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin },
  body: JSON.stringify({ login, password }) });
if (r.status !== 200) throw new Error(`log-in: ${r.status} ${await r.text()}`);
const cookie = r.headers.get('set-cookie').split(';')[0];
const csrf = (await r.json()).csrf_token;

// A village list: households of 1-6, the address on the head's row, a birth
// date, four statuses with the day each became true. Names made up.
const family = ['Hoàng', 'Nông', 'Lương', 'Ma', 'Triệu', 'Lý', 'Hà', 'Đàm', 'Lục', 'Bế'];
const given = ['Văn Pảo', 'Thị Nhất', 'Văn Sình', 'Thị Mây', 'Đức Tài', 'Thị Nguyệt', 'Minh Khánh', 'Thu Hoa'];
// CCCD=1: adults (born before 2008) carry a made-up 12-digit CCCD (999 in the
// middle, as the demo's: clearly fictional), village by village distinct.
const withCccd = Boolean(process.env.CCCD);
const rows = [['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà', 'Chủ hộ', 'Cáp quang',
  'Có điện thoại thông minh', 'Đã kích hoạt định danh điện tử VNeID mức 2', 'Được phổ cập kỹ năng số cơ bản',
  'Nơi học (Được phổ cập kỹ năng số cơ bản)', 'Có hồ sơ sức khoẻ điện tử', ...(withCccd ? ['CCCD'] : [])]];
const places = ['Lớp của tổ công nghệ số', 'Khoá học OneTouch', 'Bình dân học vụ số'];
let seed = 7;
// A 32-bit LCG read from its high bits (the low bit of an LCG alternates, and
// seed * 1103515245 in doubles lost bits: every head's rnd(2) gave the same
// answer, so no household of the file had fibre).
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 16) % n; };
const dd = (d, m, y) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
for (let p = 0, house = 1; p < N; house++) {
  const size = 1 + rnd(6);
  for (let k = 0; k < size && p < N; k++, p++) {
    const g = given[(p + k) % given.length];
    const status = () => (rnd(3) ? dd(1 + rnd(28), 1 + rnd(12), 2022 + rnd(4)) : '');
    const skills = () => { const d = status(); return [d, d ? places[rnd(places.length)] : '']; };
    // The draws in the order the file has always made them (the same file as before CCCD=1 existed).
    const name = `${family[rnd(family.length)]} ${g} ${p + 1}`;
    const day = 1 + rnd(28), month = 1 + rnd(12), year = 1940 + rnd(80);
    const cccd = withCccd && year < 2008 ? `0${String(Number(village) % 100).padStart(2, '0')}999${String(p).padStart(6, '0')}` : '';
    rows.push([p + 1, name, dd(day, month, year),
      g.includes('Thị') || g.includes('Thu') ? 'Nữ' : 'Nam', k ? '' : `Xóm ${1 + Math.floor(house / 40)}`, k ? '' : String(house),
      k ? '' : 'x', k ? '' : (rnd(2) ? 'có' : ''), status(), status(), ...skills(), status(), ...(withCccd ? [cccd] : [])]);
  }
}
const csv = rows.map((x) => x.join(',')).join('\r\n');
// The file itself as the body, as the web app sends it (http/upload.h).
const body = Buffer.from(csv);
console.log(`${N} persons, CSV ${(csv.length / 1024 / 1024).toFixed(2)} MB`);
// node:http with the body as bytes made beforehand: fetch() spent about 50 ms
// of its own on a 1.8 MB body (base64 in JSON, as files were sent until
// 2026-12-07), which is the client's time, not langso's.
const post = (path) => new Promise((resolve, reject) => {
  const req = http.request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length, origin, cookie, 'x-csrf-token': csrf } }, (res) => {
    const parts = [];
    res.on('data', (d) => parts.push(d));
    res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString() }));
  });
  req.on('error', reject);
  req.end(body);
});
for (const run of ['first import', 'the same file again']) {
  const t0 = performance.now();
  const res = await post(`/api/v1/units/${village}/register-import?name=so-ho.csv`);
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${run}: ${res.status} ${res.text.slice(0, 400)}`);
  const j = JSON.parse(res.text);
  console.log(`| ${run} | ${ms.toFixed(0)} ms | ${Math.round(N / (ms / 1000)).toLocaleString('vi-VN')} persons/s | created ${j.persons_created}, unchanged ${j.persons_unchanged}, statuses ${j.statuses_added} |`);
}

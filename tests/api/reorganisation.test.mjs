// The 2025 reorganisation: the demo's Chợ Mới story on both structures, search
// saying what became of a unit, inherited teams, scopes of accounts whose
// unit ended; and, on a small database of its own, a split commune whose
// villages an officer assigns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BIN, DEMO_DATE, startServer, Client, loginAll, unitByName, scoreIndicator, assertProblem, sqlCount, createDb, dropDb, within,
} from './lib.mjs';

let s; let c;
before(async () => {
  s = await startServer();
  c = await loginAll(s.url, ['admin', 'backan', 'chomoi', 'hoamuc', 'thanhvien', 'thainguyen', 'tanky']);
});
after(async () => { await s?.stop(); });

const NEW_COMMUNES = ['Xã Chợ Mới', 'Xã Tân Kỳ', 'Xã Thanh Mai', 'Xã Thanh Thịnh', 'Xã Yên Bình'];

test('today Chợ Mới is 5 communes of Tỉnh Thái Nguyên; on 04/05/2022 it still shows 14/14', async () => {
  const [tn] = (await c.admin.ok('/api/v1/units?code=19')).items;
  assert.equal(tn.name, 'Tỉnh Thái Nguyên');
  assert.deepEqual(tn.formed_from.map((u) => u.name), ['Tỉnh Bắc Kạn']);
  const names = (await c.admin.ok(`/api/v1/units/${tn.id}/children`)).items.map((u) => u.name);
  for (const n of NEW_COMMUNES) assert.ok(names.includes(n), n);
  const choMoi = (await c.admin.ok('/api/v1/units?code=065&date=2022-05-04')).items[0];
  const cov = await c.admin.ok(`/api/v1/units/${choMoi.id}/coverage?date=${DEMO_DATE}`);
  assert.deepEqual([cov.communes.with_team, cov.communes.total], [14, 14]);
  assert.equal((await c.admin.ok('/api/v1/units?code=065')).items.length, 0, 'no district 065 today');
  assert.equal(choMoi.fate.status, 'dissolved');
  assert.deepEqual(choMoi.fate.into.map((u) => u.name).sort(), [...NEW_COMMUNES].sort());
  // Code 02086 is Thị trấn Đồng Tâm in 2022 and Xã Chợ Mới today.
  assert.equal((await c.admin.ok('/api/v1/units?code=02086&date=2022-05-04')).items[0].name, 'Thị trấn Đồng Tâm');
  assert.equal((await c.admin.ok('/api/v1/units?code=02086')).items[0].name, 'Xã Chợ Mới');
});

test('2022 on the 2022 structure and on today\'s: the same activities, re-attributed', async () => {
  const choMoi2022 = (await c.admin.ok('/api/v1/units?code=065&date=2022-05-04')).items[0];
  const then = await c.admin.ok(`/api/v1/units/${choMoi2022.id}/scorecard?from=2022-01-01&to=2022-12-31&structure_date=2022-12-31`);
  let sum = 0;
  for (const name of NEW_COMMUNES) {
    const u = await unitByName(c.admin, name, '2026-01-01');
    const now = await c.admin.ok(`/api/v1/units/${u.id}/scorecard?from=2022-01-01&to=2022-12-31`);
    sum += scoreIndicator(now, 'dvc_huong_dan').value;
  }
  assert.ok(scoreIndicator(then, 'dvc_huong_dan').value > 0);
  assert.equal(sum, scoreIndicator(then, 'dvc_huong_dan').value);
  // A ranking on today's structure lists the new communes with 2022 figures.
  const [tn] = (await c.admin.ok('/api/v1/units?code=19')).items;
  const rk = await c.admin.ok(`/api/v1/units/${tn.id}/ranking?indicator=dvc_huong_dan&from=2022-01-01&to=2022-12-31`);
  const inRanking = rk.items.filter((i) => NEW_COMMUNES.includes(i.unit.name)).reduce((a, i) => a + i.value, 0);
  assert.equal(inRanking, sum);
  // The report of Thái Nguyên for 2022 says how the old units' figures were attributed.
  const csv = await c.admin.get(`/api/v1/units/${tn.id}/report?period=2022&format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /Số liệu trước ngày 01\/07\/2025 ghi cho các đơn vị đã sắp xếp được tính cho đơn vị mà chúng hợp thành/);
  // Asking a unit on a structure it is not part of is a clear 400.
  assertProblem(await c.admin.get(`/api/v1/units/${choMoi2022.id}/scorecard?structure_date=2026-01-01`), 400, 'bad_query');
});

test('search by an old name says what became of it', async () => {
  const items = (await c.admin.ok(`/api/v1/units?q=${encodeURIComponent('nhu co')}`)).items;
  assert.equal(items[0].name, 'Xã Như Cố');
  assert.equal(items[0].fate.text, 'Xã Như Cố — đã sáp nhập vào Xã Chợ Mới, tỉnh Thái Nguyên, từ 01/07/2025');
  const hm = (await c.admin.ok(`/api/v1/units?q=${encodeURIComponent('Hòa Mục')}`)).items[0];
  assert.match(hm.fate.text, /đã sáp nhập vào Xã Tân Kỳ, tỉnh Thái Nguyên, từ 01\/07\/2025/);
  const events = (await c.admin.ok('/api/v1/reorganisations')).items;
  assert.equal(events[0].effective_date, '2025-07-01');
  assert.match(events[0].legal_basis, /202\/2025\/QH15/);
});

test('villages and village teams move with their commune', async () => {
  const v = await unitByName(c.admin, 'Thôn Nà Pầu', '2026-01-01');
  assert.equal(v.path_text, 'Thôn Nà Pầu › Xã Tân Kỳ › Tỉnh Thái Nguyên');
  const old = await unitByName(c.admin, 'Thôn Nà Pầu', DEMO_DATE);
  assert.equal(old.id, v.id);
  // The team member of Nà Pầu keeps logging for the same village.
  assert.equal(c.thanhvien.user.unit.path_text, 'Thôn Nà Pầu › Xã Tân Kỳ › Tỉnh Thái Nguyên');
});

test('commune-level teams of merged communes: merged by the demo, or listed to merge', async () => {
  const tk = await unitByName(c.admin, 'Xã Tân Kỳ', '2026-01-01');
  const inherited = await c.tanky.ok(`/api/v1/units/${tk.id}/inherited-teams`);
  assert.equal(inherited.pending, 0);
  assert.equal(inherited.items.length, 3);  // Tân Sơn, Hoà Mục, Cao Kỳ: closed on 30/06/2025, history kept
  for (const t of inherited.items) assert.equal(t.active_to, '2025-06-30');
  const tt = await unitByName(c.admin, 'Xã Thanh Thịnh', '2026-01-01');
  const open = await c.thainguyen.ok(`/api/v1/units/${tt.id}/inherited-teams`);
  assert.equal(open.pending, 2);
  // The officer of another commune cannot see them.
  assert.equal((await c.tanky.get(`/api/v1/units/${tt.id}/inherited-teams`)).status, 404);
  assertProblem(await c.thainguyen.post(`/api/v1/units/${tt.id}/inherited-teams/merge`, { team_ids: [999999], name: 'X' }), 422, 'validation_failed', { fields: ['team_ids'] });
  const r = await c.thainguyen.post(`/api/v1/units/${tt.id}/inherited-teams/merge`,
    { team_ids: open.items.map((t) => t.id), name: 'Tổ CNSCĐ xã Thanh Thịnh' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.active_from, '2025-07-01');
  assert.equal(r.json.member_count, 6);
  assert.equal((await c.thainguyen.ok(`/api/v1/units/${tt.id}/inherited-teams`)).pending, 0);
  // Coverage on today's structure counts the new commune once.
  const cov = await c.admin.ok(`/api/v1/units/${tt.id}/coverage`);
  assert.deepEqual([cov.communes.with_team, cov.communes.total], [1, 1]);
});

test('an account whose unit ended is offered what it became; an administrator confirms', async () => {
  const sc = c.hoamuc.user.scope_change;
  assert.equal(sc.pending, true);
  assert.deepEqual(sc.candidates.map((u) => u.name), ['Xã Tân Kỳ']);
  // Meanwhile it keeps working on the old unit's data.
  assert.equal((await c.hoamuc.get(`/api/v1/units/${c.hoamuc.user.unit_id}`)).status, 200);
  assertProblem(await c.backan.post(`/api/v1/users/${c.hoamuc.user.id}/scope`, { unit_id: sc.candidates[0].id }), 403, 'forbidden');
  const chomoi = c.chomoi.user.scope_change;
  assert.ok(chomoi.candidates.some((u) => u.name === 'Tỉnh Thái Nguyên'));
  assertProblem(await c.admin.post(`/api/v1/users/${c.hoamuc.user.id}/scope`, { unit_id: chomoi.candidates.find((u) => u.level === 'province').id }), 422, 'validation_failed', { fields: ['unit_id'] });
  const r = await c.admin.post(`/api/v1/users/${c.hoamuc.user.id}/scope`, { unit_id: sc.candidates[0].id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit.name, 'Xã Tân Kỳ');
  assert.equal(r.json.scope_change, null);
  const again = await Client.login(s.url, 'hoamuc');
  assert.equal(again.user.unit.name, 'Xã Tân Kỳ');
  const tk = again.user.unit;
  assert.equal((await again.get(`/api/v1/units/${tk.id}/scorecard`)).status, 200);
  assert.equal(sqlCount(s.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'confirm_scope'"), 1);
});

// A split commune, on a database of its own built with the command line.
test('a split commune: villages proposed to the commune named first, then assigned by an officer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'langso-split-'));
  const db = createDb(dir, 's.db');
  let srv;
  try {
    writeFileSync(join(dir, 'legacy.csv'), 'Mã,Tên,Tên Tiếng Anh,Cấp,Mã QH,Quận Huyện,Mã TP,Tỉnh / Thành Phố\n'
      + '00001,Phường Phúc Xá,,Phường,001,Quận Ba Đình,01,Thành phố Hà Nội\n'
      + '00007,Phường Cống Vị,,Phường,001,Quận Ba Đình,01,Thành phố Hà Nội\n');
    const head = 'provinceCode,isMergedProvince,districtCode,districtType,wardCode,wardType,isMergedWard,isDividedWard,province,district,ward,newProvince,newWard,newWardShort,newProvinceCode,newProvinceLat,newProvinceLon,newWardCode,newWardType,newWardLat,newWardLon,newWardAreaKm2\n';
    writeFileSync(join(dir, 'map.csv'), head
      + '1,False,1,Quận,1.0,Phường,True,False,Thành phố Hà Nội,Quận Ba Đình,Phường Phúc Xá,Thành phố Hà Nội,Phường Hồng Hà,Hồng Hà,01,21,105,00097,Phường,21,105,15\n'
      + '1,False,1,Quận,7.0,Phường,True,True,Thành phố Hà Nội,Quận Ba Đình,Phường Cống Vị,Thành phố Hà Nội,Phường Giảng Võ,Giảng Võ,01,21,105,00070,Phường,21,105,3\n'
      + '1,False,1,Quận,7.0,Phường,True,True,Thành phố Hà Nội,Quận Ba Đình,Phường Cống Vị,Thành phố Hà Nội,Phường Ngọc Hà,Ngọc Hà,01,21,105,00004,Phường,21,105,3\n');
    execFileSync(BIN, ['import', 'units', '--db', db, join(dir, 'legacy.csv')]);
    execFileSync(BIN, ['user', 'add', '--db', db, '--login', 'root', '--role', 'admin'], { env: { ...process.env, LANGSO_PASSWORD: 'gốc-rễ-vững-chắc' } });
    srv = await startServer({ demo: false, db });
    const admin = await Client.login(srv.url, 'root', 'gốc-rễ-vững-chắc');
    const [congVi] = (await admin.ok('/api/v1/units?code=00007&date=2025-01-01')).items;
    for (const name of ['Tổ dân phố 1', 'Tổ dân phố 2']) {
      const r = await admin.post(`/api/v1/units/${congVi.id}/villages`, { name, type: 'to_dan_pho' });
      assert.equal(r.status, 201, r.text);
    }
    // Imported while the server runs: it follows the journal and reloads the structure.
    const out = execFileSync(BIN, ['import', 'reorganisation', '--db', db, join(dir, 'map.csv')], { encoding: 'utf8' });
    assert.match(out, /1 xã bị chia/);
    assert.match(out, /chờ quyết định: 2/);
    await within(1000, async () => (await admin.ok('/api/v1/units?code=00070')).items.length === 1);
    const again = execFileSync(BIN, ['import', 'reorganisation', '--db', db, join(dir, 'map.csv')], { encoding: 'utf8' });
    assert.match(again, /3 dòng đã áp dụng từ trước/);
    const giangVo = (await admin.ok('/api/v1/units?code=00070')).items[0];
    const ngocHa = (await admin.ok('/api/v1/units?code=00004')).items[0];
    const list = await admin.ok(`/api/v1/units/${giangVo.id}/village-assignments`);
    assert.equal(list.pending, 2);
    assert.deepEqual(list.items[0].options.map((u) => u.name), ['Phường Giảng Võ', 'Phường Ngọc Hà']);
    const village = list.items[1].village;
    assert.equal(village.parent_id, giangVo.id);
    assertProblem(await admin.put(`/api/v1/villages/${village.id}/assignment`, { commune_id: congVi.id }), 422, 'validation_failed', { fields: ['commune_id'] });
    const r = await admin.put(`/api/v1/villages/${village.id}/assignment`, { commune_id: ngocHa.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.decided, true);
    const moved = await admin.ok(`/api/v1/units/${village.id}`);
    assert.equal(moved.path_text, `${village.name} › Phường Ngọc Hà › Thành phố Hà Nội`);
    const past = await admin.ok(`/api/v1/units/${village.id}?date=2025-01-01`);
    assert.equal(past.path_text, `${village.name} › Phường Cống Vị › Quận Ba Đình › Thành phố Hà Nội`);
    assert.equal((await admin.ok(`/api/v1/units/${giangVo.id}/village-assignments`)).pending, 1);
    // The report states the rule for the split commune's own figures.
    const rep = await admin.get(`/api/v1/units/${giangVo.id}/report?period=2025&format=csv`);
    assert.equal(rep.status, 200, rep.text);
    assert.match(rep.text, /Phường Cống Vị được chia cho Phường Giảng Võ, Phường Ngọc Hà: số liệu ghi cho chính Phường Cống Vị được tính cho Phường Giảng Võ/);
  } finally {
    await srv?.stop();
    dropDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
});

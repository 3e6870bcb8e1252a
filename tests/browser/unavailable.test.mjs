// The database unavailable (issue 5): the server answers 503 and the web app
// tells the user to try again; once the database is back the same form saves.
// Made real on SQLite: another process holds the write lock past the server's
// busy timeout, as a stuck backup or a second writer would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, startBrowser, newPage, shot, login } from './helpers.mjs';

let server, browser, member;
const TYPE = 'Hướng dẫn mở tài khoản ví điện tử';
const FIELD = 'Số tài khoản mở mới';

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  member = await newPage(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A sqlite3 process holding the database's write lock until release(). */
async function holdWriteLock(db) {
  const proc = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'inherit'] });
  proc.stdout.setEncoding('utf8');
  const held = new Promise((ok) => proc.stdout.on('data', (d) => { if (d.includes('held')) ok(); }));
  proc.stdin.write("BEGIN IMMEDIATE;\nSELECT 'held';\n");
  await held;
  return async () => {
    proc.stdin.end('ROLLBACK;\n');
    await new Promise((ok) => proc.once('exit', ok));
  };
}

test('a save while the database is unavailable says to try again; the retry saves', async () => {
  await login(member, 'thanhvien');
  await member.getByRole('link', { name: 'Ghi hoạt động' }).first().click();
  await member.getByRole('heading', { name: 'Ghi hoạt động' }).waitFor();
  await member.getByRole('radio', { name: TYPE }).click();
  await member.getByText('Viettel Money', { exact: true }).click();
  await member.getByLabel(FIELD).fill('3');

  const release = await holdWriteLock(server.db);
  let answer;
  try {
    const response = member.waitForResponse((r) => r.url().endsWith('/api/v1/activities') && r.request().method() === 'POST', { timeout: 20000 });
    await member.getByRole('button', { name: 'Lưu', exact: true }).click();
    answer = await response;
    const form = member.getByRole('form', { name: 'Ghi hoạt động' });
    await form.locator('[data-testid="form-error"].err', { hasText: /thử lại/ }).waitFor({ timeout: 10000 });
    await shot(member, '60-csdl-tam-ngung');
  } finally {
    await release();
  }
  assert.equal(answer.status(), 503);
  assert.equal(answer.headers()['retry-after'], '5');

  // The form offers to send the same activity again (same Idempotency-Key).
  await member.getByRole('button', { name: 'Gửi lại', exact: true }).click();
  await member.locator('#saved', { hasText: 'Đã lưu' }).waitFor();
  await member.locator('#recent > li').filter({ hasText: 'Viettel Money' }).filter({ hasText: '3 tài khoản' }).first().waitFor();
});

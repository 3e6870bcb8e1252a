// The command line on the suite's backend (SQLite, or PostgreSQL with
// LANGSO_TEST_PG): migrations applied by `langso migrate`, a database newer
// than the binary refused, backup and restore kept to SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, PG, createDb, dropDb, sqlCount, sqlWrite } from './lib.mjs';

const langso = (...args) => spawnSync(BIN, args, { encoding: 'utf8' });

async function withDb(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'langso-cli-'));
  const db = createDb(dir);
  try { await fn(db, dir); } finally { dropDb(db); rmSync(dir, { recursive: true, force: true }); }
}

test('langso migrate applies every migration once; a newer database is refused by migrate and serve', async () => {
  await withDb(async (db) => {
    const first = langso('migrate', '--db', db);
    assert.equal(first.status, 0, first.stderr);
    const version = Number(/phiên bản (\d+)/.exec(first.stdout)[1]);
    assert.ok(version >= 3);
    assert.equal(sqlCount(db, 'SELECT COUNT(*) FROM schema_version'), version);
    assert.equal(langso('migrate', '--db', db).status, 0);
    assert.equal(sqlCount(db, 'SELECT COUNT(*) FROM schema_version'), version, 'a second run applies nothing');
    sqlWrite(db, `INSERT INTO schema_version(version) VALUES (${version + 1})`);
    for (const args of [['migrate'], ['serve', '--listen', '127.0.0.1:0']]) {
      const r = langso(...args, '--db', db);
      assert.equal(r.status, 1, `${args[0]}: ${r.stdout} ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`phiên bản lược đồ ${version + 1} mới hơn phiên bản ${version}`));
    }
  });
});

test('backup and restore refuse PostgreSQL and point to pg_dump', { skip: !PG && 'PostgreSQL only (LANGSO_TEST_PG)' }, async () => {
  await withDb(async (db, dir) => {
    assert.equal(langso('migrate', '--db', db).status, 0);
    // restore's FILE must exist before --db is looked at: any file will do.
    for (const [cmd, file] of [['backup', join(dir, 'new.db')], ['restore', new URL(import.meta.url).pathname]]) {
      const r = langso(cmd, '--db', db, file);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /chỉ dành cho SQLite; với PostgreSQL hãy dùng pg_dump/);
    }
  });
});

// The database a test server runs on, and direct SQL on it for the checks a
// response alone cannot prove. A SQLite file by default; with LANGSO_TEST_PG
// set, a fresh database per server on the throwaway PostgreSQL cluster that
// tests/api/run-pg.sh starts (its URL in LANGSO_TEST_PG_URL). Both answer in
// the same shapes: `sql` as sqlite3's list mode (fields joined by "|", NULL as
// empty), `sqlJson` as an array of row objects.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PG = !!process.env.LANGSO_TEST_PG;
const CLUSTER = process.env.LANGSO_TEST_PG_URL || 'postgresql://postgres@127.0.0.1:54329';
const PSQL = existsSync('/usr/lib/postgresql/15/bin/psql') ? '/usr/lib/postgresql/15/bin/psql' : 'psql';
const MAX = 512 * 1024 * 1024;

export const isPg = (db) => /^postgres(ql)?:\/\//.test(db);

function psql(url, query, { readonly = true } = {}) {
  // Through stdin, so several statements each print their rows, as in sqlite3.
  const env = { ...process.env, PGOPTIONS: readonly ? '-c default_transaction_read_only=on' : '' };
  return execFileSync(PSQL, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'],
    { input: query, env, encoding: 'utf8', maxBuffer: MAX });
}

let seq = 0;
/** A new, empty database: `name` in `dir` for SQLite, a new database on the cluster for PostgreSQL. */
export function createDb(dir, name = 't.db') {
  if (!PG) return join(dir, name);
  const db = `langso_test_${process.pid}_${++seq}`;
  // Vietnamese collation, as a deployment here may well choose: SQL whose
  // answers depend on the database's text order then shows in the suite.
  sqlCluster(`CREATE DATABASE ${db} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN' LOCALE 'C.UTF-8'`);
  return `${CLUSTER}/${db}`;
}

/** Drops a database createDb made on the cluster (a SQLite file goes with its directory). */
export function dropDb(db) {
  if (!isPg(db)) return;
  sqlCluster(`DROP DATABASE IF EXISTS ${dbName(db)} WITH (FORCE)`);
}

/** Run SQL read-only and return stdout. */
export function sql(db, query) {
  if (isPg(db)) return psql(db, query);
  return execFileSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8', maxBuffer: MAX });
}

/** Run SQL that writes (a test arranging a state the API cannot reach quickly). */
export function sqlWrite(db, query) {
  if (isPg(db)) return psql(db, query, { readonly: false });
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8', maxBuffer: MAX });
}

/** Run SQL read-only and return the rows as objects. */
export function sqlJson(db, query) {
  const out = isPg(db)
    ? psql(db, `SELECT COALESCE(json_agg(q), '[]') FROM (${query}) q`)
    : execFileSync('sqlite3', ['-readonly', '-json', db, query], { encoding: 'utf8', maxBuffer: MAX });
  return out.trim() ? JSON.parse(out) : [];
}

/** Run SQL on the cluster's maintenance database (PostgreSQL only): what a test does to a server's database from outside. */
export function sqlCluster(query) {
  return psql(`${CLUSTER}/postgres`, query, { readonly: false });
}

/** The database name in a PostgreSQL URL. */
export const dbName = (db) => new URL(db).pathname.slice(1);

// ---- Clusters of a test's own (crash, replica): bench/pg.sh starts and stops them.
const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_SH = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'bench', 'pg.sh');

/** Runs a PostgreSQL program (pg_ctl, createdb, psql, pg_basebackup…) as the postgres user; returns stdout. */
export function pgTool(program, ...args) {
  const argv = [`${PG_BIN}/${program}`, ...args];
  const [cmd, rest] = process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0], argv.slice(1)];
  return execFileSync(cmd, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts (creating when new) a cluster in `dir` on loopback `port`; `conf` adds server settings ("-c fsync=on …"). */
export function clusterStart(dir, port, conf) {
  execFileSync(PG_SH, ['start', dir, String(port)], { env: { ...process.env, PG_CONF: conf }, stdio: 'ignore' });
}

/** Stops the cluster in `dir` if it runs. */
export function clusterStop(dir) {
  try { execFileSync(PG_SH, ['stop', dir], { stdio: 'ignore' }); } catch { /* not running */ }
}

// Shared helpers for the HTTP API tests (node --test, no dependencies).
//
// startServer()  — a real langso server with the demo data, on a random port,
//                  with a database of its own (testdb.mjs: SQLite, or PostgreSQL
//                  with LANGSO_TEST_PG set).
// Client         — logs in, keeps the session cookie and the CSRF token.
// raw()          — a request with full control over headers and body bytes.
// assertProblem  — checks the application/problem+json error shape.
// dbSnapshot()   — a dump of the data tables, to prove a failed request changed nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { createServer } from 'node:net';
import https from 'node:https';
import assert from 'node:assert/strict';
import { createDb, dropDb, sql } from './testdb.mjs';

export { PG, createDb, dropDb, sql, sqlJson, sqlWrite, sqlCluster, dbName, pgTool, clusterStart, clusterStop } from './testdb.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PASSWORD = 'demo1234';
/** The date the demo data describes (Huyện Chợ Mới: 14/14 communes). */
export const DEMO_DATE = '2022-05-04';
export const DEMO_LOGINS = ['admin', 'backan', 'chomoi', 'hoamuc', 'thanhvien', 'xem'];

/** Start `langso serve --demo` on 127.0.0.1:0. Returns {url, db, dir, stderr(), accessLog(), stop()}. */
export const BIN = process.env.LANGSO_BIN || join(ROOT, 'build', 'langso');

/** Start a server; `db` reuses an existing database (left alone on stop, like its directory). */
export async function startServer({ demo = true, args: extra = [], db: existing, prefix = [], listen = '127.0.0.1:0' } = {}) {
  const bin = BIN;
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the server first`);
  const dir = existing ? dirname(existing) : mkdtempSync(join(tmpdir(), 'langso-api-'));
  const db = existing || createDb(dir);
  const args = ['serve', '--db', db, '--listen', listen];  // listen: a fixed port keeps a browser's origin across a restart
  if (demo) args.push('--demo');
  args.push(...extra);
  // prefix: a command the server runs under (prlimit, to give it few descriptors).
  const proc = prefix.length ? spawn(prefix[0], [...prefix.slice(1), bin, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(bin, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('server did not start in 30 s\n' + stderr)), 30000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)/m.exec(out);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited with ${code}\n${stderr}`)); });
  });
  proc.stdout.resume();
  const server = {
    url,
    db,
    dir,
    proc,
    stderr: () => stderr,
    /** stderr lines that parse as JSON (the log lines). */
    jsonLines() {
      const out = [];
      for (const line of stderr.split('\n')) {
        const t = line.trim();
        if (!t.startsWith('{')) continue;
        try { out.push(JSON.parse(t)); } catch { /* not JSON */ }
      }
      return out;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(t);
      }
      if (!existing) {
        dropDb(db);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return server;
}

/**
 * One HTTP request with the http module: exact bytes, any method, any headers.
 * An https: base goes through the https module and accepts any certificate
 * (the deploy smoke test's throwaway one; tests talk only to loopback).
 * body: undefined | string | Buffer | object (sent as JSON).
 * Returns {status, headers, rawHeaders, text, body (Buffer), json (parsed or undefined)}.
 */
export function raw(base, method, path, { headers = {}, body } = {}) {
  const u = new URL(path, base);
  let payload;
  const h = { ...headers };
  // A browser sends its page's Origin on every write, and langso refuses a
  // write without it: sent unless the test names its own (null: none at all).
  const originKey = Object.keys(h).find((k) => k.toLowerCase() === 'origin');
  if (originKey === undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method)) h.Origin = `${u.protocol}//${u.host}`;
  if (originKey !== undefined && h[originKey] === null) delete h[originKey];
  if (body !== undefined) {
    if (Buffer.isBuffer(body)) payload = body;
    else if (typeof body === 'string') payload = Buffer.from(body, 'utf8');
    else {
      payload = Buffer.from(JSON.stringify(body), 'utf8');
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    }
    h['Content-Length'] = String(payload.length);
  }
  return new Promise((ok, fail) => {
    const tls = u.protocol === 'https:';
    const req = (tls ? https : http).request({
      host: u.hostname, port: u.port, method, path: u.pathname + u.search, headers: h, agent: false,
      ...(tls ? { rejectUnauthorized: false } : {}),
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        ok({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: buf, text, json });
      });
      res.on('error', fail);
    });
    req.on('error', (e) => {
      // The server may answer (413) and close before it has read the whole body.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') fail(Object.assign(e, { early: true }));
      else fail(e);
    });
    if (payload) req.write(payload);
    req.end();
  });
}

/** A logged-in (or anonymous) API client that keeps the cookie and the CSRF token. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
    this.user = null;
    this.setCookie = null;
    this.device = null;
  }

  static async login(base, login, password = PASSWORD) {
    const c = new Client(base);
    // Many log-ins at once from one address queue on the server's hashing
    // pool, which answers "wait a second" (429/503 with Retry-After) beyond
    // its share: a browser would wait and try again, and so does this.
    for (let attempt = 0; ; attempt++) {
      const r = await c.login(login, password);
      if (attempt < 20 && [429, 503].includes(r.status) && ['too_many_requests', 'busy'].includes(r.json?.code)) {
        await new Promise((ok) => setTimeout(ok, 200 + Math.random() * 300));
        continue;
      }
      assert.equal(r.status, 200, `log-in of ${login} failed: ${r.status} ${r.text}`);
      return c;
    }
  }

  /** Logs in; keeps the session cookie, the CSRF token and (as a browser does) the device cookie. */
  async login(login, password = PASSWORD) {
    const headers = {};
    const jar = [this.device, this.cookie].filter(Boolean).join('; ');
    if (jar) headers.Cookie = jar;
    const r = await raw(this.base, 'POST', '/api/v1/session', { body: { login, password }, headers });
    if (r.status === 200) {
      const sc = [].concat(r.headers['set-cookie'] || []);
      const line = sc.find((s) => s.startsWith('langso_session='));
      this.setCookie = line;
      this.cookie = line ? line.split(';')[0] : null;
      const device = sc.find((s) => s.startsWith('langso_device='));
      if (device) this.device = device.split(';')[0];
      this.csrf = r.json.csrf_token;
      this.user = r.json.user;
    }
    return r;
  }

  /** method, path, body; opts.headers adds/overrides headers; opts.csrf=false leaves out the token. */
  request(method, path, body, opts = {}) {
    const headers = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (method !== 'GET' && method !== 'HEAD' && this.csrf && opts.csrf !== false) headers['X-CSRF-Token'] = this.csrf;
    Object.assign(headers, opts.headers || {});
    return raw(this.base, method, path, { headers, body });
  }

  get(path, opts) { return this.request('GET', path, undefined, opts); }
  post(path, body, opts) { return this.request('POST', path, body, opts); }
  /** A file to a route that takes one, as the web app sends it: its bytes as the body, the other parameters in the query. */
  upload(path, bytes, params = {}, opts = {}) {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
    const headers = { 'Content-Type': 'application/octet-stream', ...(opts.headers || {}) };
    return this.request('POST', q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path, Buffer.from(bytes), { ...opts, headers });
  }
  patch(path, body, opts) { return this.request('PATCH', path, body, opts); }
  put(path, body, opts) { return this.request('PUT', path, body, opts); }
  del(path, opts) { return this.request('DELETE', path, undefined, opts); }

  /** GET that must answer 200; returns the JSON body. */
  async ok(path) {
    const r = await this.get(path);
    assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
    return r.json;
  }
}

/** Log in all demo users at once: {admin, backan, chomoi, hoamuc, thanhvien, xem}. */
export async function loginAll(base, logins = DEMO_LOGINS) {
  const out = {};
  for (const l of logins) out[l] = await Client.login(base, l);
  return out;
}

const VI_LETTERS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

/** Assert an RFC 7807 answer: status, content-type, code, Vietnamese title/detail, and error fields. */
export function assertProblem(r, status, code, { fields, fieldCodes, msg = '' } = {}) {
  const where = `${msg} → ${r.status} ${r.text}`;
  assert.equal(r.status, status, `status ${where}`);
  assert.match(String(r.headers['content-type'] || ''), /^application\/problem\+json\b/, `content-type ${where}`);
  const p = r.json;
  assert.ok(p && typeof p === 'object', `body is JSON ${where}`);
  if (Array.isArray(code)) assert.ok(code.includes(p.code), `code ${p.code} not in ${code} ${where}`);
  else assert.equal(p.code, code, `code ${where}`);
  assert.equal(p.status, status, `body status ${where}`);
  assert.equal(typeof p.title, 'string', `title ${where}`);
  assert.equal(typeof p.detail, 'string', `detail ${where}`);
  assert.ok(p.title.length > 0 && p.detail.length > 0, `title/detail non-empty ${where}`);
  // Vietnamese: at least one Vietnamese letter in title or detail.
  assert.ok(VI_LETTERS.test(p.title + ' ' + p.detail), `title/detail look Vietnamese ${where}`);
  if (p.type !== undefined) assert.equal(typeof p.type, 'string', `type ${where}`);
  if (fields) {
    assert.ok(Array.isArray(p.errors), `errors[] present ${where}`);
    const got = p.errors.map((e) => e.field);
    for (const f of fields) assert.ok(got.includes(f), `errors[] names field ${f} ${where}`);
  }
  if (fieldCodes) {
    assert.ok(Array.isArray(p.errors), `errors[] present ${where}`);
    for (const [f, c] of Object.entries(fieldCodes)) {
      assert.ok(p.errors.some((e) => e.field === f && e.code === c), `errors[] has {field:${f}, code:${c}} ${where}`);
    }
  }
  if (Array.isArray(p.errors)) {
    for (const e of p.errors) {
      assert.equal(typeof e.field, 'string', `errors[].field ${where}`);
      assert.equal(typeof e.code, 'string', `errors[].code ${where}`);
      assert.equal(typeof e.message, 'string', `errors[].message ${where}`);
    }
  }
  return p;
}

export function sqlCount(db, query) {
  return Number(sql(db, query).trim());
}

export const DATA_TABLES = ['units', 'unit_links', 'teams', 'persons', 'memberships', 'users'];
/** The data tables plus activities, their journal, targets and the catalogues. */
export const ALL_TABLES = [...DATA_TABLES, 'activities', 'audit_log', 'targets', 'indicators', 'activity_types'];
// Tables without an id column, and the order that makes their dump stable.
const ORDER_BY = {
  targets: 'unit_id, year, indicator', indicators: 'code', activity_types: 'code',
  report_settings: 'unit_id', report_sections: 'report_id, code', report_recipients: 'report_id, position', report_values: 'report_id, indicator', report_outliers: 'report_id, indicator',
};

/** A textual dump of the data tables (not sessions, logs or journals); `tables` widens it. */
export function dbSnapshot(db, tables = DATA_TABLES) {
  return sql(db, tables.map((t) => `SELECT '## ${t}'; SELECT * FROM ${t} ORDER BY ${ORDER_BY[t] || 'id'};`).join(' '));
}

/**
 * Assert that fn() leaves the data tables exactly as they were. Returns fn's result.
 * opts.tables: the tables to compare (default: DATA_TABLES; ALL_TABLES adds activities, audit_log, targets, ...).
 */
export async function unchanged(db, fn, { tables = DATA_TABLES } = {}) {
  const before = dbSnapshot(db, tables);
  const out = await fn();
  const after = dbSnapshot(db, tables);
  if (before !== after) {
    const a = before.split('\n'); const b = after.split('\n');
    const diff = [];
    for (let i = 0; i < Math.max(a.length, b.length) && diff.length < 10; i++) {
      if (a[i] !== b[i]) diff.push(`- ${a[i]}\n+ ${b[i]}`);
    }
    assert.fail(`the database changed:\n${diff.join('\n')}`);
  }
  return out;
}

/** Find a unit by exact name (as admin), optionally on a date. */
export async function unitByName(client, name, date = DEMO_DATE) {
  const r = await client.ok(`/api/v1/units?q=${encodeURIComponent(name)}&limit=100&date=${date}`);
  const u = r.items.find((x) => x.name === name);
  assert.ok(u, `unit ${name} not found`);
  return u;
}

/** A fresh, unique Vietnamese mobile number. */
let phoneSeq = 0;
export function freshPhone() {
  phoneSeq++;
  const n = (process.pid % 1000) * 1000 + phoneSeq;
  return '097' + String(n).padStart(7, '0').slice(-7);
}

/** A fresh Idempotency-Key (8–100 characters of A-Z a-z 0-9 - _). */
let keySeq = 0;
export function newKey(prefix = 'k') {
  keySeq++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${keySeq}`;
}

/** The indicator `code` of a scorecard body, with its pillar code added (undefined if absent). */
export function scoreIndicator(scorecard, code) {
  for (const p of scorecard.pillars || []) {
    for (const i of p.indicators || []) if (i.code === code) return { ...i, pillar: p.code };
  }
  return undefined;
}

/** Parse CSV text (RFC 4180 quotes, CRLF or LF, leading BOM ignored) into rows of strings. */
export function parseCsv(text) {
  const s = text.replace(/^\uFEFF/, '');
  const rows = []; let row = []; let f = ''; let q = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      if (ch === '"' && s[i + 1] === '"') { f += '"'; i++; } else if (ch === '"') q = false; else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(f); f = ''; } else if (ch === '\r' && s[i + 1] === '\n') { /* CRLF: wait for \n */ } else if (ch === '\n') { row.push(f); rows.push(row); row = []; f = ''; } else f += ch;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

/** Polls fn until it returns true; returns the milliseconds it took (fails after `limit`). */
export async function within(limit, fn) {
  const t0 = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - t0;
    if (Date.now() - t0 > limit) assert.fail(`not seen within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A free loopback port (the kernel's choice; the caller binds it right after). */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer().listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
    srv.on('error', fail);
  });
}

/** The demo's field setting: Xã Hoà Mục, its Thôn Nà Pầu (thanhvien's village), another village of it, and the teams of Nà Pầu and of the commune. */
export async function fieldSetting(admin) {
  const hoaMuc = await unitByName(admin, 'Xã Hoà Mục');
  const naPau = await unitByName(admin, 'Thôn Nà Pầu');
  const kids = (await admin.ok(`/api/v1/units/${hoaMuc.id}/children?date=2024-06-01`)).items;
  const otherVillage = kids.find((u) => u.id !== naPau.id && u.level === 'village');
  assert.ok(otherVillage, 'Hoà Mục has another village');
  const teams = (await admin.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items;
  return { hoaMuc, naPau, otherVillage, team: teams.find((t) => t.unit_id === naPau.id), otherTeam: teams.find((t) => t.unit_id === hoaMuc.id) };
}

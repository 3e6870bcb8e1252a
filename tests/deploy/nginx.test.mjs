// The deploy smoke test (ctest deploy_nginx, through nginx-smoke.sh): Debian's
// nginx on loopback, configured from deploy/nginx.conf and
// deploy/langso_proxy.conf, in front of two langso instances on one SQLite
// file. Checks what docs/deploy.md promises: TLS (and HTTP/2), the redirect
// from plain HTTP, gzip, the caching headers of the web app's assets, the body
// size limits, log-in and writes through nginx (the Origin check passes), the
// 503 of a database that is away passed on, and both instances serving, nginx
// going on through one when the other stops. Also: nginx -t on the files
// installed as docs/deploy.md says, and the systemd unit.
//
// The site file is used as shipped except for what only a loopback test must
// change, each replaced where it is written exactly once (or the test fails):
// the upstream ports, the `listen` lines, the certificate paths and the path
// of the included proxy settings. A minimal top-level nginx.conf (daemon off,
// every path in a temporary directory) includes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, cpSync, readdirSync, lstatSync, readlinkSync, symlinkSync, chmodSync, existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import http2 from 'node:http2';
import { gunzipSync } from 'node:zlib';
import { startServer, Client, raw, assertProblem, unitByName, newKey, freePort, ROOT, BIN, PASSWORD } from '../api/lib.mjs';

const NGINX = process.env.NGINX || '/usr/sbin/nginx';
const SITE = join(ROOT, 'deploy', 'nginx.conf');
const PROXY = join(ROOT, 'deploy', 'langso_proxy.conf');
const UNIT = join(ROOT, 'deploy', 'langso@.service');
const ASSET_CACHE = 'public, max-age=31536000, immutable';

// The temporary directory: nginx-smoke.sh makes it (and removes it, and stops
// whatever is left running from it); run alone, the test makes and removes its own.
const ownDir = !process.env.NGINX_SMOKE_DIR;
const dir = process.env.NGINX_SMOKE_DIR || mkdtempSync(join(tmpdir(), 'langso-nginx-'));
// nginx's workers (nobody, when started as root) create temporary files in here.
chmodSync(dir, 0o755);

let a; let b; let nginx; let base; let plain; let httpsPort;

/** `text` with each [from, to, times = 1] replaced; `from` must occur exactly `times` times. */
function substitute(text, pairs, what) {
  for (const [from, to, times = 1] of pairs) {
    const n = text.split(from).length - 1;
    assert.equal(n, times, `${what}: expected "${from}" ${times} time(s), found it ${n} times (did the file change shape?)`);
    text = text.split(from).join(to);
  }
  return text;
}

/** The shipped site with the loopback ports, the test certificate and the proxy settings' path. */
function loopbackSite(upstreams, httpPort, tlsPort) {
  const site = readFileSync(SITE, 'utf8');
  return substitute(site, [
    ['server 127.0.0.1:8081 ', `server 127.0.0.1:${upstreams[0]} `],
    ['server 127.0.0.1:8082 ', `server 127.0.0.1:${upstreams[1]} `],
    ['listen 80;', `listen 127.0.0.1:${httpPort};`],
    ['listen [::]:80;', '# (no IPv6 on loopback)'],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`],
    ['listen [::]:443 ssl http2;', '# (no IPv6 on loopback)'],
    ['/etc/ssl/langso/fullchain.pem', join(dir, 'ssl', 'fullchain.pem')],
    ['/etc/ssl/langso/privkey.pem', join(dir, 'ssl', 'privkey.pem')],
    // Every location that passes to the instances includes the shared settings.
    ['include /etc/nginx/langso_proxy.conf;', `include ${PROXY};`, (site.match(/proxy_pass /g) || []).length],
  ], 'deploy/nginx.conf');
}

/** The top-level nginx.conf of the test: foreground, every path in `sub`, an access log that names the upstream. */
function topLevel(sub) {
  return `daemon off;
worker_processes 1;
pid ${sub}/nginx.pid;
error_log ${sub}/error.log info;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format smoke '$status $request_method $uri upstream=$upstream_addr';
    access_log ${sub}/access.log smoke;
    client_body_temp_path ${sub}/tmp/body;
    proxy_temp_path ${sub}/tmp/proxy;
    fastcgi_temp_path ${sub}/tmp/fastcgi;
    uwsgi_temp_path ${sub}/tmp/uwsgi;
    scgi_temp_path ${sub}/tmp/scgi;
    include ${sub}/site.conf;
}
`;
}

/**
 * nginx -t on a configuration; fails on an error and on any warning. nginx -t
 * binds the `listen` addresses; `prefix` runs it in a network namespace of
 * its own, e.g. for the shipped 0.0.0.0:80 and :443.
 */
function nginxTest(conf, errorLog, prefix = []) {
  const argv = [...prefix, NGINX, '-t', '-c', conf, '-e', errorLog];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, `nginx -t -c ${conf} failed:\n${out}`);
  assert.match(out, /test is successful/);
  const warnings = out.split('\n').filter((l) => /\[(warn|emerg|alert|crit)\]/.test(l));
  assert.deepEqual(warnings, [], `nginx -t warned:\n${out}`);
  return out;
}

const running = new Set();
// If the test process ends without after() (an uncaught error), nginx goes with it.
process.on('exit', () => { for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL'); });

/** Start nginx in the foreground; resolves once it accepts connections on `port`. */
async function startNginx(sub, port) {
  const errorLog = join(sub, 'error.log');
  const proc = spawn(NGINX, ['-c', join(sub, 'nginx.conf'), '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(proc);
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  const t0 = Date.now();
  for (;;) {
    const up = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (up) return proc;
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 50))]);
    if (code !== undefined) {
      const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
      throw Object.assign(new Error(`nginx exited with ${code}\n${stderr}\n${log}`), { inUse: /Address already in use/.test(stderr + log) });
    }
    if (Date.now() - t0 > 10000) { proc.kill('SIGKILL'); throw new Error(`nginx did not listen in 10 s\n${stderr}`); }
  }
}

async function stopProcess(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM'); // nginx: fast shutdown of the master and its worker
  const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(t);
}

/**
 * nginx from the shipped site in `dir`/`name`, in front of the given upstream
 * ports: nginx -t, then nginx itself. Returns {base, plain, httpsPort, log(), stop()}.
 */
async function launchNginx(name, upstreams) {
  const sub = join(dir, name);
  mkdirSync(join(sub, 'tmp'), { recursive: true });
  // Free ports may be taken between the choice and nginx's bind: try again.
  for (let attempt = 1; ; attempt++) {
    const [httpPort, tlsPort] = [await freePort(), await freePort()];
    writeFileSync(join(sub, 'site.conf'), loopbackSite(upstreams, httpPort, tlsPort));
    writeFileSync(join(sub, 'nginx.conf'), topLevel(sub));
    nginxTest(join(sub, 'nginx.conf'), join(sub, 'error.log'));
    let proc;
    try {
      proc = await startNginx(sub, tlsPort);
    } catch (e) {
      if (e.inUse && attempt < 3) continue;
      throw e;
    }
    return {
      base: `https://127.0.0.1:${tlsPort}`,
      plain: `http://127.0.0.1:${httpPort}`,
      httpsPort: tlsPort,
      /** nginx's access log: [{status, method, uri, upstream}]. */
      log() {
        const file = join(sub, 'access.log');
        if (!existsSync(file)) return [];
        return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
          const m = /^(\d+) (\S+) (\S+) upstream=(.*)$/.exec(l);
          return m ? { status: Number(m[1]), method: m[2], uri: m[3], upstream: m[4] } : { line: l };
        });
      },
      stop: () => stopProcess(proc),
    };
  }
}

/** The access-log lines (JSON on stderr) an instance wrote for `path`. */
function served(server, path) {
  return server.jsonLines().filter((l) => l.msg && l.msg.path === path);
}

async function within(limit, fn, what) {
  const t0 = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - t0;
    if (Date.now() - t0 > limit) assert.fail(`${what}: not within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

before(async () => {
  // As deploy/langso@.service starts them: nginx on loopback is the trusted proxy.
  a = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
  b = await startServer({ demo: false, db: a.db, args: ['--trusted-proxy', '127.0.0.1'] });

  mkdirSync(join(dir, 'ssl'), { recursive: true });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'ssl', 'privkey.pem'), '-out', join(dir, 'ssl', 'fullchain.pem')], { stdio: 'pipe' });

  nginx = await launchNginx('nginx', [a.url, b.url].map((u) => Number(new URL(u).port)));
  ({ base, plain, httpsPort } = nginx);
});

after(async () => {
  await nginx?.stop();
  await b?.stop();
  await a?.stop();
  if (ownDir) rmSync(dir, { recursive: true, force: true });
});

test('nginx -t accepts the files installed as docs/deploy.md says, beside Debian\'s nginx.conf and default site', (t) => {
  // nginx -t binds ports 80 and 443 on every address, and as root (`user
  // www-data`) gives its temporary directories to www-data: root only. It runs
  // in a network namespace of its own where it can, so that nothing is bound
  // on the machine's addresses even briefly (nginx -t accepts ports in use).
  if (process.getuid() !== 0) {
    t.skip('nginx -t of the installed layout binds ports 80 and 443: root only');
    return;
  }
  // /etc/nginx copied into the temporary directory; the absolute paths of
  // Debian's files and ours are moved along with it, nothing else changes.
  const etc = join(dir, 'etc', 'nginx');
  cpSync('/etc/nginx', etc, { recursive: true, verbatimSymlinks: true });
  cpSync(SITE, join(etc, 'sites-available', 'langso'));
  symlinkSync('/etc/nginx/sites-available/langso', join(etc, 'sites-enabled', 'langso'));
  cpSync(PROXY, join(etc, 'langso_proxy.conf'));
  mkdirSync(join(dir, 'log'), { recursive: true });
  const moves = [
    ['/etc/nginx/', `${etc}/`], ['/var/log/nginx/', `${dir}/log/`], ['/run/nginx.pid', `${dir}/log/nginx.pid`],
    ['/etc/ssl/langso/', `${dir}/ssl/`],
  ];
  (function relocate(d) {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) {
        const target = readlinkSync(p);
        if (target.startsWith('/etc/nginx/')) { rmSync(p); symlinkSync(etc + target.slice('/etc/nginx'.length), p); }
      } else if (st.isDirectory()) relocate(p);
      else {
        const text = readFileSync(p, 'latin1');
        let moved = text;
        for (const [from, to] of moves) moved = moved.split(from).join(to);
        if (moved !== text) writeFileSync(p, moved, 'latin1');
      }
    }
  })(etc);
  assert.match(readFileSync(join(etc, 'sites-enabled', 'langso'), 'utf8'), new RegExp(`include ${etc}/langso_proxy.conf;`));
  const netns = ['unshare', '--net'];
  const isolated = spawnSync(netns[0], [...netns.slice(1), 'true']).status === 0;
  nginxTest(join(etc, 'nginx.conf'), join(dir, 'log', 'error.log'), isolated ? netns : []);
});

test('the systemd unit: systemd-analyze verify passes, and its ExecStart line serves the API and the web app', async (t) => {
  const unit = readFileSync(UNIT, 'utf8');
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  assert.ok(line, 'ExecStart= in the unit');
  // The installed paths (docs/deploy.md) are this checkout's; %i is the port.
  const port = await freePort();
  const moves = { '/opt/langso/bin/langso': BIN, '/opt/langso/web': join(ROOT, 'web', 'dist'), '${LANGSO_DB}': a.db, '%i': String(port), '$LANGSO_SERVE_OPTS': '' };
  const words = line.slice('ExecStart='.length).trim().split(/\s+/)
    .map((w) => Object.entries(moves).reduce((acc, [from, to]) => acc.split(from).join(to), w)).filter(Boolean);
  assert.equal(words[0], BIN);
  assert.ok(!words.some((w) => /[%$]/.test(w)), `every specifier replaced: ${words.join(' ')}`);
  const proc = spawn(words[0], words.slice(1), { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  try {
    let out = ''; let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`not listening in 20 s: ${err}`)), 20000);
      proc.stdout.on('data', (d) => { out += d; if (out.includes(`listening on http://127.0.0.1:${port}`)) { clearTimeout(timer); ok(); } });
      proc.once('exit', (code) => { clearTimeout(timer); fail(new Error(`${words.join(' ')} exited with ${code}: ${err}`)); });
    });
    const url = `http://127.0.0.1:${port}`;
    assert.equal((await raw(url, 'GET', '/healthz')).status, 200);
    const index = await raw(url, 'GET', '/');
    assert.equal(index.status, 200, 'the web app from --web');
    assert.match(index.headers['content-type'], /^text\/html/);
  } finally {
    await stopProcess(proc);
  }

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (analyze.status !== 0) { t.skip('systemd-analyze is missing'); return; }
  // verify needs the binary where ExecStart says: the unit as shipped, but for that path.
  const unitDir = join(dir, 'systemd');
  mkdirSync(unitDir, { recursive: true });
  writeFileSync(join(unitDir, 'langso@.service'), unit.split('/opt/langso/bin/langso').join(BIN));
  const v = spawnSync('systemd-analyze', ['verify', join(unitDir, 'langso@8081.service')], { encoding: 'utf8' });
  assert.equal(v.status, 0, `systemd-analyze verify:\n${v.stdout}${v.stderr}`);
  assert.equal((v.stdout + v.stderr).trim(), '', 'systemd-analyze verify has nothing to say');
});

test('HTTPS: the web app and its hashed assets, with the caching headers and HSTS', async () => {
  const index = await raw(base, 'GET', '/');
  assert.equal(index.status, 200, index.text);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.equal(index.headers['strict-transport-security'], 'max-age=31536000');
  // langso's security headers pass through nginx once each.
  assert.match(index.headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(index.headers['x-frame-options'], 'DENY');
  assert.equal(index.rawHeaders.filter((h) => h.toLowerCase() === 'content-security-policy').length, 1);
  const api = await raw(base, 'GET', '/api/v1/meta');
  assert.match(api.headers['content-security-policy'], /^default-src 'none'; frame-ancestors 'none'$/);
  // An app route (client-side routing) is the same page.
  assert.equal((await raw(base, 'GET', '/units/1/scorecard')).text, index.text);

  const assets = [...index.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(assets.length > 0, `index.html names no /assets/ file:\n${index.text.slice(0, 500)}`);
  for (const path of assets) {
    const r = await raw(base, 'GET', path, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(r.status, 200, `${path}: ${r.status}`);
    // Exactly one Cache-Control header, as langso sent it, and no Expires beside it.
    const cc = [];
    for (let i = 0; i < r.rawHeaders.length; i += 2) if (r.rawHeaders[i].toLowerCase() === 'cache-control') cc.push(r.rawHeaders[i + 1]);
    assert.deepEqual(cc, [ASSET_CACHE], `${path}: Cache-Control headers`);
    assert.equal(r.headers.expires, undefined, `${path}: Expires`);
    assert.equal(r.headers['strict-transport-security'], 'max-age=31536000', `${path}: HSTS`);
    if (/\.(js|css)$/.test(path)) {
      assert.equal(r.headers['content-encoding'], 'gzip', `${path} is sent compressed`);
      assert.ok(gunzipSync(r.body).length > r.body.length);
    }
  }
  const missing = await raw(base, 'GET', '/assets/no-such-file-0000.js');
  assert.equal(missing.status, 404);
});

test('TLS 1.3 and 1.2; HTTP/2 is negotiated, and a log-in over it passes the Origin check', async () => {
  const proto = (opts) => new Promise((ok, fail) => {
    const s = tls.connect({ host: '127.0.0.1', port: httpsPort, rejectUnauthorized: false, ...opts }, () => {
      const out = { protocol: s.getProtocol(), alpn: s.alpnProtocol };
      s.destroy();
      ok(out);
    });
    s.on('error', fail);
  });
  assert.deepEqual(await proto({ ALPNProtocols: ['h2', 'http/1.1'] }), { protocol: 'TLSv1.3', alpn: 'h2' });
  assert.equal((await proto({ maxVersion: 'TLSv1.2' })).protocol, 'TLSv1.2');

  const session = http2.connect(base, { rejectUnauthorized: false });
  const h2 = (headers, body) => new Promise((ok, fail) => {
    const req = session.request(headers);
    let text = '';
    req.setEncoding('utf8');
    req.on('response', (h) => { req.on('data', (d) => { text += d; }); req.on('end', () => ok({ h, text })); });
    req.on('error', fail);
    req.end(body);
  });
  try {
    const res = await h2({ ':path': '/healthz' });
    assert.equal(res.h[':status'], 200);
    assert.deepEqual(JSON.parse(res.text), { status: 'ok', primary: 'ok' });
    // A browser logs in over HTTP/2 (no Host header, :authority instead), with its Origin.
    const login = (origin) => h2({ ':method': 'POST', ':path': '/api/v1/session', 'content-type': 'application/json', origin },
      JSON.stringify({ login: 'xem', password: PASSWORD }));
    const ok = await login(base);
    assert.equal(ok.h[':status'], 200, ok.text);
    assert.match(String(ok.h['set-cookie']), /langso_session=.*; Secure/i);
    const foreign = await login('https://evil.example');
    assert.equal(foreign.h[':status'], 403, foreign.text);
    assert.equal(JSON.parse(foreign.text).code, 'csrf_failed');
    // The page's scheme counts: the same host over plain http is another origin.
    const plain = await login(base.replace('https:', 'http:'));
    assert.equal(plain.h[':status'], 403, plain.text);
  } finally {
    session.close();
  }
});

test('plain HTTP answers 301 to the same path on https', async () => {
  const r = await raw(plain, 'GET', '/api/v1/units?limit=3');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, 'https://127.0.0.1/api/v1/units?limit=3');
});

test('gzip: a JSON answer of the API is compressed when the client accepts it', async () => {
  const admin = await Client.login(base, 'admin');
  const plainBody = await admin.get('/api/v1/indicators');
  assert.equal(plainBody.status, 200, plainBody.text);
  assert.equal(plainBody.headers['content-encoding'], undefined);
  assert.ok(plainBody.body.length > 512, 'the answer is over gzip_min_length');
  const r = await admin.get('/api/v1/indicators', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.match(String(r.headers.vary), /Accept-Encoding/);
  const json = JSON.parse(gunzipSync(r.body).toString('utf8'));
  assert.deepEqual(json, plainBody.json);
  assert.ok(r.body.length < plainBody.body.length / 2, `compressed ${r.body.length} of ${plainBody.body.length} bytes`);
});

test('body size: nginx refuses above 128 KiB (5 MiB on the bulk routes) with problem+json; below, langso decides', async () => {
  const json = (bytes) => JSON.stringify({ note: 'x'.repeat(bytes) });
  const post = (path, body) => raw(base, 'POST', path, { headers: { 'Content-Type': 'application/json' }, body });
  const upstreamOf = async (path, status) => {
    // nginx writes its access-log line when the request ends; look for the last one.
    let line;
    await within(2000, async () => {
      line = nginx.log().filter((l) => l.uri === path && l.status === status).pop();
      return line !== undefined;
    }, `nginx access-log line for ${status} ${path}`);
    return line.upstream;
  };

  const big = await post('/api/v1/activities', json(200 * 1024));
  assertProblem(big, 413, 'payload_too_large', { msg: 'nginx, 200 KiB' });
  assert.equal(big.headers['x-frame-options'], 'DENY', "nginx's own answer carries the security headers");
  assert.equal(big.headers['strict-transport-security'], 'max-age=31536000');
  assert.equal(await upstreamOf('/api/v1/activities', 413), '-', 'nginx answered 413 itself');

  // 100 KiB passes nginx; langso (64 KiB) refuses it.
  const mid = await post('/api/v1/teams', json(100 * 1024));
  assertProblem(mid, 413, 'payload_too_large', { msg: 'langso, 100 KiB' });
  assert.match(await upstreamOf('/api/v1/teams', 413), /^127\.0\.0\.1:\d+$/, 'langso answered 413');

  // The bulk routes take 5 MiB through nginx: 200 KiB reaches langso (which asks for a session).
  const bulk = await post('/api/v1/activities/batch', json(200 * 1024));
  assertProblem(bulk, 401, 'unauthenticated', { msg: 'batch, 200 KiB' });
  const huge = await post('/api/v1/activities/import', json(6 * 1024 * 1024));
  assertProblem(huge, 413, 'payload_too_large', { msg: 'import, 6 MiB' });
  assert.equal(await upstreamOf('/api/v1/activities/import', 413), '-');
  // A village's register of 1 MiB, the file itself as the body, reaches langso too.
  const file = await raw(base, 'POST', '/api/v1/units/5/register-import?name=so-ho.csv',
    { headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(1024 * 1024, 0x41) });
  assertProblem(file, 401, 'unauthenticated', { msg: 'register, 1 MiB' });
});

test('log-in, a write and reads back through nginx, with the browser\'s Origin', async () => {
  const origin = { Origin: base };
  const c = new Client(base);
  const login = await c.login('thanhvien');
  assert.equal(login.status, 200, login.text);
  // The session cookie is marked Secure on its way out.
  assert.match(c.setCookie, /; Secure/i);
  assert.match(c.setCookie, /HttpOnly/);
  // Log-in lands on one instance; the session works on both (alternate requests).
  for (let i = 0; i < 4; i++) assert.equal((await c.get('/api/v1/session')).status, 200);

  const admin = await Client.login(base, 'admin');
  const village = await unitByName(admin, 'Thôn Nà Pầu');
  const team = (await admin.ok(`/api/v1/units/${village.id}/teams?date=2022-06-15`)).items.find((t) => t.unit_id === village.id);
  const body = { team_id: team.id, unit_id: village.id, type: 'dich_vu_cong', date: '2022-06-15', quantities: { people: 5 }, note: 'qua nginx' };
  const created = await admin.post('/api/v1/activities', body, { headers: { ...origin, 'Idempotency-Key': newKey('nginx') } });
  assert.equal(created.status, 201, `a write with the browser's Origin (${base}): ${created.status} ${created.text}`);
  // A foreign Origin is still refused: Host reaches langso as the browser sent it.
  const foreign = await admin.post('/api/v1/activities', body, { headers: { Origin: 'https://evil.example', 'Idempotency-Key': newKey('nginx') } });
  assertProblem(foreign, 403, 'csrf_failed');

  // Reads through nginx alternate between the instances: four in a row see it.
  await within(1000, async () => {
    for (let i = 0; i < 4; i++) {
      const r = await admin.get(`/api/v1/activities/${created.json.id}`);
      if (r.status !== 200 || r.json.note !== 'qua nginx') return false;
    }
    return true;
  }, 'the new activity on both instances');
  const patched = await admin.patch(`/api/v1/activities/${created.json.id}`, { quantities: { people: 6 } }, { headers: origin });
  assert.equal(patched.status, 200, patched.text);
  await within(1000, async () => {
    for (let i = 0; i < 4; i++) if ((await admin.ok(`/api/v1/activities/${created.json.id}`)).quantities.people !== 6) return false;
    return true;
  }, 'the edit on both instances');
});

test('the shared database away: langso\'s 503 with Retry-After reaches the client, request after request', async () => {
  // Two stand-ins answer exactly what every instance answers while the
  // database they share cannot be reached (router.cc, DbUnavailableError):
  // nginx must pass that on, not mark both instances down and answer its own
  // 502 ("no live upstreams"), which the web app cannot tell from a crash.
  const body = JSON.stringify({ code: 'unavailable', detail: 'Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại sau ít phút',
    retry_after: 5, status: 503, title: 'Hệ thống tạm thời không truy cập được cơ sở dữ liệu', type: '/problems/unavailable' });
  const stubs = await Promise.all([0, 1].map(() => new Promise((ok) => {
    const s = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': '5', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
    }).listen(0, '127.0.0.1', () => ok(s));
  })));
  const down = await launchNginx('nginx-db-down', stubs.map((s) => s.address().port));
  try {
    for (let i = 0; i < 8; i++) {
      const r = await raw(down.base, 'GET', '/api/v1/indicators');
      assertProblem(r, 503, 'unavailable', { msg: `request ${i}` });
      assert.equal(r.headers['retry-after'], '5');
    }
    const w = await raw(down.base, 'POST', '/api/v1/activities', { body: { note: 'x' } });
    assertProblem(w, 503, 'unavailable', { msg: 'a write' });
  } finally {
    await down.stop();
    await Promise.all(stubs.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  }
});

test('nginx spreads requests over both instances, and serves through one when the other stops', async () => {
  const path = '/healthz';
  const before = [served(a, path).length, served(b, path).length];
  for (let i = 0; i < 10; i++) assert.equal((await raw(base, 'GET', path)).status, 200);
  // Each instance's own access log (stderr, flushed every 50 ms) has some of them.
  await within(2000, () => served(a, path).length + served(b, path).length >= before[0] + before[1] + 10, 'the access-log lines');
  const got = [served(a, path).length - before[0], served(b, path).length - before[1]];
  assert.ok(got[0] >= 3 && got[1] >= 3, `requests per instance: ${got}`);
  // nginx's log names both upstreams.
  const upstreams = nginx.log().filter((l) => l.uri === path).map((l) => l.upstream);
  for (const s of [a, b]) assert.ok(upstreams.includes(new URL(s.url).host), `nginx used ${s.url}: ${upstreams}`);

  await b.stop();
  const admin = await Client.login(base, 'admin');
  const afterStop = served(a, path).length;
  for (let i = 0; i < 10; i++) assert.equal((await raw(base, 'GET', path)).status, 200, `request ${i} with one instance`);
  const units = await admin.ok('/api/v1/units?limit=5');
  assert.ok(units.items.length > 0);
  const village = await unitByName(admin, 'Thôn Nà Pầu');
  const team = (await admin.ok(`/api/v1/units/${village.id}/teams?date=2022-06-15`)).items.find((t) => t.unit_id === village.id);
  const w = await admin.post('/api/v1/activities', { team_id: team.id, unit_id: village.id, type: 'dich_vu_cong', date: '2022-06-20', quantities: { people: 2 } },
    { headers: { Origin: base, 'Idempotency-Key': newKey('nginx') } });
  assert.equal(w.status, 201, w.text);
  await within(2000, () => served(a, path).length >= afterStop + 10, 'instance A served the requests');
  assert.ok(nginx.log().some((l) => l.upstream.includes(',')), 'nginx retried a request on the other instance');
});

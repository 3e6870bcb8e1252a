// One logged-in session for the HTTP benchmarks: logs in once (one session
// row) and returns get(path) and send(method, path, body, headers), which
// answer on one kept-alive loopback socket and resolve to
// { ms, json, bytes, status } (ms: the server's answer plus loopback, an
// upper bound of its own time). get rejects on a status other than 200,
// send on one outside 2xx. send carries the session's CSRF token.
import http from 'node:http';

export async function session(url, login, password) {
  const target = new URL(url);
  const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: target.origin },
    body: JSON.stringify({ login, password }) });
  if (r.status !== 200) throw new Error(`log-in: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const csrf = (await r.json()).csrf_token;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method, path, body, headers = {}) => new Promise((ok, fail) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const s = performance.now();
    const req = http.request({
      host: target.hostname, port: target.port, path, method, agent,
      headers: {
        cookie, accept: 'application/json', ...(method === 'GET' ? {} : { origin: target.origin, 'x-csrf-token': csrf }),
        ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}), ...headers,
      },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - s;
        const text = Buffer.concat(chunks).toString('utf8');
        const ok2 = method === 'GET' ? res.statusCode === 200 : res.statusCode >= 200 && res.statusCode < 300;
        if (!ok2) fail(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        else ok({ ms, json: text ? JSON.parse(text) : null, bytes: text.length, status: res.statusCode });
      });
    });
    req.on('error', fail);
    req.end(data);
  });
  return { get: (path) => request('GET', path), send: request, close: () => agent.destroy() };
}

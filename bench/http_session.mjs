// One logged-in session for the HTTP benchmarks: logs in once (one session
// row) and returns get(path), which GETs on one kept-alive loopback socket
// and resolves to { ms, json, bytes } (ms: the server's answer plus
// loopback, an upper bound of its own time); a status other than 200 rejects.
import http from 'node:http';

export async function session(url, login, password) {
  const target = new URL(url);
  const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: target.origin },
    body: JSON.stringify({ login, password }) });
  if (r.status !== 200) throw new Error(`log-in: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path) => new Promise((ok, fail) => {
    const s = performance.now();
    http.get({ host: target.hostname, port: target.port, path, agent, headers: { cookie, accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - s;
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) fail(new Error(`${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        else ok({ ms, json: JSON.parse(text), bytes: text.length });
      });
    }).on('error', fail);
  });
  return { get, close: () => agent.destroy() };
}

// The web app runs under its Content-Security-Policy with no violation (the
// inlined stylesheet is allowed by its hash, nothing else inline), and no
// other site can frame it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { login, setDate, searchAndOpen, DEMO_DATE, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
const violations = [];
before(async () => {
  ({ server, browser, page } = await openSession());
  await page.context().addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
});
after(() => closeSession(server, browser));

test('pages render under the CSP without a single violation', async () => {
  const doc = await page.goto('/login');
  const csp = doc.headers()['content-security-policy'];
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/, 'the inlined stylesheet is allowed by its hash');
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(doc.headers()['x-frame-options'], 'DENY');
  await login(page, 'chomoi');
  await setDate(page, DEMO_DATE);
  await searchAndOpen(page, 'hoa muc', 'Xã Hoà Mục');
  await page.goto('/scorecard');
  await page.waitForLoadState('networkidle');
  // The stylesheet applied: the header bar has its colour.
  const bg = await page.locator('header, .top').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(bg, 'rgb(11, 79, 138)');
  const inPage = await page.evaluate(() => window.__csp);
  assert.deepEqual([...violations, ...inPage], [], 'no CSP violation');
});

test('another site cannot frame langso', async () => {
  const other = await browser.newPage();
  const frameLoads = [];
  other.on('response', (r) => { if (r.url().startsWith(server.url)) frameLoads.push(r.headers()['content-security-policy']); });
  await other.setContent(`<iframe id="f" src="${server.url}/login"></iframe>`);
  await other.waitForTimeout(1500);
  const frame = other.frames().find((f) => f.url().startsWith(server.url));
  // Chromium refuses to render it: the frame is left without langso's page.
  const rendered = frame ? await frame.locator('#app').count().catch(() => 0) : 0;
  assert.equal(rendered, 0, 'the login page did not render inside a foreign frame');
  assert.ok(frameLoads.some((p) => /frame-ancestors 'none'/.test(p || '')), 'the answer said so');
  await other.close();
});

#!/usr/bin/env node
// Lighthouse (default mobile profile) against a running langso server, logged in.
//
//   node scripts/lighthouse.mjs http://127.0.0.1:PORT /units/ID [login] [password]
//
// Logs in through the API (default: chomoi / demo1234), passes the session
// cookie to Lighthouse via extraHeaders, prints the performance and
// accessibility scores and writes the JSON report under build/.
// lighthouse and chrome-launcher come from web/node_modules (npm ci in web/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NM = join(ROOT, 'web', 'node_modules');

const [base, page = '/', loginName = 'chomoi', password = 'demo1234'] = process.argv.slice(2);
if (!base || !/^https?:\/\//.test(base)) {
  console.error('usage: node scripts/lighthouse.mjs http://127.0.0.1:PORT /units/ID [login] [password]');
  process.exit(2);
}
process.env.CHROME_PATH ||= '/usr/bin/chromium';

const { default: lighthouse } = await import(pathToFileURL(join(NM, 'lighthouse', 'core', 'index.js')).href);
const chromeLauncher = await import(pathToFileURL(join(NM, 'chrome-launcher', 'dist', 'index.js')).href);

const origin = base.replace(/\/+$/, '');
const r = await fetch(origin + '/api/v1/session', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: origin },
  body: JSON.stringify({ login: loginName, password }),
});
if (r.status !== 200) {
  console.error('log-in failed:', r.status, await r.text());
  process.exit(1);
}
const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
if (!cookie) {
  console.error('log-in answered 200 but set no cookie');
  process.exit(1);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let result;
try {
  result = await lighthouse(origin + page, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    extraHeaders: { Cookie: cookie },
  });
} finally {
  await chrome.kill();
}
if (!result) {
  console.error('lighthouse returned no result');
  process.exit(1);
}
const lhr = result.lhr;
const outDir = join(ROOT, 'build');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'lighthouse-' + (page.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home') + '.json');
writeFileSync(file, typeof result.report === 'string' ? result.report : JSON.stringify(lhr));

const score = (c) => (lhr.categories[c] ? Math.round(lhr.categories[c].score * 100) : 'n/a');
if (lhr.runtimeError) console.error('runtime error:', lhr.runtimeError.message);
console.log(`url            ${lhr.finalDisplayedUrl || lhr.finalUrl}`);
console.log(`performance    ${score('performance')}`);
console.log(`accessibility  ${score('accessibility')}`);
console.log(`best-practices ${score('best-practices')}`);
console.log(`seo            ${score('seo')}`);
for (const c of ['performance', 'accessibility']) {
  const failed = lhr.categories[c].auditRefs
    .map((a) => lhr.audits[a.id])
    .filter((a) => a && a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable');
  for (const a of failed) console.log(`  ${c}: ${a.id} ${a.score} ${a.displayValue || ''}`);
}
console.log(`report         ${file}`);

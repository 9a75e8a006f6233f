// The save-callback pattern (examples/intranet/autosave.js) in headless Chromium against a tiny
// fake server on 127.0.0.1 that fails when told to: a failed save is shown, leaving warns, and
// a retry sends the newest answers, none lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';
import { wasmDir } from '../node/helpers.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let server;
let api;
let context;
let page;
let userDataDir;
const problems = [];
const fake = { failures: 0, requests: 0, body: null };

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
  assert.ok(existsSync(join(wasmDir, 'pkg', 'element.js')), 'run bindings-wasm/build.sh first');
  server = await serve({ timeoutSeconds: 600 });
  // The fake server: PUT /assessment stores the body, or answers 503 while `failures` lasts.
  api = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': server.url, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'Content-Type' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (req.method !== 'PUT' || req.url !== '/assessment') return res.writeHead(405, cors).end();
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      fake.requests += 1;
      if (fake.failures > 0) {
        fake.failures -= 1;
        return res.writeHead(503, cors).end('unavailable');
      }
      fake.body = body;
      res.writeHead(204, cors).end();
    });
  });
  await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
  userDataDir = mkdtempSync(join(tmpdir(), 'eblomlada-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
  // A failed fetch is logged by Chromium as a console error: only others are problems.
  page.on('console', (m) => m.type() === 'error' && !/503|Failed to load resource/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/bindings-wasm/tests/browser/save.html?api=${encodeURIComponent(`http://127.0.0.1:${api.address().port}/assessment`)}`);
  await page.waitForSelector('html[data-ready="true"]');
});

after(async () => {
  await context?.close();
  await new Promise((resolve) => (api ? api.close(resolve) : resolve()));
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const leaving = () =>
  page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });

const choose = async (id, label) => {
  await page.locator(`eblom-flowerbox dialog fieldset[data-indicator="${id}"] label.opt`, { hasText: label }).click();
};

test('a failed save is shown and warns on leaving; a retry sends the newest answers', async () => {
  fake.failures = 2;
  await page.locator('eblom-flowerbox .picture [data-indicator="elderly-01"]').click();
  const dialog = page.locator('eblom-flowerbox dialog');
  await dialog.waitFor({ state: 'visible' });
  try {
    await choose('elderly-01', 'Uppfyller helt');
    await page.waitForFunction(() => document.querySelector('#save-state').dataset.state === 'failed');
    // A second change while the server is down is tried at once, and fails too.
    await choose('elderly-02', 'Uppfyller delvis');
    await page.waitForFunction(() => /försök 2/.test(document.querySelector('#save-state').textContent));
    assert.match(await page.locator('#save-state').textContent(), /Kunde inte spara på servern \(försök 2: HTTP 503\)/);
    assert.equal(fake.body, null);
    assert.equal(await leaving(), true, 'leaving with unsent answers warns');
    assert.equal(await page.locator('#retry').isVisible(), true);

    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const roots = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
      await Promise.all([...new Set(roots.flatMap((r) => r.getAnimations()))].map((a) => a.finished.catch(() => {})));
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    console.log(`# figure: axe-core save failed shown: ${violations.length} serious or critical`);
    assert.deepStrictEqual(violations, []);

    await page.locator('#retry').click();
    await page.waitForFunction(() => document.querySelector('#save-state').dataset.state === 'saved');
    const saved = JSON.parse(fake.body);
    assert.deepStrictEqual(saved.answers, { 'elderly-01': { answer: 'fully' }, 'elderly-02': { answer: 'partly' } });
    assert.equal(fake.requests, 3);
    assert.equal(await leaving(), false, 'everything sent: leaving does not warn');
    assert.equal(await page.locator('#retry').isVisible(), false);
  } finally {
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }
  assert.deepStrictEqual(problems, []);
});

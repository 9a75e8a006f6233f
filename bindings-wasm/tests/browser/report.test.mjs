// The yearly report's HTML (`eblomlada report … -o OUT.html`) in headless Chromium: it loads
// from 127.0.0.1 with no other request, prints to an A4 PDF with several pages and nothing wider
// than the page, and axe-core finds no serious or critical violation. The CLI writes the files
// (scripts/test-wasm.sh builds it); the HTML is the core's, the same as Python and JavaScript give.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cli = process.env.EBLOMLADA_CLI || join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'debug', 'eblomlada');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const figure = (line) => console.log(`  ${line}`);

let server;
let context;
let dir;
let userDataDir;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
  assert.ok(existsSync(cli), `${cli} is missing (cargo build -p eblomlada-cli)`);
  dir = mkdtempSync(join(tmpdir(), 'eblomlada-report-'));
  const report = (name, ...args) => execFileSync(cli, ['report', ...args, '-o', join(dir, name)], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  report('kumla-sv.html', 'examples/kumla-2017.json', '--previous', 'examples/kumla-2016.json', '--published');
  report('kumla-en.html', 'examples/kumla-2017.json', '--previous', 'examples/kumla-2016.json', '--lang', 'en');
  // Hostile text in names and comments, and a long word that could push a table wider than the page.
  const evil = JSON.parse(readFileSync(join(repo, 'examples/kumla-2017.json'), 'utf8'));
  evil.name = '<img src=http://127.0.0.1:9/x onerror="window.pwned=1">Kumla';
  evil.answers['elderly-01'].comment = `<script>window.pwned=1</script>${'x'.repeat(400)}`;
  writeFileSync(join(dir, 'evil.json'), JSON.stringify(evil));
  report('evil.html', join(dir, 'evil.json'), '--previous', 'examples/kumla-2016.json');
  server = await serve({ root: dir, timeoutSeconds: 600 });
  userDataDir = mkdtempSync(join(tmpdir(), 'eblomlada-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
});

after(async () => {
  await context?.close();
  await server?.close();
  for (const d of [dir, userDataDir]) if (d) rmSync(d, { recursive: true, force: true });
});

async function open(name) {
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  return { page, requests, problems };
}

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

for (const name of ['kumla-sv.html', 'kumla-en.html', 'evil.html']) {
  test(`${name}: one request, prints to A4 without overflow, no serious axe violation`, async () => {
    const { page, requests, problems } = await open(name);
    assert.deepStrictEqual(requests, [`${server.url}/${name}`], 'no request but the page itself');
    assert.deepStrictEqual(problems, []);
    assert.equal(await page.evaluate(() => document.scripts.length), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);

    // Print layout: A4 with 15 mm side margins leaves 180 mm ≈ 680 CSS px.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 680, height: 1000 });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > width + 0.5)
        .map((e) => e.tagName + (e.id ? `#${e.id}` : ''));
      return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
    });
    assert.ok(overflow.scroll <= overflow.width, `scrollWidth ${overflow.scroll} > ${overflow.width}`);
    assert.deepStrictEqual(overflow.wide, []);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    const pages = pdfPages(pdf);
    figure(`${name}: ${(await page.content()).length} characters, PDF ${pdf.length} bytes, ${pages} A4 pages`);
    // Six main sections each start a page; the analysis and the appendix take several.
    assert.ok(pages >= 7 && pages <= 40, `${pages} pages`);

    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
    });
    figure(`axe-core ${name}: ${violations.length} violation kinds ${JSON.stringify(violations.map((v) => `${v.id}:${v.impact}`))}`);
    assert.deepStrictEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);
    await page.close();
  });
}

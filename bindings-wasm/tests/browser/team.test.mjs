// The team page of the intranet example in headless Chromium: two respondents, each in their own
// browser context, answer their scopes and download contribution files; the coordinator opens
// both, sees participation and the disagreement marked on the picture, decides it in the
// questions panel and downloads the merged assessment, which the Node package reads back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';
import { eblomlada, wasmDir } from '../node/helpers.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PAGE = '/bindings-wasm/examples/intranet/team.html';

let server;
let browser;
const outside = [];
const problems = [];
const figure = (text) => console.log(`# figure: ${text}`);

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
  assert.ok(existsSync(join(wasmDir, 'pkg', 'team', 'index.js')), 'run bindings-wasm/build.sh first');
  server = await serve({ timeoutSeconds: 600 });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'sv-SE', acceptDownloads: true });
  context.setDefaultTimeout(15_000);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(`${server.url}${PAGE}`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const shape = (page, id) => page.locator(`eblom-flowerbox .picture [data-indicator="${id}"]`);
const dialog = (page) => page.locator('eblom-flowerbox dialog');

async function answer(page, clickOn, picks) {
  await shape(page, clickOn).click();
  await dialog(page).waitFor({ state: 'visible' });
  for (const [id, label] of picks) {
    await page.locator(`eblom-flowerbox dialog fieldset[data-indicator="${id}"] label.opt`, { hasText: label }).click();
  }
  await page.locator('eblom-flowerbox dialog button.done').click();
  await dialog(page).waitFor({ state: 'hidden' });
}

async function startAs(page, name, department, scope) {
  await page.locator('#respondent-form input[name="name"]').fill(name);
  await page.locator('#respondent-form input[name="department"]').fill(department);
  for (const value of scope) await page.locator(`#scope input[value="${value}"]`).check();
  await page.locator('#respondent-form button[type="submit"]').click();
  await page.waitForFunction(() => !document.querySelector('#download-contribution').disabled);
}

async function downloadContribution(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-contribution').click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

async function axe(page, what) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    // Contrast is judged on what stays on screen: a dialog mid-way through its opening slide
    // (opacity from .6) fails it on a slow machine. Wait for every running animation, shadow trees too.
    const roots = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    await Promise.all([...new Set(roots.flatMap((r) => r.getAnimations()))].map((a) => a.finished.catch(() => {})));
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  figure(`axe-core team page, ${what}: ${result.length} violation kinds ${JSON.stringify(result.map((v) => `${v.id}:${v.impact}`))}`);
  assert.deepStrictEqual(result.filter((v) => v.impact === 'serious' || v.impact === 'critical'), [], what);
}

let files = [];

test('two respondents answer their scopes at the same time and download contributions', async () => {
  const [sara, ivar] = await Promise.all([open(), open()]);
  await Promise.all([
    startAs(sara, 'Sara Lind', 'Socialförvaltningen', ['area:elderly', 'level:lead']),
    startAs(ivar, 'Ivar Berg', 'IT-enheten', ['level:lead', 'level:tech']),
  ]);
  // Sara's scope: the elderly flower and the grass; the soil and other flowers are dimmed.
  assert.equal(await shape(sara, 'elderly-01').getAttribute('data-out-of-scope'), null);
  assert.equal(await shape(sara, 'tech-01').getAttribute('data-out-of-scope'), '');
  assert.equal(await shape(sara, 'children-01').getAttribute('data-out-of-scope'), '');
  assert.match(await sara.locator('#status').textContent(), /Du svarar på 42 indikatorer/);
  await axe(sara, 'respondent');
  // Out of scope: the questions are shown, read-only, with a note.
  await shape(sara, 'tech-01').click();
  await dialog(sara).waitFor({ state: 'visible' });
  assert.equal(await sara.locator('eblom-flowerbox dialog fieldset[data-indicator="tech-01"] input:not(:disabled)').count(), 0);
  assert.match(await sara.locator('eblom-flowerbox dialog fieldset[data-indicator="tech-01"]').textContent(), /Utanför ditt ansvarsområde/);
  await sara.keyboard.press('Escape');
  await dialog(sara).waitFor({ state: 'hidden' });

  await Promise.all([
    (async () => {
      await answer(sara, 'elderly-06', [['elderly-06', 'Uppfyller helt']]);
      await answer(sara, 'lead-01', [['lead-01', 'Uppfyller helt'], ['lead-02', 'Uppfyller delvis']]);
    })(),
    (async () => {
      await answer(ivar, 'lead-01', [['lead-01', 'Uppfyller inte alls'], ['lead-02', 'Uppfyller delvis']]);
      await answer(ivar, 'tech-01', [['tech-01', 'Uppfyller delvis']]);
    })(),
  ]);
  assert.match(await sara.locator('#respondent-line').textContent(), /^3 av 42/);
  files = [await downloadContribution(sara), await downloadContribution(ivar)];
  assert.deepStrictEqual(files.map((f) => f.name), ['eblomladan-1881-2017-sara-lind.json', 'eblomladan-1881-2017-ivar-berg.json']);
  const doc = JSON.parse(files[0].text);
  assert.deepStrictEqual(doc.respondent, { id: 'sara-lind', name: 'Sara Lind', department: 'Socialförvaltningen', scope: { areas: ['elderly'], levels: ['lead'] } });
  assert.deepStrictEqual(Object.keys(doc.answers), ['elderly-06', 'lead-01', 'lead-02']);
  // A reload keeps the respondent's work (localStorage).
  await sara.reload();
  await sara.waitForSelector('html[data-ready="true"]');
  assert.equal(await shape(sara, 'elderly-06').getAttribute('data-answer'), 'fully');
  await sara.context().close();
  await ivar.context().close();
});

test('the coordinator merges, sees the disagreement, decides it and downloads the merged assessment', async () => {
  const page = await open();
  await page.locator('#mode-coordinator').click();
  await page.setInputFiles('#open-contributions', files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  await page.waitForFunction(() => !document.querySelector('#participation').hidden);
  const rows = await page.locator('#participation tbody tr').allTextContents();
  assert.deepStrictEqual(rows, ['Ivar Berg (IT-enheten)3 / 44', 'Sara Lind (Socialförvaltningen)3 / 42']);
  assert.deepStrictEqual(await page.locator('#open-list li').evaluateAll((li) => li.map((x) => x.dataset.indicator)), ['lead-01']);
  assert.equal(await shape(page, 'lead-01').getAttribute('data-disagreement'), 'true');
  assert.equal(await shape(page, 'lead-01').getAttribute('data-answer'), 'none');
  assert.equal(await shape(page, 'lead-02').getAttribute('data-answer'), 'partly', 'unanimous');
  assert.equal(await shape(page, 'elderly-06').getAttribute('data-answer'), 'fully');
  // The questions show who answered what, and the disagreement.
  await shape(page, 'lead-01').click();
  await dialog(page).waitFor({ state: 'visible' });
  const fieldset = page.locator('eblom-flowerbox dialog fieldset[data-indicator="lead-01"]');
  assert.match(await fieldset.textContent(), /Oenighet: välj ett svar för att avgöra/);
  assert.match(await fieldset.textContent(), /Ivar Berg \(IT-enheten\): Uppfyller inte alls/);
  assert.match(await fieldset.textContent(), /Sara Lind \(Socialförvaltningen\): Uppfyller helt/);
  await axe(page, 'coordinator, questions open');
  mkdirSync(join(wasmDir, 'tests', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(wasmDir, 'tests', 'screenshots', 'team-coordinator.png') });
  await fieldset.locator('label.opt', { hasText: 'Uppfyller delvis' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#open-list li').length === 0);
  assert.equal(await dialog(page).isVisible(), true, 'the questions stay open after a decision');
  assert.match(await page.locator('eblom-flowerbox dialog fieldset[data-indicator="lead-01"]').textContent(), /Avgjort av samordnaren/);
  await page.keyboard.press('Escape');
  assert.equal(await shape(page, 'lead-01').getAttribute('data-answer'), 'partly');
  assert.equal(await shape(page, 'lead-01').getAttribute('data-disagreement'), null);
  assert.match(await page.locator('#team-line').textContent(), /2 svarande · 4 av 88 besvarade efter sammanställningen · 1 oenigheter, 1 avgjorda, 0 öppna/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-merged').click()]);
  const merged = eblomlada.Assessment.fromJson(readFileSync(await download.path(), 'utf8'));
  assert.deepStrictEqual(
    Object.fromEntries(['elderly-06', 'lead-01', 'lead-02', 'tech-01'].map((id) => [id, merged.answerOf(id)])),
    { 'elderly-06': 'fully', 'lead-01': 'partly', 'lead-02': 'partly', 'tech-01': 'partly' },
  );
  const [decisions] = await Promise.all([page.waitForEvent('download'), page.locator('#download-decisions').click()]);
  assert.deepStrictEqual(JSON.parse(readFileSync(await decisions.path(), 'utf8')), { decisions: { 'lead-01': { answer: 'partly' } } });
  // The same merge in Node from the downloaded files and decisions gives the same assessment.
  const again = eblomlada.mergeTeam(files.map((f) => eblomlada.Contribution.fromJson(f.text)), { 'lead-01': 'partly' });
  assert.deepStrictEqual(again.assessment.toJSON(), merged.toJSON());
  await page.context().close();
});

test('nothing left 127.0.0.1 and the pages logged no errors', () => {
  assert.deepStrictEqual(outside, []);
  assert.deepStrictEqual(problems, []);
});

// <eblom-flowerbox> on its own test page (tests/browser/element.html) in headless Chromium:
// attributes, properties, events, read-only mode, errors, palette, navigation, two on a page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';
import { golden, read, wasmDir } from '../node/helpers.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let server;
let context;
let page;
let userDataDir;
const problems = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
  assert.ok(existsSync(join(wasmDir, 'pkg', 'element.js')), 'run bindings-wasm/build.sh first');
  server = await serve({ timeoutSeconds: 600 });
  userDataDir = mkdtempSync(join(tmpdir(), 'eblomlada-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/bindings-wasm/tests/browser/element.html`);
  await page.waitForSelector('html[data-ready="true"]');
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const viewer = (selector) => page.locator(`#viewer ${selector}`);
const editor = (selector) => page.locator(`#editor ${selector}`);

test('assessment-json and lang: renders in English, read-only without `editable`', async () => {
  assert.equal(await viewer('.picture [data-indicator="elderly-01"]').getAttribute('data-answer'), 'fully');
  assert.equal(await viewer('.picture [data-indicator="lead-01"]').getAttribute('data-answer'), 'partly');
  assert.match(await viewer('.picture svg').textContent(), /Örebro 2017/);
  assert.match(await viewer('.picture svg').textContent(), /Elderly/);
  await page.evaluate(() => {
    window.viewerChanges = 0;
    document.querySelector('#viewer').addEventListener('change', () => (window.viewerChanges += 1));
  });
  await viewer('.picture [data-indicator="elderly-02"]').click();
  await viewer('dialog').waitFor({ state: 'visible' });
  assert.match(await viewer('dialog').textContent(), /View only/);
  assert.equal(await viewer('dialog input[type=radio]:not([disabled])').count(), 0, 'all answers disabled');
  assert.equal(await viewer('dialog textarea[data-comment="elderly-01"]').inputValue(), 'Sedan 2016.');
  await page.keyboard.press('Escape');
  await viewer('dialog').waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => window.viewerChanges), 0);
});

test('property `assessment` takes an Assessment, a JSON string or a plain object; `change` carries the JSON', async () => {
  const text = read(golden, 'half-answered.assessment.json');
  const kinds = await page.evaluate(async (text) => {
    const el = document.querySelector('#editor');
    const seen = [];
    el.addEventListener('change', (e) => seen.push(JSON.parse(e.detail)));
    el.assessment = window.Assessment.fromJson(text);
    const a = el.assessment.answered;
    el.assessment = text;
    const b = el.assessment.answered;
    el.assessment = JSON.parse(text);
    const c = el.assessment.answered;
    el.openGroup('area:public');
    const radio = el.shadowRoot.querySelector('dialog fieldset[data-indicator="public-06"] input[value="fully"]');
    radio.click();
    el.closeGroup();
    return { a, b, c, seen, answer: el.shadowRoot.querySelector('.picture [data-indicator="public-06"]').getAttribute('data-answer') };
  }, text);
  assert.deepStrictEqual([kinds.a, kinds.b, kinds.c], [45, 45, 45]);
  assert.equal(kinds.answer, 'fully');
  assert.equal(kinds.seen.length, 1);
  assert.deepStrictEqual(kinds.seen[0].answers['public-06'], { answer: 'fully' });
  assert.equal(kinds.seen[0].status, 'draft', 'optional fields are kept');
});

test('an unreadable assessment fires `error`, shows the core\'s message, and the element recovers', async () => {
  const result = await page.evaluate(() => {
    const el = document.querySelector('#editor');
    let detail = null;
    el.addEventListener('error', (e) => (detail = e.detail), { once: true });
    el.setAttribute('assessment-json', '{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017, "answers": {"x": {"answer": "fully"}}}');
    const shown = el.shadowRoot.querySelector('.message').textContent;
    const picture = el.shadowRoot.querySelector('.picture').innerHTML;
    el.setAttribute('assessment-json', '{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017, "answers": {}}');
    return {
      isError: detail instanceof window.EblomladaError,
      kind: detail?.kind,
      path: detail?.problems[0].path,
      shown,
      picture,
      after: el.shadowRoot.querySelector('.message').textContent,
      shapes: el.shadowRoot.querySelectorAll('.picture [data-indicator]').length,
    };
  });
  assert.equal(result.isError, true);
  assert.equal(result.kind, 'InvalidAssessment');
  assert.equal(result.path, '$.answers.x');
  assert.equal(result.shown, 'invalid assessment: $.answers.x: unknown indicator "x"; catalogue eblomladan-2016 has no such indicator');
  assert.equal(result.picture, '');
  assert.equal(result.after, '');
  assert.equal(result.shapes, 88);
});

test('palette="colour-blind" draws patterns; lang switches the questions too', async () => {
  await page.evaluate(() => {
    const el = document.querySelector('#editor');
    el.assessment = document.querySelector('#viewer').assessment.toJson();
    el.setAttribute('palette', 'colour-blind');
    el.lang = 'sv';
  });
  assert.match(await editor('.picture svg').innerHTML(), /url\(#ebl-cb-/);
  await editor('.picture [data-indicator="tech-01"]').click();
  await editor('dialog').waitFor({ state: 'visible' });
  assert.match(await editor('dialog h2').textContent(), /^Jorden$/);
  await page.evaluate(() => (document.querySelector('#editor').lang = 'en'));
  assert.match(await editor('dialog h2').textContent(), /^The soil$/);
  await page.keyboard.press('Escape');
});

test('Previous and Next walk through every group', async () => {
  await page.evaluate(() => document.querySelector('#editor').openGroup('area:elderly'));
  const titles = [];
  for (let i = 0; i < 8; i += 1) {
    titles.push(await editor('dialog h2').textContent());
    const next = editor('dialog button[data-action="go"]', { hasText: 'Next' });
    if ((await page.locator('#editor dialog button[data-action="go"]').filter({ hasText: 'Next' }).count()) === 0) break;
    await page.locator('#editor dialog button[data-action="go"]').filter({ hasText: 'Next' }).click();
    void next;
  }
  assert.deepStrictEqual(titles, [
    'Elderly & people in need of care',
    'Children & pupils',
    'Businesses',
    'Residents & road users',
    'Culture, leisure & visitors',
    'The public',
    'The grass',
    'The soil',
  ]);
  await page.keyboard.press('Escape');
  const bad = await page.evaluate(() => {
    try {
      document.querySelector('#editor').openGroup('area:harbour');
      return null;
    } catch (e) {
      return [e.name, e.message];
    }
  });
  assert.deepStrictEqual(bad, ['EblomladaError', 'no group "area:harbour" in the picture']);
});

test('events name the indicator and the group; refresh() redraws after an edit from outside', async () => {
  const r = await page.evaluate(() => {
    const el = document.querySelector('#editor');
    el.assessment = '{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017, "answers": {"lead-02": {"answer": "partly"}}}';
    const seen = [];
    const on = (type) => (e) => seen.push([type, { ...e.detail, toString: undefined }]);
    for (const type of ['open', 'change']) el.addEventListener(type, on(type));
    window.closes = [];
    el.addEventListener('close', (e) => window.closes.push(e.detail), { once: true });
    el.openGroup('level:lead', 'lead-02');
    const active = el.shadowRoot.activeElement;
    const focusedIn = active?.closest('fieldset')?.getAttribute('data-indicator');
    el.shadowRoot.querySelector('dialog fieldset[data-indicator="lead-02"] input[value="fully"]').click();
    const textarea = el.shadowRoot.querySelector('dialog textarea[data-comment="lead-02"]');
    textarea.value = 'Beslut i KS';
    textarea.dispatchEvent(new Event('input', { bubbles: true })); // typing: saved at once
    const typed = el.assessment.commentOf('lead-02');
    const asText = String(seen.at(-1)[1].json) === el.toJson();
    el.closeGroup();
    // Edited from outside: nothing shows until refresh().
    el.assessment.answer('tech-01', 'not_met');
    const stale = el.shadowRoot.querySelector('.picture [data-indicator="tech-01"]').getAttribute('data-answer');
    el.refresh();
    const fresh = el.shadowRoot.querySelector('.picture [data-indicator="tech-01"]').getAttribute('data-answer');
    return { seen, focusedIn, typed, asText, stale, fresh };
  });
  // `close` is a task after closeGroup(): wait for it, never for a time.
  await page.waitForFunction(() => window.closes.length === 1);
  assert.deepStrictEqual(await page.evaluate(() => window.closes[0]), { group: 'level:lead', indicator: null });
  await page.evaluate(() => (document.querySelector('#editor').assessment = document.querySelector('#viewer').assessment.toJson()));
  assert.equal(r.focusedIn, 'lead-02', 'the question asked for has focus');
  assert.equal(r.typed, 'Beslut i KS');
  assert.ok(r.asText, 'String(detail) is the assessment JSON');
  assert.deepStrictEqual([r.stale, r.fresh], ['none', 'not_met']);
  const [open, answer, comment] = r.seen;
  assert.deepStrictEqual(open, ['open', { group: 'level:lead', indicator: 'lead-02', toString: undefined }]);
  assert.equal(answer[0], 'change');
  assert.deepStrictEqual(
    [answer[1].indicator, answer[1].answer, answer[1].comment, answer[1].previous, answer[1].previousComment],
    ['lead-02', 'fully', null, 'partly', null],
  );
  assert.equal(JSON.parse(answer[1].json).answers['lead-02'].answer, 'fully');
  assert.deepStrictEqual(
    [comment[0], comment[1].indicator, comment[1].answer, comment[1].comment, comment[1].previous, comment[1].previousComment],
    ['change', 'lead-02', 'fully', 'Beslut i KS', 'fully', null],
  );
});

test("the panel's texts come from one table an integrator can extend for another language", async () => {
  const r = await page.evaluate(() => {
    const Box = customElements.get('eblom-flowerbox');
    Box.strings.de = { ...Box.strings.en, done: 'Fertig', close: 'Schließen', comment: 'Kommentar (de)' };
    const el = document.querySelector('#editor');
    el.lang = 'de-AT';
    el.openGroup('area:elderly');
    const d = el.shadowRoot.querySelector('dialog');
    const out = {
      lang: el.lang,
      done: d.querySelector('button.done').textContent,
      close: d.querySelector('button.close').getAttribute('aria-label'),
      comment: d.querySelector('label.comment span').textContent,
      answer: d.querySelector('label.opt').textContent.trim(),
      picture: /Elderly/.test(el.shadowRoot.querySelector('.picture svg').textContent),
    };
    el.closeGroup();
    el.lang = 'sv';
    delete Box.strings.de;
    return out;
  });
  assert.deepStrictEqual(r, { lang: 'de', done: 'Fertig', close: 'Schließen', comment: 'Kommentar (de)', answer: 'Uppfyller helt', picture: true });
});

test('two elements on one page stay apart', async () => {
  const ids = await page.evaluate(() =>
    ['#viewer', '#editor'].map((s) => document.querySelector(s).shadowRoot.querySelector('.picture [data-indicator="elderly-01"]').getAttribute('data-answer')),
  );
  assert.deepStrictEqual(ids, ['fully', 'fully']);
  await page.evaluate(() => {
    const el = document.querySelector('#editor');
    el.assessment.clear('elderly-01');
    el.assessment = el.assessment; // re-render after an edit made from outside
  });
  assert.equal(await viewer('.picture [data-indicator="elderly-01"]').getAttribute('data-answer'), 'fully');
  assert.equal(await editor('.picture [data-indicator="elderly-01"]').getAttribute('data-answer'), 'none');
  assert.deepStrictEqual(problems, []);
});

test('scale colours never reach CSS or HTML as text: hostile ones are refused, #rrggbb is set through the CSSOM', async () => {
  const result = await page.evaluate(async () => {
    const shipped = await (await fetch('/indicators/eblomladan-2016.json')).text();
    const hostile = shipped.replace('"colour": "green"', '"colour": "red;background-image:url(http://127.0.0.1:9/leak)"');
    let refused = null;
    try {
      Catalogue.fromJson(hostile);
    } catch (e) {
      refused = { kind: e.kind, path: e.problems[0].path, message: e.message };
    }
    const custom = Catalogue.fromJson(shipped.replace('"id": "eblomladan"', '"id": "custom"').replace('"colour": "green"', '"colour": "#8B0000"'));
    const el = document.querySelector('#editor');
    el.assessment = new Assessment(custom, '1881', 2017);
    return { refused };
  });
  assert.equal(result.refused?.path, '$.scale[0].colour', JSON.stringify(result));
  assert.match(result.refused.message, /expected #rrggbb or one of green/);
  await editor('.picture [data-indicator="elderly-01"]').click();
  await editor('dialog').waitFor({ state: 'visible' });
  const swatches = await page.evaluate(() =>
    [...document.querySelector('#editor').shadowRoot.querySelectorAll('dialog fieldset:first-of-type .swatch')].map((s) => ({
      colour: getComputedStyle(s).backgroundColor,
      image: getComputedStyle(s).backgroundImage,
    })),
  );
  assert.equal(swatches[0].colour, 'rgb(139, 0, 0)', JSON.stringify(swatches));
  assert.ok(swatches.every((s) => !s.image.includes('url(')), JSON.stringify(swatches));
  await page.keyboard.press('Escape');
  await editor('dialog').waitFor({ state: 'hidden' });
  // Catalogue and user texts arrive as text, never as markup.
  const marked = await page.evaluate(() => {
    const el = document.querySelector('#editor');
    const a = el.assessment;
    a.answer('elderly-01', 'fully', '</textarea><img src=x onerror="window.pwned=1"><style>*{background:url(http://127.0.0.1:9/leak)}</style>');
    el.assessment = a;
    return true;
  });
  assert.ok(marked);
  await editor('.picture [data-indicator="elderly-01"]').click();
  await editor('dialog').waitFor({ state: 'visible' });
  const dialog = await page.evaluate(() => {
    const d = document.querySelector('#editor').shadowRoot.querySelector('dialog');
    return { imgs: d.querySelectorAll('img').length, styles: d.querySelectorAll('style').length, pwned: window.pwned ?? null, value: d.querySelector('textarea[data-comment="elderly-01"]').value };
  });
  assert.deepStrictEqual([dialog.imgs, dialog.styles, dialog.pwned], [0, 0, null], JSON.stringify(dialog));
  assert.match(dialog.value, /^<\/textarea><img src=x/);
  await page.keyboard.press('Escape');
});

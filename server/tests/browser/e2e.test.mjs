// End to end in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core from
// bindings-wasm/node_modules) against a real eblomlada-server process on 127.0.0.1 with a real
// SQLite file: an authority creates an assessment and invites two respondents (one scoped to
// elderly, one to the tech level plus lead-05); both answer at the same time in their own browser
// contexts by clicking the picture (<eblom-flowerbox editable>), each answer saved as it is given;
// a stale write (the same respondent's other tab) gets the 409 shown and the stored value; lead-05, answered differently by the tech respondent and the authority, shows as a
// disagreement and is decided; the authority publishes; Örebro cannot see the national page until
// it publishes too; then the national page shows both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(join(root, 'bindings-wasm', 'package.json'));
const { chromium } = require('playwright-core');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const BIN = join(root, 'target', 'debug', 'eblomlada-server');
const PASSWORD = 'e2e-password-1';

let server;
let base;
let browser;
let data;
const problems = [];
const outside = [];

before(async () => {
  assert.ok(existsSync(BIN), 'cargo build -p eblomlada-server first');
  data = mkdtempSync(join(tmpdir(), 'eblomlada-e2e-'));
  server = spawn(BIN, ['--demo', '--demo-password', PASSWORD, '--listen', '127.0.0.1:0', '--data', data, '--pkg', join(root, 'bindings-wasm', 'pkg')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
  const lines = createInterface({ input: server.stdout });
  base = await new Promise((resolve, reject) => {
    lines.once('line', (l) => resolve(l.split(/\s+/).find((w) => w.startsWith('http://'))));
    server.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  lines.on('line', () => {});
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGKILL');
  if (data) rmSync(data, { recursive: true, force: true });
});

async function context(name) {
  const ctx = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
  ctx.setDefaultTimeout(20_000);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await ctx.newPage();
  // 401 (the session probe before signing in), 403 (the national page before publishing) and
  // 409 (the stale write the test provokes) are answers the pages expect; anything else, a CSP
  // refusal above all, is a problem.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[139]/.test(m.text())) problems.push(`${name}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  return page;
}

async function signIn(page, user) {
  await page.goto(`${base}/`);
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await page.getByRole('heading', { name: 'Mina skattningar' }).waitFor();
}

async function createAssessment(page, year) {
  await page.getByLabel('År').fill(String(year));
  await page.getByRole('button', { name: 'Ny skattning' }).click();
  await page.waitForURL(/\/assessment\?id=\d+/);
  await page.getByRole('heading', { name: 'Mina svar' }).waitFor();
  return Number(new URL(page.url()).searchParams.get('id'));
}

async function answer(page, indicator, value) {
  const select = page.locator(`select[data-indicator="${indicator}"]`);
  const saved = page.waitForResponse((r) => r.url().includes(`/answers/${indicator}`) && r.request().method() === 'PUT');
  await select.selectOption(value);
  const r = await saved;
  assert.equal(r.status(), 200, `${indicator}: ${await r.text()}`);
}

/** Answers by clicking the picture: opens the group of `shape`, picks each answer, waits for
 * each save (a PUT answered 200), closes the questions. */
async function answerInPicture(page, shape, picks) {
  const box = page.locator('#my-box');
  await box.locator(`.picture [data-indicator="${shape}"]`).click();
  const dialog = box.locator('dialog');
  await dialog.waitFor({ state: 'visible' });
  for (const [indicator, value] of picks) {
    const saved = page.waitForResponse((r) => r.url().includes(`/answers/${indicator}`) && r.request().method() === 'PUT');
    await dialog.locator(`fieldset[data-indicator="${indicator}"] label.opt:has(input[value="${value}"])`).click();
    const r = await saved;
    assert.equal(r.status(), 200, `${indicator}: ${await r.text()}`);
  }
  await dialog.locator('button.done').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Answers, through the API from the signed-in page, every indicator nobody has answered. */
async function answerTheRest(page, id) {
  return page.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/session')).json();
    const view = await (await fetch(`/api/v1/assessments/${id}`)).json();
    const done = new Set(view.answers.map((a) => a.indicator));
    let n = 0;
    for (const ind of Object.keys(view.team.report.indicators)) {
      if (done.has(ind)) continue;
      const r = await fetch(`/api/v1/assessments/${id}/answers/${ind}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf, 'if-match': '"0"' }, body: JSON.stringify({ answer: ['fully', 'partly', 'not_met'][n % 3] }) });
      if (!r.ok) throw new Error(`${ind}: ${r.status}`);
      n += 1;
    }
    return n;
  }, id);
}

test('a team answers, a disagreement is decided, two municipalities publish and compare', async () => {
  const kumla = await context('kumla');
  await signIn(kumla, 'kumla');
  const id = await createAssessment(kumla, 2018);
  // The element draws the merged picture.
  await kumla.locator('#merged-box').waitFor();
  await kumla.waitForFunction(() => document.querySelector('#merged-box')?.shadowRoot?.querySelector('svg'));

  // Invite: elderly care through the form, IT (tech level and lead-05) through the API.
  await kumla.getByRole('group', { name: 'Områden' }).getByLabel('elderly').check();
  await kumla.getByRole('button', { name: 'Bjud in' }).click();
  const elderlyLink = await kumla.locator('input.link').inputValue();
  assert.match(elderlyLink, /\/invite#[A-Za-z0-9_-]{43}$/);
  const techLink = await kumla.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/assessments/${id}/invitations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf }, body: JSON.stringify({ permission: 'edit', label: 'IT', scope: { levels: ['tech'], indicators: ['lead-05'] } }) });
    return `${location.origin}${(await r.json()).link}`;
  }, id);

  const anna = await context('anna');
  const erik = await context('erik');
  for (const [page, link, name, dep] of [[anna, elderlyLink, 'Anna Lind', 'Socialförvaltningen'], [erik, techLink, 'Erik Berg', 'IT-avdelningen']]) {
    await page.goto(link);
    await page.getByLabel('Ditt namn').fill(name);
    await page.getByLabel('Förvaltning').fill(dep);
    await page.getByRole('button', { name: 'Börja svara' }).click();
    await page.waitForURL(/\/assessment\?id=/);
    await page.getByRole('heading', { name: /Mina svar/ }).waitFor();
  }
  // Out of scope rows are not offered.
  assert.equal(await anna.locator('select[data-indicator="tech-01"]').count(), 0);
  assert.equal(await erik.locator('select[data-indicator="elderly-01"]').count(), 0);

  // Both answer at the same time by clicking the picture; the authority answers lead-05
  // differently (in the table).
  await Promise.all([
    answerInPicture(anna, 'elderly-01', [['elderly-01', 'fully'], ['elderly-02', 'partly'], ['elderly-03', 'not_met']]),
    (async () => {
      await answerInPicture(erik, 'tech-01', [['tech-01', 'fully'], ['tech-02', 'partly']]);
      await answerInPicture(erik, 'lead-05', [['lead-05', 'fully']]);
    })(),
  ]);
  // The table shows what the picture saved, and so does the database.
  await anna.waitForFunction(() => document.querySelector('select[data-indicator="elderly-02"]')?.value === 'partly');
  const stored = await anna.evaluate(async (id) => (await (await fetch(`/api/v1/assessments/${id}`)).json()).answers, id);
  const annaId = stored.find((x) => x.indicator === 'elderly-01').respondent_id;
  const annaAnswers = Object.fromEntries(stored.filter((x) => x.respondent_id === annaId).map((x) => [x.indicator, x.answer]));
  assert.deepEqual(annaAnswers, { 'elderly-01': 'fully', 'elderly-02': 'partly', 'elderly-03': 'not_met' });
  const erikAnswers = Object.fromEntries(stored.filter((x) => x.respondent_id !== annaId && ['tech-01', 'tech-02', 'lead-05'].includes(x.indicator)).map((x) => [x.indicator, x.answer]));
  assert.deepEqual(erikAnswers, { 'tech-01': 'fully', 'tech-02': 'partly', 'lead-05': 'fully' });

  // Anna's other tab changes elderly-01 while her questions are open here (an open dialog is
  // never re-rendered under her); her answer in this page was based on the old revision: 409,
  // the conflict is shown, and the picture and the table take the stored value.
  const box = anna.locator('#my-box');
  await box.locator('.picture [data-indicator="elderly-01"]').click();
  await box.locator('dialog').waitFor({ state: 'visible' });
  await anna.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/assessments/${id}/answers/elderly-01`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf, 'if-match': '"1"' }, body: JSON.stringify({ answer: 'not_met' }) });
    if (!r.ok) throw new Error(String(r.status));
  }, id);
  const stale = anna.waitForResponse((r) => r.url().includes('/answers/elderly-01') && r.request().method() === 'PUT');
  await box.locator('dialog fieldset[data-indicator="elderly-01"] label.opt:has(input[value="partly"])').click();
  assert.equal((await stale).status(), 409);
  await anna.getByText(/Någon annan ändrade svaret/).waitFor();
  await anna.waitForFunction(() => document.querySelector('select[data-indicator="elderly-01"]')?.value === 'not_met');
  await anna.waitForFunction(() => document.querySelector('#my-box').shadowRoot.querySelector('.picture [data-indicator="elderly-01"]')?.getAttribute('data-answer') === 'not_met');
  await box.locator('dialog').waitFor({ state: 'hidden' });
  // What Erik answered reaches Anna's page without a reload (polling), once her questions are
  // closed: the merged picture shows his tech-01.
  await anna.waitForFunction(() => document.querySelector('#merged-box')?.shadowRoot?.querySelector('.picture [data-indicator="tech-01"]')?.getAttribute('data-answer') === 'fully');
  await anna.getByText(/Någon annan ändrade svaret/).waitFor();
  await answer(kumla, 'lead-05', 'not_met');

  // The authority's page shows what others changed (polling) and the disagreement.
  await kumla.reload();
  const disagreement = kumla.locator('.disagreement[data-indicator="lead-05"]');
  await disagreement.waitFor();
  assert.match(await disagreement.innerText(), /Erik Berg: Uppfyllt/);
  await disagreement.getByRole('combobox').selectOption('partly');
  await disagreement.getByRole('button', { name: 'Besluta' }).click();
  await kumla.getByText('Inga öppna oenigheter.').waitFor();

  // Örebro has not published: no national page.
  const orebro = await context('orebro');
  await signIn(orebro, 'orebro');
  await orebro.goto(`${base}/national`);
  await orebro.getByText('först när din kommun har publicerat').waitFor();

  // Kumla completes and publishes.
  await answerTheRest(kumla, id);
  await kumla.reload();
  await kumla.getByRole('button', { name: 'Publicera' }).click();
  await kumla.getByRole('button', { name: 'Dra tillbaka' }).waitFor();

  // Örebro still cannot see, publishes its own, and then sees both.
  await orebro.goto(`${base}/national`);
  await orebro.getByText('först när din kommun har publicerat').waitFor();
  await orebro.goto(`${base}/`);
  const own = await createAssessment(orebro, 2018);
  await answerTheRest(orebro, own);
  await orebro.reload();
  await orebro.getByRole('button', { name: 'Publicera' }).click();
  await orebro.getByRole('button', { name: 'Dra tillbaka' }).waitFor();
  await orebro.goto(`${base}/national`);
  await orebro.getByRole('heading', { name: 'Nationell sammanställning' }).waitFor();
  await orebro.getByRole('cell', { name: /^1881 Kumla/ }).first().waitFor();
  await orebro.getByRole('cell', { name: /^1880 Örebro/ }).first().waitFor();
  await orebro.getByText(/syntetiska/).waitFor();
  await orebro.getByRole('heading', { name: 'Egen kommun mot riket och länet' }).waitFor();
  assert.match(await orebro.locator('ol li').first().innerText(), /^[a-z]+-\d\d \S.*: \d+ %$/);

  // English.
  await orebro.getByRole('button', { name: 'English' }).click();
  await orebro.getByRole('heading', { name: 'National compilation' }).waitFor();

  // A script payload in a respondent's name and comment is shown as text, never run.
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  await kumla.evaluate(async ({ id, payload }) => {
    const me = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/assessments/${id}/invitations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf }, body: JSON.stringify({ permission: 'view', label: payload }) });
    if (!r.ok) throw new Error(String(r.status));
  }, { id, payload });

  // Who answered what, on the authority's page.
  await kumla.reload();
  await kumla.getByRole('cell', { name: payload }).waitFor();
  assert.equal(await kumla.evaluate(() => window.__pwned), undefined);
  assert.equal(await kumla.locator('#view img[src="x"], #view script').count(), 0);
  await kumla.getByText(/indikatorer med svar/).click();
  assert.match(await kumla.locator('tr[data-indicator="lead-05"]').innerText(), /Erik Berg: Uppfyllt/);

  // Accessibility (axe-core, WCAG 2 A/AA rules) of the assessment page and the national page.
  // axe is injected as an inline script, which the service's CSP refuses: a separate context
  // bypasses CSP for this check only.
  const axeCtx = await browser.newContext({ locale: 'sv-SE', bypassCSP: true });
  const axePage = await axeCtx.newPage();
  await signIn(axePage, 'kumla');
  for (const path of [`/assessment?id=${id}`, '/national', '/']) {
    await axePage.goto(`${base}${path}`);
    await axePage.locator('#view > *').first().waitFor();
    await axePage.waitForTimeout(300);
    await axePage.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await axePage.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target})`);
    assert.deepEqual(violations, [], `axe on ${path}`);
  }
  await axeCtx.close();

  assert.deepEqual(outside, [], 'no request left 127.0.0.1');
  assert.deepEqual(problems, [], 'no console errors (a CSP violation would be one)');
});

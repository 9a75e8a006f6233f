// The team page of the intranet example: a respondent answers their part (their scope) and
// downloads a contribution file; the coordinator opens the team's contribution files, sees
// participation and the open disagreements marked on the picture, decides them in the questions
// panel and downloads the merged assessment. Everything runs in the page, with files.
//
// The team functions (Contribution, mergeTeam) live in the team module pkg/team/, which only this
// page loads; the element draws with the main package. Assessments move between the two as JSON.
import '../../pkg/element.js';
import * as page from './page.js';
import initTeam, { Catalogue, Contribution, mergeTeam } from '../../pkg/team/index.js';

await initTeam();

const CONTRIBUTION_KEY = 'eblomlada.team.contribution';
const LANG_KEY = 'eblomlada.intranet.lang';

const TEXT = {
  sv: {
    skip: 'Hoppa till blomlådan',
    title: 'Teamets skattning: svarande och samordnare',
    modeHeading: 'Vad vill du göra?',
    single: 'Fyll i hela skattningen själv',
    respondent: 'Jag svarar på min del',
    coordinator: 'Jag samordnar teamets svar',
    respondentHeading: 'Din del av skattningen',
    name: 'Ditt namn',
    department: 'Förvaltning eller enhet',
    scope: 'Vad svarar du på? (inget val: hela skattningen)',
    start: 'Börja svara',
    openContribution: 'Öppna ett bidrag (JSON)',
    downloadContribution: 'Ladda ner mitt bidrag',
    coordinatorHeading: 'Sammanställ teamets bidrag',
    openContributions: 'Läs in bidrag (JSON, flera)',
    policy: 'Oenighet som inte är avgjord',
    policyOpen: 'lämnas öppen',
    policyLowest: 'får det lägsta svaret',
    policyMedian: 'får mediansvaret',
    downloadMerged: 'Ladda ner sammanställd skattning',
    downloadDecisions: 'Ladda ner besluten',
    participation: 'Deltagande',
    who: 'Svarande',
    answeredOf: 'Besvarade av tilldelade',
    footer: 'Sidan fungerar utan nätverk. Bidragen och sammanställningen är filer som du laddar ner och skickar vidare.',
    level: { lead: 'Ledning och arbetssätt (gräset)', tech: 'Tekniska förutsättningar (jorden)' },
    started: (n) => `Du svarar på ${n} indikatorer. Det som ligger utanför din del är nedtonat.`,
    respondentLine: (a, n) => `${a} av ${n} av dina indikatorer besvarade.`,
    saved: 'Sparat i webbläsaren.',
    downloaded: (name) => `Filen ${name} är nedladdad.`,
    opened: (name) => `Filen ${name} är inläst.`,
    failed: (name) => `Filen ${name} kunde inte läsas in. Inget har ändrats.`,
    startFailed: 'Kunde inte börja:',
    teamLine: (s) => `${s.respondents} svarande · ${s.answered} av ${s.indicators} besvarade efter sammanställningen · ${s.disagreements} oenigheter, ${s.decided} avgjorda, ${s.open} öppna`,
    openItem: (id) => `Oenighet att avgöra: ${id}`,
    merged: (n) => `${n} bidrag sammanställda.`,
    mergeFailed: 'Bidragen kunde inte sammanställas:',
    line: (l, c) => `rad ${l}, kolumn ${c}`,
  },
  en: {
    skip: 'Skip to the flowerbox',
    title: 'The team’s assessment: respondents and coordinator',
    modeHeading: 'What do you want to do?',
    single: 'Fill in the whole assessment yourself',
    respondent: 'I answer my part',
    coordinator: 'I coordinate the team’s answers',
    respondentHeading: 'Your part of the assessment',
    name: 'Your name',
    department: 'Department or unit',
    scope: 'What do you answer? (nothing chosen: the whole assessment)',
    start: 'Start answering',
    openContribution: 'Open a contribution (JSON)',
    downloadContribution: 'Download my contribution',
    coordinatorHeading: 'Merge the team’s contributions',
    openContributions: 'Open contributions (JSON, several)',
    policy: 'A disagreement not decided',
    policyOpen: 'stays open',
    policyLowest: 'gets the lowest answer',
    policyMedian: 'gets the median answer',
    downloadMerged: 'Download the merged assessment',
    downloadDecisions: 'Download the decisions',
    participation: 'Participation',
    who: 'Respondent',
    answeredOf: 'Answered of assigned',
    footer: 'This page works without a network. Contributions and the merged assessment are files you download and pass on.',
    level: { lead: 'Leadership and ways of working (the grass)', tech: 'Technical prerequisites (the soil)' },
    started: (n) => `You answer ${n} indicators. What lies outside your part is dimmed.`,
    respondentLine: (a, n) => `${a} of your ${n} indicators answered.`,
    saved: 'Saved in this browser.',
    downloaded: (name) => `The file ${name} is downloaded.`,
    opened: (name) => `The file ${name} is open.`,
    failed: (name) => `The file ${name} could not be read. Nothing has changed.`,
    startFailed: 'Could not start:',
    teamLine: (s) => `${s.respondents} respondents · ${s.answered} of ${s.indicators} answered after merging · ${s.disagreements} disagreements, ${s.decided} decided, ${s.open} open`,
    openItem: (id) => `Disagreement to decide: ${id}`,
    merged: (n) => `${n} contributions merged.`,
    mergeFailed: 'The contributions could not be merged:',
    line: (l, c) => `line ${l}, column ${c}`,
  },
};

const $ = (id) => document.getElementById(id);
const box = $('flowerbox');
const config = JSON.parse($('eblom-config').textContent);
const catalogue = Catalogue.builtin(config.catalogue);
const catalogueDoc = catalogue.toJSON();
let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'sv';
let mode = 'respondent';
let contribution = null; // the respondent's Contribution
let contributions = []; // the coordinator's, with their file names
let decisions = {};
let merged = null;
let lastStatus = null;

const t = () => TEXT[lang];
const text = (value) => (value && (value[lang] || value.sv || Object.values(value)[0])) || '';

function setStatus(key, ...args) {
  lastStatus = [key, ...args];
  const value = t()[key];
  $('status').textContent = typeof value === 'function' ? value(...args) : value;
}

function showError(intro, error) {
  page.showError($('error'), intro, error, t().line);
}

function clearError() {
  page.clearError($('error'));
}

function download(name, body) {
  page.downloadFile(name, body);
  setStatus('downloaded', name);
}

/** A respondent id from the name: lower-case letters and digits, e.g. "sara-lind". */
function idOf(name) {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return base || 'svarande';
}

// ---- the respondent ------------------------------------------------------------------------

function fillScopeChoices() {
  const areas = $('scope-areas');
  const levels = $('scope-levels');
  const checked = new Set([...document.querySelectorAll('#scope input:checked')].map((i) => i.value));
  areas.replaceChildren();
  levels.replaceChildren();
  const add = (into, value, label) => {
    const l = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', value, checked: checked.has(value) });
    l.append(input, ` ${label}`);
    into.append(l);
  };
  for (const area of catalogueDoc.areas) add(areas, `area:${area.id}`, text(area.name));
  for (const level of ['lead', 'tech']) add(levels, `level:${level}`, t().level[level]);
}

function showContribution() {
  box.team = null;
  box.assessment = contribution.assessment.toJson();
  box.scope = contribution.scopeIds();
  $('download-contribution').disabled = false;
  updateRespondentLine();
}

function updateRespondentLine() {
  if (!contribution) return;
  const ids = contribution.scopeIds();
  const answered = ids.filter((id) => contribution.assessment.answerOf(id) !== undefined).length;
  $('respondent-line').textContent = t().respondentLine(answered, ids.length);
}

$('respondent-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const name = form.elements.name.value.trim();
  const department = form.elements.department.value.trim();
  const chosen = [...document.querySelectorAll('#scope input:checked')].map((i) => i.value);
  const respondent = { id: idOf(name), name };
  if (department) respondent.department = department;
  if (chosen.length) {
    respondent.scope = {
      areas: chosen.filter((c) => c.startsWith('area:')).map((c) => c.slice(5)),
      levels: chosen.filter((c) => c.startsWith('level:')).map((c) => c.slice(6)),
    };
  }
  try {
    const empty = new Contribution(catalogue, config.municipality, config.year, respondent);
    // The municipality's name, an optional field of the file, titles the picture.
    contribution = Contribution.fromJson(JSON.stringify({ ...empty.toJSON(), name: config.name }));
    clearError();
    localStorage.setItem(CONTRIBUTION_KEY, contribution.toJson());
    showContribution();
    setStatus('started', contribution.scopeIds().length);
  } catch (error) {
    showError(t().startFailed, error);
  }
});

$('open-contribution').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (!file) return;
  try {
    contribution = Contribution.fromJson(await file.text());
    clearError();
    localStorage.setItem(CONTRIBUTION_KEY, contribution.toJson());
    showContribution();
    setStatus('opened', file.name);
  } catch (error) {
    showError(t().failed(file.name), error);
  }
});

$('download-contribution').addEventListener('click', () => {
  const doc = contribution.toJSON();
  download(`eblomladan-${doc.municipality}-${doc.year}-${doc.respondent.id}.json`, `${contribution.toJson()}\n`);
});

box.addEventListener('change', (event) => {
  if (mode !== 'respondent' || !contribution) return;
  try {
    // The element edited its (main-module) assessment; the contribution checks the scope again.
    const doc = { ...JSON.parse(event.detail.json), respondent: contribution.respondent };
    contribution = Contribution.fromJson(JSON.stringify(doc));
    localStorage.setItem(CONTRIBUTION_KEY, contribution.toJson());
    clearError();
    setStatus('saved');
    updateRespondentLine();
  } catch (error) {
    showError(t().startFailed, error);
  }
});

// ---- the coordinator -------------------------------------------------------------------------

function remerge() {
  if (!contributions.length) return;
  try {
    const result = mergeTeam(contributions.map((c) => c.contribution), decisions, $('policy').value);
    merged = result;
    box.scope = null;
    box.showTeam(result.assessment.toJson(), result.report);
    clearError();
    showParticipation(result.report);
    $('download-merged').disabled = false;
    $('download-decisions').disabled = Object.keys(decisions).length === 0;
  } catch (error) {
    showError(t().mergeFailed, error);
  }
}

function showParticipation(report) {
  const table = $('participation');
  const body = table.querySelector('tbody');
  body.replaceChildren();
  for (const p of report.participation) {
    const tr = document.createElement('tr');
    tr.dataset.respondent = p.id;
    const who = document.createElement('th');
    who.scope = 'row';
    who.textContent = p.department ? `${p.name} (${p.department})` : p.name;
    const progress = document.createElement('td');
    progress.textContent = `${p.answered} / ${p.assigned}`;
    tr.append(who, progress);
    body.append(tr);
  }
  table.hidden = false;
  $('team-line').textContent = t().teamLine(report.summary);
  const list = $('open-list');
  list.replaceChildren();
  for (const id of report.open) {
    const li = document.createElement('li');
    li.dataset.indicator = id;
    li.textContent = t().openItem(id);
    list.append(li);
  }
}

$('open-contributions').addEventListener('change', async (event) => {
  const files = [...(event.target.files || [])];
  event.target.value = '';
  const read = [];
  for (const file of files) {
    try {
      read.push({ name: file.name, contribution: Contribution.fromJson(await file.text()) });
    } catch (error) {
      showError(t().failed(file.name), error);
      return;
    }
  }
  // A file opened again replaces the earlier one of the same name.
  const names = new Set(read.map((r) => r.name));
  contributions = [...contributions.filter((c) => !names.has(c.name)), ...read];
  remerge();
  if ($('error').hidden) setStatus('merged', contributions.length);
});

$('policy').addEventListener('change', remerge);

box.addEventListener('decide', (event) => {
  const { indicator, answer } = event.detail;
  if (answer) decisions[indicator] = { answer };
  else delete decisions[indicator];
  remerge();
});

$('download-merged').addEventListener('click', () => {
  const doc = merged.assessment.toJSON();
  download(`eblomladan-${doc.municipality}-${doc.year}.json`, `${merged.assessment.toJson()}\n`);
});

$('download-decisions').addEventListener('click', () => {
  download(`eblomladan-${config.municipality}-${config.year}-beslut.json`, `${JSON.stringify({ decisions }, null, 2)}\n`);
});

// ---- modes and language ------------------------------------------------------------------------

function setMode(next) {
  mode = next;
  $('mode-respondent').setAttribute('aria-pressed', String(mode === 'respondent'));
  $('mode-coordinator').setAttribute('aria-pressed', String(mode === 'coordinator'));
  $('respondent').hidden = mode !== 'respondent';
  $('coordinator').hidden = mode !== 'coordinator';
  if (mode === 'respondent') {
    if (contribution) showContribution();
    else {
      box.team = null;
      box.scope = null;
    }
  } else if (contributions.length) {
    remerge();
  } else {
    box.team = null;
    box.scope = null;
  }
}

function applyLanguage() {
  document.documentElement.lang = lang;
  box.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t()[el.dataset.i18n];
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  document.title = lang === 'en' ? 'eBlomlådan – the team’s assessment' : 'eBlomlådan – teamets skattning';
  fillScopeChoices();
  if (lastStatus) setStatus(...lastStatus);
  updateRespondentLine();
  if (merged) showParticipation(merged.report);
}

$('mode-respondent').addEventListener('click', () => setMode('respondent'));
$('mode-coordinator').addEventListener('click', () => setMode('coordinator'));
for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => {
    lang = b.dataset.lang;
    localStorage.setItem(LANG_KEY, lang);
    applyLanguage();
  });
}

// ---- start -----------------------------------------------------------------------------------

box.assessment = JSON.stringify({
  catalogue: { id: catalogueDoc.id, version: catalogueDoc.version },
  municipality: config.municipality,
  year: config.year,
  name: config.name,
  answers: {},
});
const saved = localStorage.getItem(CONTRIBUTION_KEY);
if (saved) {
  try {
    contribution = Contribution.fromJson(saved);
    showContribution();
  } catch {
    // A draft this page cannot read is left as it is; a new start replaces it.
  }
}
applyLanguage();
document.documentElement.dataset.ready = 'true';

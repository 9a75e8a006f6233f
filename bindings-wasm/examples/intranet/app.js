// The intranet example: one municipality fills in its eBlomlåda by clicking the picture.
// Everything runs in the page from the package's own files; answers are saved in localStorage
// on every change (a comment as it is typed) and can be downloaded and read back as the
// assessment JSON file. Nothing is lost without the user's say: a second tab on the same draft
// follows the first (storage events), a file opened over unsaved work asks first, leaving with
// a change that could not be saved warns, and a draft that cannot be read is kept aside as a
// backup before anything replaces it.
import '../../pkg/element.js'; // defines <eblom-flowerbox> once the WebAssembly is loaded
import * as page from './page.js';
import { Assessment, Catalogue } from '../../pkg/index.js';

const STORAGE_KEY = 'eblomlada.intranet.assessment';
const LANG_KEY = 'eblomlada.intranet.lang';
const BACKUP_KEY = `${STORAGE_KEY}.backup`;
const PALETTE_KEY = 'eblomlada.intranet.palette';

const TEXT = {
  sv: {
    skip: 'Hoppa till blomlådan',
    team: 'Flera svarar? Teamets skattning: svarande och samordnare',
    title: 'Självskattning av digitala tjänster och digital utveckling',
    download: 'Ladda ner JSON',
    downloadXlsx: 'Ladda ner Excel',
    downloadCsv: 'Ladda ner CSV',
    downloadFailed: 'Filen kunde inte skapas:',
    upload: 'Läs in JSON',
    new: 'Ny skattning',
    municipalityName: 'Kommunens namn',
    municipalityCode: 'Kommunkod (fyra siffror)',
    year: 'År',
    start: 'Börja en ny skattning',
    hint: 'Klicka på en blomma för att svara på frågorna om tjänsterna inom området, på gräset för frågorna om ledning och arbetssätt, eller på jorden för de tekniska förutsättningarna. Med tangentbordet: Tabb till en del av bilden, Enter för att öppna frågorna och Esc för att stänga.',
    summary: 'Resultat',
    flowers: 'Blommor',
    note: 'En blomma får sin färg när alla dess indikatorer är besvarade: bladen, gräset och jorden.',
    footer: 'Sidan fungerar utan nätverk. Svaren sparas bara i den här webbläsaren tills du laddar ner filen.',
    meta: (code, year, catalogue) => `Kommunkod ${code} · ${year} · ${catalogue}`,
    saved: (time) => `Sparat i webbläsaren kl. ${time}.`,
    restored: (time) => `Utkastet från webbläsaren är återställt (${time}).`,
    started: 'En ny skattning är påbörjad.',
    newFailed: 'Den nya skattningen kunde inte påbörjas:',
    loaded: (name) => `Filen ${name} är inläst.`,
    downloaded: (name) => `Filen ${name} är nedladdad.`,
    notSaved: 'Kunde inte spara i webbläsaren:',
    uploadFailed: (name) => `Filen ${name} kunde inte läsas in. Inget har ändrats.`,
    savedFailed: (key) => `Utkastet i webbläsaren kunde inte läsas. Det finns kvar som säkerhetskopia i webbläsarens lagring (localStorage, nyckeln ”${key}”) och kan laddas ner här nedan; en ny skattning är påbörjad. Felet:`,
    downloadBackup: 'Ladda ner säkerhetskopian',
    confirmUpload: (name) => `Läsa in ${name}? Svaren som visas nu ersätts (ladda ner filen först om du vill spara dem).`,
    otherTab: 'Utkastet ändrades i en annan flik; ändringarna visas här.',
    otherTabConflict: 'Utkastet ändrades i en annan flik, men svaren här kunde inte sparas. Inget har skrivits över.',
    useOther: 'Visa den andra flikens svar (mina osparade försvinner)',
    palette: 'Färgblindvänliga färger',
    compareWith: 'Jämförs med:',
    loadReference: 'Läs in sammanställning',
    usePublished: 'Jämför med riket',
    noReference: 'inget',
    referenceLoaded: (name) => `Jämförs nu med ${name}.`,
    referenceFailed: (name) => `Filen ${name} kunde inte läsas som sammanställning. Jämförelsen är oförändrad.`,
    publishedFailed: 'Rikets publicerade siffror kunde inte läsas in:',
    confirmNew: 'Börja om? Nuvarande svar försvinner från webbläsaren (ladda ner filen först om du vill spara dem).',
    line: (l, c) => `rad ${l}, kolumn ${c}`,
    answered: (a, t) => `${a} av ${t} indikatorer besvarade`,
    points: (p, m) => `${p} av ${m} poäng`,
    complete: 'Skattningen är komplett.',
    colours: { green: 'Grön', yellow: 'Gul', red: 'Röd' },
    provisional: 'preliminär',
    noScore: 'ingen poäng ännu',
    decimal: ',',
    percent: (p) => `${p}\u00a0%`,
  },
  en: {
    skip: 'Skip to the flowerbox',
    team: 'Several people answer? The team’s assessment: respondents and coordinator',
    title: 'Self-assessment of digital services and digital development',
    download: 'Download JSON',
    downloadXlsx: 'Download Excel',
    downloadCsv: 'Download CSV',
    downloadFailed: 'The file could not be made:',
    upload: 'Open JSON',
    new: 'New assessment',
    municipalityName: 'Municipality name',
    municipalityCode: 'Municipality code (four digits)',
    year: 'Year',
    start: 'Start a new assessment',
    hint: 'Click a flower to answer the questions on the services of its area, the grass for leadership and ways of working, or the soil for the technical prerequisites. With the keyboard: Tab to a part of the picture, Enter opens its questions and Esc closes them.',
    summary: 'Result',
    flowers: 'Flowers',
    note: 'A flower gets its colour once all its indicators are answered: the leaves, the grass and the soil.',
    footer: 'This page works without a network. Answers are kept only in this browser until you download the file.',
    meta: (code, year, catalogue) => `Municipality code ${code} · ${year} · ${catalogue}`,
    saved: (time) => `Saved in this browser at ${time}.`,
    restored: (time) => `The draft saved in this browser is restored (${time}).`,
    started: 'A new assessment is started.',
    newFailed: 'The new assessment could not be started:',
    loaded: (name) => `The file ${name} is open.`,
    downloaded: (name) => `The file ${name} is downloaded.`,
    notSaved: 'Could not save in this browser:',
    uploadFailed: (name) => `The file ${name} could not be read. Nothing has changed.`,
    savedFailed: (key) => `The draft saved in this browser could not be read. It is kept as a backup in the browser's storage (localStorage, key “${key}”) and can be downloaded below; a new assessment is started. The error:`,
    downloadBackup: 'Download the backup',
    confirmUpload: (name) => `Open ${name}? The answers shown now will be replaced (download the file first to keep them).`,
    otherTab: 'The draft was changed in another tab; the changes are shown here.',
    otherTabConflict: 'The draft was changed in another tab, but the answers here could not be saved. Nothing has been overwritten.',
    useOther: 'Show the other tab’s answers (my unsaved ones are dropped)',
    palette: 'Colour-blind friendly colours',
    compareWith: 'Compared with:',
    loadReference: 'Open a compilation',
    usePublished: 'Compare with the nation',
    noReference: 'nothing',
    referenceLoaded: (name) => `Now compared with ${name}.`,
    referenceFailed: (name) => `The file ${name} could not be read as a compilation. The comparison is unchanged.`,
    publishedFailed: 'The nation’s published figures could not be read:',
    confirmNew: 'Start over? The current answers will be removed from this browser (download the file first to keep them).',
    line: (l, c) => `line ${l}, column ${c}`,
    answered: (a, t) => `${a} of ${t} indicators answered`,
    points: (p, m) => `${p} of ${m} points`,
    complete: 'The assessment is complete.',
    colours: { green: 'Green', yellow: 'Yellow', red: 'Red' },
    provisional: 'provisional',
    noScore: 'no score yet',
    decimal: '.',
    percent: (p) => `${p}%`,
  },
};

const SWATCHES = {
  standard: { green: '#3d9b4a', yellow: '#f3c623', red: '#dc3f2e' },
  'colour-blind': { green: '#009e73', yellow: '#f0e442', red: '#d55e00' },
};

const $ = (id) => document.getElementById(id);
const box = $('flowerbox');
const config = JSON.parse($('eblom-config').textContent);
const catalogue = Catalogue.builtin(config.catalogue);
const catalogueDoc = catalogue.toJSON();
let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'sv';
let lastStatus = null; // [key, ...args], re-said in the other language on switching
let lastError = null; // [introKey, args, error, extra], re-said in the other language on switching
let stored = null; // the JSON text last written to (or read from) localStorage
let inFile = null; // the JSON text last downloaded or opened as a file
let unsaved = false; // the last change could not be written to localStorage
let referenceFile = null; // the name of the compilation file compared with, or null: published
let published = null; // the published national figures, once fetched

const t = () => TEXT[lang];
const text = (value) => (value && (value[lang] || value.sv || Object.values(value)[0])) || '';
const clock = () => new Date().toLocaleTimeString(lang === 'en' ? 'en-GB' : 'sv-SE', { hour: '2-digit', minute: '2-digit' });

function setStatus(key, ...args) {
  lastStatus = [key, ...args];
  const value = t()[key];
  $('status').textContent = typeof value === 'function' ? value(...args) : value;
}

/** Shows an error introduced by the page's text `key` (with `args`), in the page's language. */
function showError(key, args, error, extra = null) {
  lastError = [key, args, error, extra];
  const value = t()[key];
  page.showError($('error'), typeof value === 'function' ? value(...args) : value, error, t().line);
  if (extra) $('error').append(extra());
}

function clearError() {
  lastError = null;
  page.clearError($('error'));
}

function newAssessment({ municipality, year, name }) {
  const a = new Assessment(catalogue, municipality, year);
  // An optional field of the file: the picture's heading uses it.
  return name ? Assessment.fromJson(JSON.stringify({ ...a.toJSON(), name }), catalogue) : a;
}

function save() {
  const json = box.toJson();
  try {
    localStorage.setItem(STORAGE_KEY, json);
    stored = json;
    unsaved = false;
    setStatus('saved', clock());
  } catch (error) {
    unsaved = true;
    showError('notSaved', [], error);
  }
}

function fraction(exact) {
  const [n, d = 1] = String(exact).split('/').map(Number);
  const h = Math.floor((n * 200 + d) / (2 * d));
  return `${Math.floor(h / 100)}${t().decimal}${String(h % 100).padStart(2, '0')}`;
}

function updateSummary() {
  const a = box.assessment;
  if (!a) return;
  const s = a.score();
  const doc = a.toJSON();
  $('assessment-name').textContent = `${doc.name || doc.municipality} ${doc.year}`;
  $('assessment-meta').textContent = t().meta(doc.municipality, doc.year, catalogue.name(lang));
  $('summary-line').textContent = `${t().answered(s.answered, s.total)} · ${t().points(s.points, s.max_points)}${s.complete ? ` · ${t().complete}` : ''}`;
  $('progress-bar').style.width = `${(100 * s.answered) / s.total}%`;
  const counts = $('summary-counts');
  counts.replaceChildren();
  for (const entry of catalogueDoc.scale) {
    const dt = document.createElement('dt');
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.style.background = SWATCHES[box.palette][entry.colour] || entry.colour;
    dt.append(chip, text(entry.label));
    const dd = document.createElement('dd');
    const n = s.counts[entry.id];
    dd.textContent = s.percent ? `${n} (${t().percent(s.percent[entry.id])})` : String(n);
    counts.append(dt, dd);
  }
  const flowers = $('summary-flowers');
  flowers.replaceChildren();
  for (const area of catalogueDoc.areas) {
    const r = s.areas[area.id];
    const li = document.createElement('li');
    li.dataset.area = area.id;
    li.dataset.colour = r.colour || 'none';
    const chip = document.createElement('span');
    chip.className = `chip flower ${r.colour ? '' : 'open'}`;
    if (r.colour) chip.style.background = SWATCHES[box.palette][r.colour] || r.colour;
    const name = document.createElement('span');
    name.className = 'flower-name';
    name.textContent = text(area.name);
    const value = document.createElement('span');
    value.className = 'flower-value';
    if (r.colour) value.textContent = `${t().colours[r.colour] || r.colour} ${fraction(r.score_exact)}`;
    else if (r.provisional_score_exact) value.textContent = `≈ ${fraction(r.provisional_score_exact)} (${t().provisional})`;
    else value.textContent = t().noScore;
    li.append(chip, name, value);
    flowers.append(li);
  }
}

function applyLanguage() {
  document.documentElement.lang = lang;
  box.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t()[el.dataset.i18n];
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  document.title = lang === 'en' ? 'eBlomlådan – self-assessment' : 'eBlomlådan – självskattning';
  const guidance = catalogueDoc.guidance[0];
  if (guidance) {
    $('guidance-title').textContent = text(guidance.title);
    $('guidance-text').replaceChildren(
      ...text(guidance.text)
        .split(/\n\n+/)
        .map((para) => Object.assign(document.createElement('p'), { textContent: para })),
    );
  } else {
    $('guidance').hidden = true;
  }
  if (lastStatus) setStatus(...lastStatus);
  if (lastError) showError(...lastError);
  showReference();
  updateSummary();
}

function fillNewForm() {
  const a = box.assessment;
  const form = $('new-form');
  const doc = a ? a.toJSON() : config;
  form.elements.name.value = doc.name || '';
  form.elements.municipality.value = doc.municipality;
  form.elements.year.value = doc.year;
}

// ---- start -----------------------------------------------------------------------------------

/** Keeps an unreadable draft under a key of its own (never over an older backup); returns the key. */
function backUp(text) {
  let key = BACKUP_KEY;
  const old = localStorage.getItem(key);
  if (old !== null && old !== text) key = `${BACKUP_KEY}-${new Date().toISOString()}`;
  localStorage.setItem(key, text);
  return key;
}

const saved = localStorage.getItem(STORAGE_KEY);
let initial = null;
let broken = null; // [backup key, error] of a draft that could not be read
if (saved) {
  try {
    initial = Assessment.fromJson(saved);
    stored = saved;
    setStatus('restored', clock());
  } catch (error) {
    let key = null;
    try {
      key = backUp(saved);
    } catch {
      key = STORAGE_KEY; // no room for a copy: the draft stays where it is until the first save
    }
    broken = [key, error];
  }
}
// The colour-blind palette (Okabe–Ito colours and patterns) is a setting of this browser.
const paletteBox = $('palette');
paletteBox.checked = localStorage.getItem(PALETTE_KEY) === 'colour-blind';
box.palette = paletteBox.checked ? 'colour-blind' : 'standard';
paletteBox.addEventListener('change', () => {
  box.palette = paletteBox.checked ? 'colour-blind' : 'standard';
  try {
    localStorage.setItem(PALETTE_KEY, box.palette);
  } catch {
    // Not remembered, but shown: nothing of the assessment depends on it.
  }
  updateSummary();
});
box.assessment = initial ?? newAssessment(config);
if (broken) {
  const [key, error] = broken;
  const body = saved;
  showError('savedFailed', [key], error, () => {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'button' });
    button.dataset.i18n = 'downloadBackup';
    button.textContent = t().downloadBackup;
    button.addEventListener('click', () => page.downloadFile('eblomladan-utkast-sakerhetskopia.json', body));
    return button;
  });
}
applyLanguage();
fillNewForm();

box.addEventListener('change', () => {
  if (lastError?.[0] !== 'savedFailed') clearError();
  save();
  updateSummary();
});

// Another tab on the same draft saved: follow it when everything here is saved (the two were
// equal until then), keeping the questions open; otherwise ask before replacing anything.
window.addEventListener('storage', (event) => {
  if (event.storageArea !== localStorage || event.key !== STORAGE_KEY || event.newValue === null) return;
  if (event.newValue === box.toJson()) {
    stored = event.newValue;
    return;
  }
  let theirs;
  try {
    theirs = Assessment.fromJson(event.newValue);
  } catch {
    return; // not ours to judge: the other tab keeps its own backup
  }
  const apply = () => {
    const open = box.openedGroup;
    box.assessment = theirs;
    if (open) box.openGroup(open);
    stored = event.newValue;
    unsaved = false;
    clearError();
    setStatus('otherTab');
    fillNewForm();
    updateSummary();
  };
  if (!unsaved) return apply();
  showError('otherTabConflict', [], { message: '' }, () => {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'button', id: 'use-other' });
    button.dataset.i18n = 'useOther';
    button.textContent = t().useOther;
    button.addEventListener('click', apply);
    return button;
  });
});

// Answers are in localStorage after every change; only a change that could not be written
// there would be lost by leaving.
window.addEventListener('beforeunload', (event) => {
  if (!unsaved) return;
  event.preventDefault();
  event.returnValue = ''; // older browsers ask only when this is set
});

for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => {
    lang = b.dataset.lang;
    localStorage.setItem(LANG_KEY, lang);
    applyLanguage();
  });
}

$('download').addEventListener('click', () => {
  const a = box.assessment;
  const doc = a.toJSON();
  const name = `eblomladan-${doc.municipality}-${doc.year}.json`;
  page.downloadFile(name, `${a.toJson()}\n`);
  inFile = a.toJson();
  setStatus('downloaded', name);
});

// Excel and CSV come from the workbook module (pkg/workbook/, the workbook writer of the core),
// loaded the first time one is asked for: it is too big for every page load.
let workbookModule = null;
async function workbook() {
  if (!workbookModule) {
    const m = await import('../../pkg/workbook/index.js');
    await m.default();
    workbookModule = m;
  }
  return workbookModule;
}

async function downloadAs(ext, make, type) {
  try {
    const m = await workbook();
    // Objects of two modules do not mix: the assessment crosses as its JSON text.
    const a = m.Assessment.fromJson(box.toJson());
    const doc = a.toJSON();
    const name = `eblomladan-${doc.municipality}-${doc.year}.${ext}`;
    page.downloadFile(name, make(m, a), type);
    a.free();
    setStatus('downloaded', name);
  } catch (error) {
    showError('downloadFailed', [], error);
  }
}

$('download-xlsx').addEventListener('click', () =>
  downloadAs('xlsx', (m, a) => m.assessmentWorkbook(a, lang), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
);
$('download-csv').addEventListener('click', () => downloadAs('csv', (m, a) => m.assessmentCsv(a), 'text/csv'));

$('upload').addEventListener('change', async (event) => {
  const input = event.target;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    const a = Assessment.fromJson(await file.text());
    // A file that cannot be read changes nothing; one that can asks before replacing work that
    // is in no file yet.
    if (box.assessment?.answered && box.toJson() !== inFile && !window.confirm(t().confirmUpload(file.name))) return;
    clearError();
    box.assessment = a;
    inFile = a.toJson();
    save();
    setStatus('loaded', file.name);
    fillNewForm();
    updateSummary();
  } catch (error) {
    showError('uploadFailed', [file.name], error);
  }
});

$('new-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  if (box.assessment?.answered && !window.confirm(t().confirmNew)) return;
  try {
    box.assessment = newAssessment({
      name: form.elements.name.value.trim(),
      municipality: form.elements.municipality.value.trim(),
      year: Number(form.elements.year.value),
    });
    clearError();
    save();
    setStatus('started');
    form.closest('details').open = false;
    updateSummary();
  } catch (error) {
    showError('newFailed', [], error);
  }
});

// ---- compare ---------------------------------------------------------------------------------
// By default the published national figures shipped with the package (their shares show in the
// questions); a compilation file (`eblomlada compile`) instead adds the means per area.


function showReference() {
  const has = box.reference !== null;
  const name = !has ? t().noReference : referenceFile ?? (lang === 'en' ? `the nation ${box.reference.year} (published)` : `riket ${box.reference.year} (publicerat)`);
  $('reference-name').textContent = name;
  $('reference-published').hidden = referenceFile === null && has;
}

async function usePublished() {
  try {
    published ??= await (await fetch(new URL('../../pkg/eblomladan-2016.published-2017.json', import.meta.url))).json();
    box.reference = published;
    referenceFile = null;
  } catch (error) {
    showError('publishedFailed', [], error);
  }
  showReference();
}

$('reference-file').addEventListener('change', async (event) => {
  const input = event.target;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    box.reference = await file.text();
    referenceFile = file.name;
    clearError();
    setStatus('referenceLoaded', file.name);
  } catch (error) {
    showError('referenceFailed', [file.name], error);
  }
  showReference();
});
$('reference-published').addEventListener('click', () => usePublished());
await usePublished();

// For the browser tests and the curious: how long the first render took.
window.eblomIntranet = { firstRenderMs: box.lastRenderMs, ready: true };
document.documentElement.dataset.ready = 'true';

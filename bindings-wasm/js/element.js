// <eblom-flowerbox>: the eBlomlådan flowerbox as a custom element, drawn by the Rust core
// (WebAssembly). Clicking a flower's stem, the grass or the soil opens that group's questions,
// as the original tool did; every answer re-scores and re-draws at once and fires `change`.
//
//   <script type="module" src="/path/to/pkg/element.js"></script>
//   <eblom-flowerbox editable chart lang="sv" assessment-json='{"catalogue": …}'></eblom-flowerbox>
//
// Attributes: assessment-json (an assessment file's JSON), lang (sv | en), editable (answering
// allowed; without it the questions open read-only), chart (also draw the answer bar chart),
// palette (standard | colour-blind). Property: assessment (an Assessment, a JSON string or a
// plain object). Events: change (detail = {indicator, answer, comment, previous, previousComment,
// json}; `String(detail)` is the assessment's JSON text, as detail itself was before), open and
// close (detail = {group, indicator}), error (detail = the EblomladaError of an assessment that
// could not be read). `refresh()` redraws after the assessment was edited from outside.
//
// The questions are a panel beside the picture (a wide element) or below it (a narrow one),
// never over it: the picture stays visible and undimmed while answering. Clicking a leaf, a
// grass blade or a soil tile opens its group at that indicator.
//
// Team work (the team module, pkg/team/, makes contributions and merges them): `scope` (indicator
// ids, or null for all) marks what a respondent answers: the rest is dimmed and read-only;
// `team` (a TeamReport of mergeTeam) shows who answered what under each question and marks the
// open disagreements; choosing an answer then fires `decide` (detail = {indicator, answer}, answer
// null to take a decision back) instead of editing the assessment, which the page re-merges.
//
// Loading this module loads the WebAssembly next to it (top-level await), so the element is
// fully working as soon as `customElements.whenDefined('eblom-flowerbox')` resolves. No
// network access beyond the package's own files.

import init, { Assessment, renderAnswerChart, renderFlowerbox } from './eblomlada.js';
import { EblomladaError } from './error.js';

await init();

/** Fixed UI strings; catalogue texts (statements, area and answer names) come from the catalogue. */
const STRINGS = {
  sv: {
    close: 'Stäng',
    done: 'Klar',
    previous: 'Föregående',
    next: 'Nästa',
    notAnswered: 'Ej besvarad',
    comment: 'Kommentar',
    commentDisabled: 'Besvara indikatorn för att kunna kommentera.',
    readOnly: 'Endast visning – svaren kan inte ändras här.',
    leaves: 'Bladen',
    grass: 'Gräset',
    soil: 'Jorden',
    answered: (a, t) => `${a} av ${t} besvarade`,
    flower: 'Blomman',
    flowerDone: (colour, score) => `${colour} (${score})`,
    flowerProvisional: (score) => `≈ ${score}, preliminär`,
    flowerNone: 'ingen poäng ännu',
    colours: { green: 'grön', yellow: 'gul', red: 'röd' },
    groupHint: 'Tryck Enter för att se frågorna.',
    groupHintEdit: 'Tryck Enter för att svara.',
    picture: 'Blomlådan – välj en blomma, gräset eller jorden',
    empty: 'Ingen skattning att visa.',
    decimal: ',',
    outOfScope: 'Utanför ditt ansvarsområde – besvaras av någon annan.',
    disagreement: 'Oenighet: välj ett svar för att avgöra.',
    decided: 'Avgjort av samordnaren.',
    responses: 'Svar från teamet',
    noResponses: 'Ingen i teamet har svarat.',
    barHint: 'Tryck Enter för att se indikatorerna.',
    drillTitle: (label) => `Indikatorer: ${label}`,
    sortBy: 'Sortera',
    worstFirst: 'Sämst först',
    bestFirst: 'Bäst först',
    catalogueOrder: 'Katalogens ordning',
    number: 'Nr',
    indicator: 'Indikator',
    answer: 'Svar',
    closeList: 'Stäng listan',
    allAnswers: 'Alla svar',
    nationalShare: (pct, label) => `${pct}\u00a0% av kommunerna: ${label.toLowerCase()}`,
    referenceShares: (name) => `Jämförelse – ${name}`,
    published: (year, n) => `Riket ${year} (${n} kommuner, publicerat)`,
    compilation: (n, years) => `Sammanställningen (${n} skattningar${years ? `, ${years}` : ''})`,
  },
  en: {
    close: 'Close',
    done: 'Done',
    previous: 'Previous',
    next: 'Next',
    notAnswered: 'Not answered',
    comment: 'Comment',
    commentDisabled: 'Answer the indicator to add a comment.',
    readOnly: 'View only – answers cannot be changed here.',
    leaves: 'The leaves',
    grass: 'The grass',
    soil: 'The soil',
    answered: (a, t) => `${a} of ${t} answered`,
    flower: 'The flower',
    flowerDone: (colour, score) => `${colour} (${score})`,
    flowerProvisional: (score) => `≈ ${score}, provisional`,
    flowerNone: 'no score yet',
    colours: { green: 'green', yellow: 'yellow', red: 'red' },
    groupHint: 'Press Enter to see the questions.',
    groupHintEdit: 'Press Enter to answer.',
    picture: 'The flowerbox – choose a flower, the grass or the soil',
    empty: 'No assessment to show.',
    decimal: '.',
    outOfScope: 'Outside your scope – answered by someone else.',
    disagreement: 'Disagreement: choose an answer to decide.',
    decided: 'Decided by the coordinator.',
    responses: 'Answers from the team',
    noResponses: 'Nobody in the team has answered.',
    barHint: 'Press Enter to see the indicators.',
    drillTitle: (label) => `Indicators: ${label}`,
    sortBy: 'Sort',
    worstFirst: 'Worst first',
    bestFirst: 'Best first',
    catalogueOrder: 'Catalogue order',
    number: 'No.',
    indicator: 'Indicator',
    answer: 'Answer',
    closeList: 'Close the list',
    allAnswers: 'All answers',
    nationalShare: (pct, label) => `${pct}% of municipalities: ${label.toLowerCase()}`,
    referenceShares: (name) => `Compared with ${name}`,
    published: (year, n) => `The nation ${year} (${n} municipalities, published)`,
    compilation: (n, years) => `The compilation (${n} assessments${years ? `, ${years}` : ''})`,
  },
};

/**
 * The swatch colour of a scale colour: the palette's for a known name, the value itself for
 * #rrggbb, and none for anything else (the core's catalogue check refuses other values; this
 * keeps the element safe with any catalogue object it is given).
 */
function swatchColour(swatches, colour) {
  if (typeof colour !== 'string') return null;
  if (Object.prototype.hasOwnProperty.call(swatches, colour)) return swatches[colour];
  return /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : null;
}

/** Swatch colours of answers in the dialog, matching the core's palettes. */
const SWATCH = {
  standard: { green: '#3d9b4a', yellow: '#f3c623', red: '#dc3f2e' },
  'colour-blind': { green: '#009e73', yellow: '#f0e442', red: '#d55e00' },
};

const STYLE = `
:host { display: block; position: relative; container: eblom / inline-size; color: #1f2a33; --eblom-focus: #0b57d0; --eblom-accent: #2f6f3a; }
:host([hidden]) { display: none; }
.picture svg, .chart svg { display: block; width: 100%; height: auto; }
.chart:not(:empty) { margin-top: 1rem; }
[data-group] { cursor: pointer; }
[data-group]:focus { outline: none; }
.ebl-ring { fill: none; stroke: var(--eblom-focus); stroke-width: 4; pointer-events: none; }
.ebl-ring.hover { stroke-width: 2.5; stroke-dasharray: 7 5; fill: rgba(11, 87, 208, .06); }
.message { margin: .5rem 0; padding: .75rem 1rem; border-radius: .5rem; background: #fdecea; color: #8a1c12; border: 1px solid #f1b5ae; }
.message:empty { display: none; }
.layout { display: grid; gap: 1rem; align-items: start; }
.view { min-width: 0; }
@container eblom (min-width: 52rem) { .layout:has(> dialog[open]) { grid-template-columns: minmax(0, 1fr) min(30rem, 42%); }
  dialog[open] { position: sticky; top: 0; max-height: 100dvh; } }
dialog { position: static; box-sizing: border-box; margin: 0; width: auto; max-width: none; max-height: none; padding: 0;
  border: 1px solid #c9ced3; border-radius: .6rem; background: #fff; color: #1f2a33;
  box-shadow: 0 6px 24px rgba(20, 30, 40, .12); font: inherit; }
dialog[open] { display: flex; flex-direction: column; }
fieldset.target { box-shadow: 0 0 0 3px var(--eblom-focus); }
fieldset:focus { outline: none; }
.head { padding: 1rem 1.25rem .75rem; border-bottom: 1px solid #e2e6ea; display: grid; grid-template-columns: 1fr auto; gap: .25rem .75rem; }
.head h2 { margin: 0; font-size: 1.25rem; line-height: 1.3; }
.head .level { margin: 0; color: #4d5962; font-size: .9rem; grid-column: 1; }
.head .status { margin: .25rem 0 0; font-size: .9rem; grid-column: 1; }
.head .status b { font-weight: 600; }
.close { grid-column: 2; grid-row: 1; align-self: start; font-size: 1.5rem; line-height: 1; width: 2.5rem; height: 2.5rem;
  border: 1px solid transparent; border-radius: 50%; background: transparent; color: inherit; cursor: pointer; }
.close:hover { background: #eef1f4; }
.questions { flex: 1; overflow: auto; padding: .5rem 1.25rem 1rem; }
.readonly { margin: .75rem 0 0; color: #4d5962; font-style: italic; }
fieldset { border: 1px solid #d5dade; border-radius: .6rem; margin: .85rem 0; padding: .6rem .9rem .8rem; }
fieldset[data-answer="none"] { border-style: dashed; }
legend { padding: 0 .35rem; font-weight: 600; line-height: 1.4; }
legend .num { display: inline-block; min-width: 2.2em; margin-right: .35em; padding: 0 .35em; border-radius: .3em; background: #eef1f4;
  color: #3b4650; font-weight: 600; font-size: .8em; text-align: center; font-variant-numeric: tabular-nums; }
.options { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0 .5rem; }
.opt { display: inline-flex; align-items: center; gap: .4rem; padding: .35rem .7rem .35rem .5rem; border: 1px solid #c9ced3;
  border-radius: 999px; cursor: pointer; background: #fff; user-select: none; }
.opt:hover { border-color: #7c8891; }
.opt:has(input:checked) { border-color: #1f2a33; background: #f4f6f8; box-shadow: inset 0 0 0 1px #1f2a33; }
.opt:has(input:disabled) { cursor: default; }
.opt input { margin: 0; accent-color: var(--eblom-accent); width: 1.05rem; height: 1.05rem; }
.swatch { width: .9rem; height: .9rem; border-radius: 50%; border: 1px solid rgba(0, 0, 0, .35); flex: none; }
.swatch.none { background: repeating-linear-gradient(45deg, #c9ced3 0 2px, #fff 2px 4px); }
.comment { display: grid; gap: .2rem; font-size: .9rem; color: #3b4650; }
.comment textarea { font: inherit; font-size: .95rem; color: #1f2a33; min-height: 2.4rem; resize: vertical; padding: .4rem .5rem;
  border: 1px solid #aab3ba; border-radius: .4rem; }
.comment textarea:disabled { background: #f4f6f8; }
.foot { display: flex; gap: .5rem; justify-content: space-between; padding: .75rem 1.25rem; border-top: 1px solid #e2e6ea; background: #fafbfc; }
.foot button { font: inherit; padding: .5rem 1rem; border-radius: .45rem; border: 1px solid #aab3ba; background: #fff; color: inherit; cursor: pointer; }
.foot button:hover { background: #eef1f4; }
.foot .done { background: var(--eblom-accent); border-color: var(--eblom-accent); color: #fff; font-weight: 600; }
.foot .done:hover { background: #245a2d; }
.foot .nav { display: flex; gap: .5rem; }
button:focus-visible, textarea:focus-visible, .opt:has(input:focus-visible) { outline: 3px solid var(--eblom-focus); outline-offset: 2px; }
[data-out-of-scope] { opacity: .28; }
fieldset.out-of-scope { background: #f4f6f8; }
fieldset[data-disagreement] { border: 2px dotted #6a1b9a; }
.note { margin: .2rem 0 .4rem; font-size: .9rem; color: #4d5962; }
.note.disagreement { color: #6a1b9a; font-weight: 600; }
.responses { margin: .2rem 0 .5rem; padding-left: 1.1rem; font-size: .9rem; color: #3b4650; }
.chart [data-group] rect[data-answer] { cursor: pointer; }
.bar-info { margin: .25rem 0 0; min-height: 1.5em; /* kept when empty: no shift under the pointer */ font-size: .9rem; color: #3b4650; }
.drill { margin-top: .75rem; border: 1px solid #d5dade; border-radius: .6rem; padding: .75rem 1rem; }
.drill:empty, .chart:empty + .bar-info { display: none; }
.drill-head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
.drill h3 { margin: 0; font-size: 1.05rem; }
.sort { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; font-size: .9rem; }
.sort button, .drill .close-list { font: inherit; font-size: .9rem; min-height: 2rem; padding: .25rem .7rem; border-radius: 999px; border: 1px solid #aab3ba; background: #fff; color: inherit; cursor: pointer; }
.sort button[aria-pressed="true"] { background: #1f2a33; border-color: #1f2a33; color: #fff; }
.drill table { width: 100%; border-collapse: collapse; margin-top: .5rem; font-size: .92rem; }
.drill th, .drill td, .print-list th, .print-list td { text-align: left; vertical-align: top; padding: .35rem .4rem; border-top: 1px solid #e2e6ea; }
.drill td.num { font-variant-numeric: tabular-nums; color: #4d5962; white-space: nowrap; }
.drill .open-q { font: inherit; text-align: left; padding: .2rem 0; min-height: 24px; border: 0; background: none; color: #0b4fb8; text-decoration: underline; cursor: pointer; }
.drill .ans { display: inline-flex; gap: .35rem; align-items: center; white-space: nowrap; }
.print-list { display: none; }
.compare:not(:empty) { margin-top: 1rem; }
.compare svg { display: block; width: 100%; height: auto; }
.reference { margin: .1rem 0 .4rem; padding: .3rem .6rem; border-left: 3px solid #5b6b78; background: #f4f6f8; font-size: .9rem; color: #3b4650; }
.reference p { margin: 0; }
@media print {
  dialog, .drill, .bar-info, .ebl-ring { display: none !important; }
  .print-list { display: block; break-before: page; }
  .print-list table { width: 100%; border-collapse: collapse; font-size: 10pt; }
  .picture svg, .chart svg { break-inside: avoid; }
  fieldset, tr { break-inside: avoid; }
}
@media (forced-colors: active) { .picture svg, .chart svg, .compare svg, .swatch { forced-color-adjust: none; }
  .swatch { border-color: CanvasText; } .ebl-ring { stroke: Highlight; } [data-out-of-scope] { opacity: .5; } fieldset[data-disagreement] { border-color: Highlight; } }
@media (prefers-reduced-motion: no-preference) { dialog[open] { animation: slide .16s ease-out; } }
@keyframes slide { from { transform: translateY(.75rem); opacity: .6; } }
`;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Widths (CSS px) up to which the core draws its narrow layout (`NARROW_MAX` in core/src/render/narrow.rs). */
const NARROW_MAX = 640;

/** `"7/3"` → `2,33` (two decimals, rounded half up exactly, as the picture writes it). */
function formatExact(fraction, strings) {
  const [n, d = 1] = String(fraction).split('/').map(Number);
  const hundredths = Math.floor((n * 200 + d) / (2 * d));
  const whole = Math.floor(hundredths / 100);
  const rest = String(hundredths % 100).padStart(2, '0');
  return `${whole}${strings.decimal}${rest}`;
}

/**
 * An element from a tag, attributes (`true` sets an empty attribute, `false`/`null` leaves it
 * out) and children (strings become text nodes): the dialog is built from these, so no text
 * is ever parsed as markup.
 */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) if (child != null) el.append(child);
  return el;
}


/** Index of the `>` closing the tag opened at `s[i] === '<'`, skipping quoted attribute values. */
function tagEnd(s, i) {
  let quote = 0;
  for (let j = i + 1; j < s.length; j += 1) {
    const c = s.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62) {
      return j;
    }
  }
  return -1;
}

/**
 * Splits an SVG document written by the core into its root tag and the markup of each top-level
 * child element, so a re-render can replace only the children that changed. `null` when the
 * markup has anything this small scanner does not expect (the caller then replaces it all).
 */
function splitTopLevel(s) {
  const rootStart = s.indexOf('<svg');
  const rootEnd = rootStart < 0 ? -1 : tagEnd(s, rootStart);
  if (rootEnd < 0) return null;
  const children = [];
  let depth = 0;
  let start = -1;
  let i = rootEnd + 1;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt < 0) return null;
    const second = s.charCodeAt(lt + 1);
    if (second === 33 || second === 63) return null; // comments, CDATA, processing instructions
    const end = tagEnd(s, lt);
    if (end < 0) return null;
    if (second === 47) {
      if (depth === 0) return { open: s.slice(rootStart, rootEnd + 1), children };
      depth -= 1;
      if (depth === 0) children.push(s.slice(start, end + 1));
    } else if (s.charCodeAt(end - 1) === 47) {
      if (depth === 0) children.push(s.slice(lt, end + 1));
    } else {
      if (depth === 0) start = lt;
      depth += 1;
    }
    i = end + 1;
  }
}

function parseReference(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EblomladaError(`reference: not JSON: ${error.message}`, 'InvalidArgument', [{ severity: 'error', path: '$', line: null, column: null, message: String(error.message) }]);
  }
}

/**
 * The reference a document gives: a published document (`figures`: indicator, answer, percent)
 * or a compilation (`indicators.<id>.percent`, `areas.<id>.mean`). Numbers that are not finite
 * or out of range are refused, so nothing odd reaches the page.
 */
function readReference(doc) {
  const bad = (path, message) => new EblomladaError(`reference: ${path}: ${message}`, 'InvalidArgument', [{ severity: 'error', path, line: null, column: null, message }]);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw bad('$', 'expected a published document or a compilation (an object)');
  const cat = doc.catalogue;
  if (!cat || typeof cat.id !== 'string' || typeof cat.version !== 'string') throw bad('$.catalogue', 'expected {"id": …, "version": …}');
  const pct = (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw bad(path, 'expected a percentage from 0 to 100');
    return Math.round(v);
  };
  const shares = new Map();
  const add = (id, answer, p) => {
    if (!shares.has(id)) shares.set(id, []);
    shares.get(id).push([answer, p]);
  };
  const base = { document: doc, catalogue: `${cat.id}-${cat.version}`, shares, means: null };
  if (Array.isArray(doc.figures)) {
    doc.figures.forEach((f, i) => {
      if (!f || typeof f.indicator !== 'string' || typeof f.answer !== 'string') throw bad(`$.figures[${i}]`, 'expected indicator and answer');
      add(f.indicator, f.answer, pct(f.percent, `$.figures[${i}].percent`));
    });
    return { ...base, kind: 'published', year: Number(doc.year) || '', n: Number(doc.assessments) || 0 };
  }
  if (doc.indicators && typeof doc.indicators === 'object' && doc.areas && typeof doc.areas === 'object') {
    for (const [id, stats] of Object.entries(doc.indicators)) {
      if (!stats?.percent) continue;
      for (const [answer, p] of Object.entries(stats.percent)) add(id, answer, pct(p, `$.indicators.${id}.percent.${answer}`));
    }
    const means = {};
    for (const [area, stats] of Object.entries(doc.areas)) {
      if (stats?.mean == null) continue;
      if (typeof stats.mean !== 'number' || !Number.isFinite(stats.mean)) throw bad(`$.areas.${area}.mean`, 'expected a number');
      means[area] = stats.mean;
    }
    const years = Array.isArray(doc.years) && doc.years.length ? [doc.years[0], doc.years.at(-1)].filter((y, i, a) => a.indexOf(y) === i).join('–') : '';
    return { ...base, kind: 'compilation', means, n: Number(doc.assessments) || 0, years };
  }
  throw bad('$', 'expected a published document (figures) or a compilation (indicators, areas)');
}

/**
 * The module with `renderComparisonChart` (not in this package's .wasm, which keeps to its
 * budget): the team module next to it, loaded the first time a reference with means is shown.
 */
let comparisonModule = null;
function loadComparison() {
  comparisonModule ??= import('./team/index.js').then(async (m) => {
    await m.default();
    return m;
  });
  return comparisonModule;
}

let instances = 0;

export class EblomFlowerbox extends HTMLElement {
  static observedAttributes = ['assessment-json', 'lang', 'editable', 'chart', 'palette', 'reference-label'];

  #assessment = null;
  #catalogueKey = null;
  #catalogue = null; // the catalogue document (plain object), cached per catalogue key
  #indicatorIndex = new Map();
  #root;
  #picture;
  #chart;
  #message;
  #dialog;
  #openGroup = null;
  #uid = `eblom-${++instances}`;
  #settingAttribute = false;
  #drawn = { picture: null, chart: null, compare: null }; // the markup now in the DOM, per container
  #scope = null; // Set of indicator ids a respondent answers, or null for all
  #team = null; // a TeamReport, in the coordinator's view
  #onKey;
  #width = null; // the element's width as last measured (ResizeObserver), CSS px
  #resize = null;
  #onPrint;
  #printQuery = null;
  #barInfo;
  #drill;
  #printList;
  #compare;
  #comparison = null; // the module with renderComparisonChart, once loaded
  #reference = null; // {kind, catalogue, shares: Map(id → [[answer, percent]]), means, year, n, years}
  #drillGroup = null; // the chart row whose indicators are listed, or null
  #drillSort = 'worst'; // worst | best | catalogue

  /** Milliseconds the last render took (score, draw, DOM update), for budgets and curiosity. */
  lastRenderMs = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open', delegatesFocus: false });
    this.#root.innerHTML = `<style>${STYLE}</style><div class="message" role="alert"></div>
      <div class="layout"><div class="view"><div class="picture" part="picture"></div><div class="chart" part="chart"></div>
      <div class="compare" part="compare"></div><p class="bar-info" aria-hidden="true"></p><section class="drill" part="drill"></section><section class="print-list" part="print-list"></section></div>
      <dialog part="dialog" aria-labelledby="${this.#uid}-title"></dialog></div>`;
    this.#message = this.#root.querySelector('.message');
    this.#picture = this.#root.querySelector('.picture');
    this.#chart = this.#root.querySelector('.chart');
    this.#dialog = this.#root.querySelector('dialog');
    this.#barInfo = this.#root.querySelector('.bar-info');
    this.#drill = this.#root.querySelector('.drill');
    this.#printList = this.#root.querySelector('.print-list');
    this.#compare = this.#root.querySelector('.compare');
    this.#chart.addEventListener('click', (e) => this.#onChartClick(e));
    this.#chart.addEventListener('keydown', (e) => this.#onChartKey(e));
    this.#chart.addEventListener('focusin', (e) => this.#showBar(e.target, 'focus'));
    this.#chart.addEventListener('focusout', () => this.#showBar(null, 'focus'));
    this.#chart.addEventListener('pointerover', (e) => this.#showBar(e.target, 'hover'));
    this.#chart.addEventListener('pointerleave', () => this.#showBar(null, 'hover'));
    this.#drill.addEventListener('click', (e) => this.#onDrillClick(e));
    // Printing shows every answer with its comment: the list is made when a print starts (the
    // print media query also turns true when a page emulates print).
    this.#onPrint = (e) => (e?.matches === false || e?.type === 'afterprint' ? this.#printList.replaceChildren() : this.#fillPrintList());
    this.#picture.addEventListener('click', (e) => this.#onPictureClick(e));
    this.#picture.addEventListener('keydown', (e) => this.#onPictureKey(e));
    this.#picture.addEventListener('focusin', (e) => this.#ring(e.target, 'focus'));
    this.#picture.addEventListener('focusout', () => this.#ring(null, 'focus'));
    this.#picture.addEventListener('pointerover', (e) => this.#ring(e.target.closest?.('[data-group]'), 'hover'));
    this.#picture.addEventListener('pointerleave', () => this.#ring(null, 'hover'));
    this.#dialog.addEventListener('change', (e) => this.#onDialogChange(e));
    this.#dialog.addEventListener('click', (e) => this.#onDialogClick(e));
    this.#dialog.addEventListener('close', () => this.#onDialogClose());
    this.#dialog.addEventListener('input', (e) => {
      // A comment is kept as it is typed, not only when the field loses focus.
      if (e.target.matches('textarea[data-comment]')) this.#saveComment(e.target);
    });
    this.#onKey = (e) => {
      // The panel is not modal, so Escape is ours to handle: from inside the element, or from
      // nowhere in particular (focus on the body, e.g. after the questions were re-drawn).
      if (e.key !== 'Escape' || e.defaultPrevented || !this.#dialog.open) return;
      const active = document.activeElement;
      if (active === this || active === document.body || active === null) {
        e.preventDefault();
        this.#dialog.close();
      }
    };
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this.#onKey);
    this.#resize?.disconnect();
    window.removeEventListener('beforeprint', this.#onPrint);
    window.removeEventListener('afterprint', this.#onPrint);
    this.#printQuery?.removeEventListener('change', this.#onPrint);
  }

  connectedCallback() {
    document.addEventListener('keydown', this.#onKey);
    this.#resize ??= new ResizeObserver((entries) => {
      const w = Math.floor(entries.at(-1).contentRect.width);
      if (w === this.#width) return;
      const before = this.#drawWidth();
      this.#width = w;
      if (this.#drawWidth() !== before) this.#redraw();
    });
    this.#resize.observe(this);
    window.addEventListener('beforeprint', this.#onPrint);
    window.addEventListener('afterprint', this.#onPrint);
    this.#printQuery ??= window.matchMedia('print');
    this.#printQuery.addEventListener('change', this.#onPrint);
    // A property set before the element was upgraded shadows the accessor: re-apply it.
    if (Object.prototype.hasOwnProperty.call(this, 'assessment')) {
      const value = this.assessment;
      delete this.assessment;
      this.assessment = value;
    }
    if (!this.#assessment) this.#render();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === 'assessment-json') {
      if (this.#settingAttribute) return;
      if (newValue === null) {
        this.#setAssessment(null);
      } else {
        this.#readAssessment(newValue);
      }
      return;
    }
    if (name === 'lang' || name === 'palette' || name === 'reference-label') {
      this.#drawn = { picture: null, chart: null, compare: null };
      this.#render();
      if (this.#openGroup) this.#fillDialog(this.#openGroup);
      return;
    }
    if (name === 'editable' && this.#openGroup) this.#fillDialog(this.#openGroup);
    if (name === 'editable') this.#drawn.picture = null; // the labels' hint changes
    this.#render();
  }

  /** The assessment shown (an `Assessment` of the package), or `null`. */
  get assessment() {
    return this.#assessment;
  }

  /** Takes an `Assessment` (kept and edited in place), an assessment file's JSON text, or a plain object. */
  set assessment(value) {
    if (value === null || value === undefined) {
      this.#setAssessment(null);
    } else if (value instanceof Assessment) {
      this.#setAssessment(value);
    } else if (typeof value === 'string') {
      this.#readAssessment(value);
    } else if (typeof value === 'object') {
      this.#readAssessment(JSON.stringify(value));
    } else {
      throw new EblomladaError(`assessment must be an Assessment, a JSON string or an object, not ${typeof value}`, 'InvalidArgument', [
        { severity: 'error', path: '$', line: null, column: null, message: `not ${typeof value}` },
      ]);
    }
  }

  /**
   * The language of the questions panel: the `lang` attribute when `EblomFlowerbox.strings` has
   * it (or its primary subtag), else Swedish. The core draws the picture in `sv` or `en` only:
   * another language gets the English picture, and catalogue texts in that language where the
   * catalogue has them.
   */
  get lang() {
    const asked = (this.getAttribute('lang') || 'sv').toLowerCase();
    if (Object.prototype.hasOwnProperty.call(STRINGS, asked)) return asked;
    const primary = asked.split('-')[0];
    return Object.prototype.hasOwnProperty.call(STRINGS, primary) ? primary : 'sv';
  }

  /**
   * The panel's texts, one table per language (`sv`, `en`): add one to translate the element,
   * e.g. `EblomFlowerbox.strings.de = { ...EblomFlowerbox.strings.en, close: 'Schließen', … }`
   * before setting `lang="de"`. Statements, area and answer names come from the catalogue.
   */
  static get strings() {
    return STRINGS;
  }

  set lang(value) {
    this.setAttribute('lang', value);
  }

  get editable() {
    return this.hasAttribute('editable');
  }

  set editable(value) {
    this.toggleAttribute('editable', Boolean(value));
  }

  get palette() {
    return this.getAttribute('palette') === 'colour-blind' ? 'colour-blind' : 'standard';
  }

  set palette(value) {
    this.setAttribute('palette', value);
  }

  /**
   * What the assessment is compared with: the published national figures of its catalogue and
   * year (a published document: `indicators/<catalogue>.published-<year>.json`), or a
   * compilation of other assessments (the JSON of `eblomlada compile`, Python's or JS's
   * `compile`), as an object or its JSON text; `null` for none. The questions then show each
   * answer's share among the municipalities where it is known, and with `chart` a second chart
   * shows the reference's mean per area beside the assessment's scores (a compilation only:
   * the published figures have no means).
   */
  get reference() {
    return this.#reference?.document ?? null;
  }

  set reference(value) {
    this.#reference = value == null ? null : readReference(typeof value === 'string' ? parseReference(value) : value);
    this.#redraw();
  }

  /** Indicator ids the user answers (a respondent's scope), or `null` for every indicator. */
  get scope() {
    return this.#scope ? [...this.#scope] : null;
  }

  set scope(ids) {
    if (ids !== null && ids !== undefined && !Array.isArray(ids)) {
      throw new EblomladaError(`scope must be an array of indicator ids or null, not ${typeof ids}`, 'InvalidArgument', []);
    }
    this.#scope = ids ? new Set(ids.map(String)) : null;
    this.#redraw();
  }

  /** The team report shown (a `TeamReport` of `mergeTeam`), or `null`. */
  get team() {
    return this.#team;
  }

  set team(report) {
    if (report !== null && report !== undefined && (typeof report !== 'object' || !report.indicators)) {
      throw new EblomladaError('team must be a TeamReport (the report of mergeTeam) or null', 'InvalidArgument', []);
    }
    this.#team = report || null;
    this.#redraw();
  }

  /**
   * Shows a merged assessment and its team report together, keeping open questions open (the
   * coordinator's view: call it after every decision with the new merge).
   */
  showTeam(assessment, report) {
    const a = assessment instanceof Assessment ? assessment : Assessment.fromJson(typeof assessment === 'string' ? assessment : JSON.stringify(assessment));
    if (report !== null && (typeof report !== 'object' || !report.indicators)) {
      throw new EblomladaError('team must be a TeamReport (the report of mergeTeam) or null', 'InvalidArgument', []);
    }
    const open = this.#dialog.open ? this.#openGroup : null;
    this.#setAssessment(a);
    this.#team = report;
    this.#redraw();
    if (open) this.openGroup(open);
  }

  #redraw() {
    this.#drawn = { picture: null, chart: null, compare: null };
    this.#render();
    if (this.#openGroup && this.#dialog.open) this.#fillDialog(this.#openGroup);
  }

  /** The assessment's JSON text (what `change` events carry), or `null`. */
  toJson() {
    return this.#assessment ? this.#assessment.toJson() : null;
  }

  /**
   * Opens the questions of a group: `area:<id>`, `level:lead`, `level:tech`; with `indicator`
   * (one of the group's ids), at that question: focused and scrolled into view.
   */
  openGroup(group, indicator = null) {
    const g = this.#group(group);
    if (!g) throw new EblomladaError(`no group ${JSON.stringify(group)} in the picture`, 'InvalidArgument', []);
    const before = this.#dialog.open ? this.#openGroup : null;
    this.#openGroup = group;
    this.#fillDialog(group);
    if (!this.#dialog.open) this.#dialog.show();
    const target = indicator == null ? null : this.#dialog.querySelector(`fieldset[data-indicator="${CSS.escape(String(indicator))}"]`);
    const scope = target || this.#dialog;
    const first = scope.querySelector('input:checked:not(:disabled)') || scope.querySelector('input:not(:disabled)');
    if (target) {
      target.classList.add('target');
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'nearest' });
    } else {
      this.#dialog.querySelector('.questions')?.scrollTo(0, 0);
    }
    (first || target || this.#dialog.querySelector('.close')).focus({ preventScroll: Boolean(target) });
    if (before !== group || indicator != null) {
      this.dispatchEvent(new CustomEvent('open', { detail: { group, indicator: target ? String(indicator) : null }, bubbles: true, composed: true }));
    }
  }

  /** The group whose questions are open (`area:<id>`, `level:…`), or `null`. */
  get openedGroup() {
    return this.#dialog.open ? this.#openGroup : null;
  }

  /**
   * Draws again from the assessment as it is now: call it after editing `assessment` in place
   * from outside (answer, clear, setComment). Open questions stay open and show the new answers.
   */
  refresh() {
    this.#redraw();
  }

  /** Closes the questions, if open. */
  closeGroup() {
    if (this.#dialog.open) this.#dialog.close();
  }

  // -- state -----------------------------------------------------------------------------------

  #readAssessment(text) {
    try {
      this.#setAssessment(Assessment.fromJson(text));
    } catch (error) {
      this.#setAssessment(null, error);
      this.dispatchEvent(new CustomEvent('error', { detail: error }));
    }
  }

  #setAssessment(assessment, error = null) {
    this.#assessment = assessment;
    this.#message.textContent = error ? String(error.message) : '';
    if (assessment) {
      const catalogue = assessment.catalogue;
      const key = catalogue.key;
      if (key !== this.#catalogueKey) {
        this.#catalogue = catalogue.toJSON();
        this.#catalogueKey = key;
        this.#indicatorIndex = new Map(this.#catalogue.indicators.map((ind, i) => [ind.id, i]));
      }
    }
    if (this.#dialog.open) this.#dialog.close();
    this.#render();
  }

  /** Re-draws and fires `change` for `indicator`, whose answer and comment were `previous`, `previousComment`. */
  #changed(indicator, previous, previousComment) {
    this.#render();
    const a = this.#assessment;
    const json = a.toJson();
    const detail = Object.freeze({
      indicator,
      answer: a.answerOf(indicator) ?? null,
      comment: a.commentOf(indicator) ?? null,
      previous: previous ?? null,
      previousComment: previousComment ?? null,
      json,
      // Before the indicator was told, `detail` was the JSON text: `String(detail)` still is.
      toString: () => json,
    });
    this.dispatchEvent(new CustomEvent('change', { detail, bubbles: true, composed: true }));
  }

  // -- drawing ---------------------------------------------------------------------------------

  #render() {
    const t0 = performance.now();
    const a = this.#assessment;
    if (!a) {
      this.#picture.replaceChildren(...(this.#message.textContent ? [] : [h('p', {}, STRINGS[this.lang].empty)]));
      this.#chart.innerHTML = '';
      this.#compare.replaceChildren();
      this.#closeDrill();
      this.#printList.replaceChildren();
      this.#drawn = { picture: null, chart: null, compare: null };
      return;
    }
    const options = { lang: this.lang === 'sv' ? 'sv' : 'en', palette: this.palette };
    // A narrow element (a phone, or zoom) gets the core's narrow layout, drawn for its width.
    const width = this.#drawWidth();
    if (width) options.width = width;
    if (this.#team?.open?.length) options.disagreements = this.#team.open;
    const focused = this.#root.activeElement?.closest?.('[data-group]')?.getAttribute('data-group');
    const changed = this.#patch('picture', this.#picture, renderFlowerbox(a, options));
    if (this.hasAttribute('chart')) {
      const chartChanged = this.#patch('chart', this.#chart, renderAnswerChart(a, options));
      this.#decorateChart(chartChanged);
      if (this.#drillGroup) this.#fillDrill();
      this.#renderCompare(a, options);
    } else if (this.#drawn.chart) {
      this.#compare.replaceChildren();
      this.#chart.innerHTML = '';
      this.#drawn.chart = null;
      this.#closeDrill();
    }
    this.#decorate(changed);
    if (focused && !this.#root.activeElement) this.#group(focused)?.focus();
    if (this.#openGroup && this.#dialog.open) this.#updateDialogStatus(this.#openGroup);
    this.lastRenderMs = performance.now() - t0;
  }

  /**
   * The width to draw the picture at: the element's own width when the core's narrow layout
   * applies to it (up to 640 px), else `null` (the wide picture, scaled to fit).
   */
  #drawWidth() {
    const w = Math.floor(this.#width ?? this.getBoundingClientRect().width);
    this.#width = w;
    return w > 0 && w <= NARROW_MAX ? Math.max(240, w) : null;
  }

  /**
   * Puts `markup` (an SVG document) into `container`, replacing only the top-level elements that
   * differ from what is there: after one answer that is a flower or two, the header and the
   * legend, a fraction of the whole. Returns the elements put in, or `null` when all was replaced.
   */
  #patch(key, container, markup) {
    const parts = splitTopLevel(markup);
    const before = this.#drawn[key];
    this.#drawn[key] = parts;
    const svg = container.firstElementChild;
    if (!parts || !before || !svg || before.open !== parts.open || before.children.length !== parts.children.length) {
      container.innerHTML = markup;
      return null;
    }
    const changed = [];
    for (let i = 0; i < parts.children.length; i += 1) if (parts.children[i] !== before.children[i]) changed.push(i);
    if (changed.length === 0) return [];
    const scratch = document.createElementNS(SVG_NS, 'svg');
    scratch.innerHTML = changed.map((i) => parts.children[i]).join('');
    const fresh = [...scratch.children];
    const old = changed.map((i) => svg.children[i]);
    if (fresh.length !== changed.length || old.some((x) => !x)) {
      container.innerHTML = markup;
      return null;
    }
    old.forEach((x, k) => x.replaceWith(fresh[k]));
    return fresh;
  }

  /**
   * Makes the picture's groups operable: focusable buttons whose names start with the text they
   * show, for screen readers. `changed`: the elements just put in (`null`: all of them).
   */
  #decorate(changed) {
    const s = STRINGS[this.lang];
    const svg = this.#picture.querySelector('svg');
    if (!svg) return;
    const title = svg.querySelector('title')?.textContent || '';
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', `${title}. ${s.picture}`);
    const desc = svg.querySelector('desc');
    if (desc) {
      desc.id = `${this.#uid}-desc`;
      svg.setAttribute('aria-describedby', desc.id);
    }
    const groups =
      changed === null
        ? svg.querySelectorAll('[data-group]')
        : changed.flatMap((x) => (x.matches('[data-group]') ? [x] : [...x.querySelectorAll('[data-group]')]));
    if (this.#scope) {
      const shapes = changed === null ? svg.querySelectorAll('[data-indicator]') : changed.flatMap((x) => [...x.querySelectorAll('[data-indicator]')]);
      for (const shape of shapes) shape.toggleAttribute('data-out-of-scope', !this.#scope.has(shape.getAttribute('data-indicator')));
    }
    for (const g of groups) {
      // The core writes a two-line name as two adjacent <text> elements; a space between them
      // keeps "i" + "behov" two words for screen readers (and for axe's label-in-name check).
      for (const t of g.querySelectorAll('text')) {
        if (t.previousSibling?.nodeType !== Node.TEXT_NODE) t.before(' ');
      }
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-haspopup', 'dialog');
      g.setAttribute('aria-label', this.#groupLabel(g));
    }
  }

  /** The words a group shows (area name, score, counts), then its own questions' state. */
  #groupLabel(g) {
    const s = STRINGS[this.lang];
    const group = g.getAttribute('data-group');
    const shown = [...g.querySelectorAll('text')].map((t) => t.textContent.trim()).filter(Boolean).join(' ');
    const shapes = g.querySelectorAll('[data-indicator]');
    const answered = [...shapes].filter((x) => x.getAttribute('data-answer') !== 'none').length;
    const { title, subtitle } = this.#groupTitle(group);
    const parts = [shown || title, `${subtitle}: ${s.answered(answered, shapes.length)}`];
    parts.push(this.editable ? s.groupHintEdit : s.groupHint);
    return parts.join('. ');
  }

  #flowerStatus(area) {
    const s = STRINGS[this.lang];
    if (!area) return s.flowerNone;
    if (area.colour && area.score_exact) return s.flowerDone(s.colours[area.colour] || area.colour, formatExact(area.score_exact, s));
    if (area.provisional_score_exact) return s.flowerProvisional(formatExact(area.provisional_score_exact, s));
    return s.flowerNone;
  }

  /** Title and subtitle of a group, from the catalogue. */
  #groupTitle(group) {
    const s = STRINGS[this.lang];
    const c = this.#catalogue;
    const text = (t) => (t && (t[this.lang] || t.sv || Object.values(t)[0])) || '';
    const [kind, id] = group.split(':');
    if (kind === 'area') {
      const area = c.areas.find((x) => x.id === id);
      const level = c.levels.find((l) => c.indicators.some((i) => i.area === id && i.level === l.id));
      return { title: text(area?.name) || id, subtitle: `${s.leaves} – ${text(level?.name)}` };
    }
    const level = c.levels.find((l) => l.id === id);
    const soil = [...this.#picture.querySelectorAll('[data-group^="level:"]')].pop()?.getAttribute('data-group') === group;
    return { title: `${soil ? s.soil : s.grass}`, subtitle: text(level?.name) || id };
  }

  #group(group) {
    return [...this.#picture.querySelectorAll('[data-group]')].find((g) => g.getAttribute('data-group') === group) || null;
  }

  /** A ring around the focused (or hovered) group, drawn into the SVG. */
  #ring(target, kind, container = this.#picture) {
    const svg = container.querySelector('svg');
    if (!svg) return;
    svg.querySelector(`.ebl-ring.${kind}`)?.remove();
    const g = target?.closest?.('[data-group]');
    if (!g || (kind === 'hover' && g === this.#root.activeElement)) return;
    const box = g.getBBox();
    const pad = 6;
    const rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('class', `ebl-ring ${kind}`);
    rect.setAttribute('x', box.x - pad);
    rect.setAttribute('y', box.y - pad);
    rect.setAttribute('width', box.width + 2 * pad);
    rect.setAttribute('height', box.height + 2 * pad);
    rect.setAttribute('rx', 12);
    rect.setAttribute('aria-hidden', 'true');
    svg.append(rect);
  }

  #onPictureClick(event) {
    const g = event.target.closest?.('[data-group]');
    const shape = event.target.closest?.('[data-indicator]');
    if (g) this.openGroup(g.getAttribute('data-group'), shape ? shape.getAttribute('data-indicator') : null);
  }

  #onPictureKey(event) {
    const g = event.target.closest?.('[data-group]');
    if (g && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      this.openGroup(g.getAttribute('data-group'));
    }
  }

  // -- compare: the reference -------------------------------------------------------------------

  /** The reference if it is for the assessment's catalogue, else `null`. */
  #ref() {
    const r = this.#reference;
    return r && this.#assessment && r.catalogue === this.#catalogueKey ? r : null;
  }

  #referenceName() {
    const s = STRINGS[this.lang];
    const r = this.#reference;
    const own = this.getAttribute('reference-label');
    if (own) return own;
    return r.kind === 'published' ? s.published(r.year, r.n) : s.compilation(r.n, r.years);
  }

  /** The chart of the area scores beside the reference's means (a compilation's). */
  #renderCompare(a, options) {
    const r = this.#ref();
    const means = r?.means;
    if (!means || Object.keys(means).length === 0) {
      if (this.#compare.firstChild) this.#compare.replaceChildren();
      this.#drawn.compare = null;
      return;
    }
    if (!this.#comparison) {
      // Drawn once the module is there; the assessment as it is then.
      loadComparison().then(
        (m) => {
          this.#comparison = m;
          if (this.#assessment) this.#renderCompare(this.#assessment, options);
        },
        (error) => this.#compare.replaceChildren(h('p', { class: 'message', role: 'alert' }, String(error.message))),
      );
      return;
    }
    let markup;
    const m = this.#comparison;
    let copy = null;
    try {
      // Objects of two modules do not mix: the assessment crosses as its JSON text.
      copy = m.Assessment.fromJson(a.toJson());
      markup = m.renderComparisonChart(copy, this.#referenceName(), means, options);
    } catch (error) {
      // A compilation whose means the core refuses (unknown area, out of the scale): said, not drawn.
      this.#compare.replaceChildren(h('p', { class: 'message', role: 'alert' }, String(error.message)));
      this.#drawn.compare = null;
      return;
    } finally {
      copy?.free();
    }
    if (this.#drawn.compare !== markup) {
      this.#compare.innerHTML = markup;
      this.#drawn.compare = markup;
    }
  }

  /** "77 % av kommunerna: uppfyller helt" for each answer whose share the reference knows. */
  #referenceNote(id, labelOf) {
    const r = this.#ref();
    const shares = r?.shares.get(id);
    if (!shares || shares.length === 0) return null;
    const s = STRINGS[this.lang];
    return h('div', { class: 'reference', 'data-reference': id },
      h('p', {}, h('strong', {}, `${s.referenceShares(this.#referenceName())}: `), shares.map(([answer, pct]) => s.nationalShare(pct, labelOf(answer))).join(' · ')));
  }

  // -- analyse: the chart's bars ----------------------------------------------------------------

  /** Makes each bar of the chart a button: its name says the row and every answer's share. */
  #decorateChart(changed) {
    const s = STRINGS[this.lang];
    const svg = this.#chart.querySelector('svg');
    if (!svg) return;
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', svg.querySelector('title')?.textContent || '');
    const groups =
      changed === null
        ? svg.querySelectorAll('[data-group]')
        : changed.flatMap((x) => (x.matches('[data-group]') ? [x] : [...x.querySelectorAll('[data-group]')]));
    for (const g of groups) {
      for (const t of g.querySelectorAll('text')) {
        if (t.previousSibling?.nodeType !== Node.TEXT_NODE) t.before(' ');
      }
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-expanded', String(g.getAttribute('data-group') === this.#drillGroup));
      // The name starts with every word the bar shows (label, percentages, count), as axe's
      // label-in-name rule asks, then spells out the shares.
      const shown = [...g.querySelectorAll('text')].map((t) => t.textContent.trim()).filter(Boolean).join(' ');
      g.setAttribute('aria-label', `${shown}. ${this.#barShares(g)}. ${s.barHint}`);
    }
  }

  /** The row's name as the chart writes it (one or two lines). */
  #barLabel(g) {
    return [...g.querySelectorAll('text')]
      .map((t) => t.textContent.trim())
      .filter((x) => x && !/%|^\d+\/\d+$/.test(x))
      .join(' ');
  }

  /** "Uppfyller helt 3 av 34 (9 %); …", from the bars' own titles. */
  #barShares(g) {
    const label = this.#barLabel(g);
    return [...g.querySelectorAll('rect[data-answer] > title')]
      .map((t) => t.textContent.replace(`${label}: `, '').trim())
      .join('; ');
  }

  #showBar(target, kind) {
    this.#ring(target, kind, this.#chart);
    // The line keeps the last bar's shares when the pointer or focus leaves: emptying it would
    // move what is below under a pointer about to click there.
    const g = target?.closest?.('[data-group]');
    if (g) this.#barInfo.textContent = `${this.#barLabel(g)}: ${this.#barShares(g)}`;
  }

  #onChartClick(event) {
    const g = event.target.closest?.('[data-group]');
    if (g) this.openBar(g.getAttribute('data-group'));
  }

  #onChartKey(event) {
    const g = event.target.closest?.('[data-group]');
    if (g && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      this.openBar(g.getAttribute('data-group'));
    }
  }

  /**
   * Lists the indicators under a bar of the chart (`all`, `level:<id>`, `area:<id>`) with their
   * answers and comments, sorted `worst` first (default), `best` first or in `catalogue` order;
   * each row opens its question.
   */
  openBar(group, sort = this.#drillSort) {
    if (!this.#chart.querySelector(`[data-group="${CSS.escape(String(group))}"]`)) {
      throw new EblomladaError(`no bar ${JSON.stringify(group)} in the chart`, 'InvalidArgument', []);
    }
    if (!['worst', 'best', 'catalogue'].includes(sort)) throw new EblomladaError(`unknown sort ${JSON.stringify(sort)}; expected worst, best or catalogue`, 'InvalidArgument', []);
    this.#drillGroup = String(group);
    this.#drillSort = sort;
    this.#fillDrill();
    for (const g of this.#chart.querySelectorAll('[data-group]')) g.setAttribute('aria-expanded', String(g.getAttribute('data-group') === this.#drillGroup));
  }

  #closeDrill() {
    this.#drillGroup = null;
    this.#drill.replaceChildren();
    for (const g of this.#chart.querySelectorAll('[data-group]')) g.setAttribute('aria-expanded', 'false');
  }

  /** The indicator ids under a chart row, in catalogue order. */
  #rowIds(group) {
    const [kind, id] = group.split(':');
    return this.#catalogue.indicators
      .filter((i) => group === 'all' || (kind === 'level' && i.level === id) || (kind === 'area' && i.area === id))
      .map((i) => i.id);
  }

  /** Rows of indicators with answer, comment and the points that sort them. */
  #answerRows(ids) {
    const c = this.#catalogue;
    const a = this.#assessment;
    const text = (t) => (t && (t[this.lang] || t.sv || Object.values(t)[0])) || '';
    const byId = new Map(c.indicators.map((i) => [i.id, i]));
    return ids.map((id) => {
      const answer = a.answerOf(id) ?? null;
      const entry = answer ? c.scale.find((e) => e.id === answer) : null;
      return { id, text: text(byId.get(id)?.text) || id, answer, entry, label: entry ? text(entry.label) : STRINGS[this.lang].notAnswered, points: entry ? entry.points : null, comment: a.commentOf(id) ?? '' };
    });
  }

  #answerCell(row) {
    const swatches = SWATCH[this.palette];
    const colour = row.entry ? swatchColour(swatches, row.entry.colour) : null;
    const swatch = h('span', { class: colour ? 'swatch' : 'swatch none', 'aria-hidden': 'true' });
    if (colour) swatch.style.backgroundColor = colour;
    return h('span', { class: 'ans' }, swatch, row.label);
  }

  #fillDrill() {
    const s = STRINGS[this.lang];
    const group = this.#drillGroup;
    const bar = this.#chart.querySelector(`[data-group="${CSS.escape(group)}"]`);
    if (!bar || !this.#assessment) return this.#closeDrill();
    const rows = this.#answerRows(this.#rowIds(group));
    const order = (r) => (r.points === null ? Infinity : this.#drillSort === 'best' ? -r.points : r.points);
    if (this.#drillSort !== 'catalogue') rows.sort((x, y) => order(x) - order(y)); // stable: catalogue order within an answer
    const focusedSort = this.#root.activeElement?.closest?.('.sort button')?.dataset.sort;
    const title = `${this.#uid}-drill`;
    const sortButton = (key, label) => h('button', { type: 'button', 'data-sort': key, 'aria-pressed': String(this.#drillSort === key) }, label);
    const table = h('table', { 'aria-labelledby': title },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, s.number), h('th', { scope: 'col' }, s.indicator), h('th', { scope: 'col' }, s.answer), h('th', { scope: 'col' }, s.comment))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-indicator': r.id, 'data-answer': r.answer || 'none' },
        h('td', { class: 'num' }, r.id.replace(/^.*-0*/, '')),
        h('td', {}, h('button', { type: 'button', class: 'open-q', 'data-open': r.id }, r.text)),
        h('td', {}, this.#answerCell(r)),
        h('td', {}, r.comment)))));
    this.#drill.setAttribute('aria-labelledby', title);
    this.#drill.replaceChildren(
      h('div', { class: 'drill-head' },
        h('h3', { id: title }, s.drillTitle(this.#barLabel(bar))),
        h('div', { class: 'sort', role: 'group', 'aria-label': s.sortBy }, h('span', { 'aria-hidden': 'true' }, `${s.sortBy}:`),
          sortButton('worst', s.worstFirst), sortButton('best', s.bestFirst), sortButton('catalogue', s.catalogueOrder)),
        h('button', { type: 'button', class: 'close-list', 'data-close': '' }, s.closeList)),
      table);
    if (focusedSort) this.#drill.querySelector(`.sort button[data-sort="${focusedSort}"]`)?.focus();
  }

  #onDrillClick(event) {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.dataset.sort) this.openBar(this.#drillGroup, button.dataset.sort);
    else if (button.hasAttribute('data-close')) {
      const group = this.#drillGroup;
      this.#closeDrill();
      this.#chart.querySelector(`[data-group="${CSS.escape(group)}"]`)?.focus();
    } else if (button.dataset.open) {
      const id = button.dataset.open;
      const g = this.#picture.querySelector(`[data-indicator="${CSS.escape(id)}"]`)?.closest('[data-group]');
      if (g) this.openGroup(g.getAttribute('data-group'), id);
    }
  }

  /** Every answer with its comment, for printing (hidden on screen). */
  #fillPrintList() {
    if (!this.#assessment || !this.#catalogue) return;
    const s = STRINGS[this.lang];
    const rows = this.#answerRows(this.#catalogue.indicators.map((i) => i.id));
    this.#printList.replaceChildren(
      h('h3', {}, s.allAnswers),
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, s.number), h('th', {}, s.indicator), h('th', {}, s.answer), h('th', {}, s.comment))),
        h('tbody', {}, rows.map((r) => h('tr', { 'data-indicator': r.id }, h('td', {}, r.id), h('td', {}, r.text), h('td', {}, this.#answerCell(r)), h('td', {}, r.comment))))));
  }

  // -- the questions ---------------------------------------------------------------------------

  #groupIds(group) {
    const g = this.#group(group);
    if (!g) return [];
    const ids = [...new Set([...g.querySelectorAll('[data-indicator]')].map((x) => x.getAttribute('data-indicator')))];
    return ids.sort((x, y) => (this.#indicatorIndex.get(x) ?? 0) - (this.#indicatorIndex.get(y) ?? 0));
  }

  #groups() {
    return [...this.#picture.querySelectorAll('[data-group]')].map((g) => g.getAttribute('data-group'));
  }

  #fillDialog(group) {
    this.#flushComments(); // comments typed into the questions shown now are kept
    const s = STRINGS[this.lang];
    const a = this.#assessment;
    const c = this.#catalogue;
    const text = (t) => (t && (t[this.lang] || t.sv || Object.values(t)[0])) || '';
    const { title, subtitle } = this.#groupTitle(group);
    const editable = this.editable;
    const swatches = SWATCH[this.palette];
    const ids = this.#groupIds(group);
    const groups = this.#groups();
    const at = groups.indexOf(group);
    const prev = groups[at - 1];
    const next = groups[at + 1];
    const byId = new Map(c.indicators.map((i) => [i.id, i]));
    // Built with the DOM, never as markup: catalogue texts, ids and comments become text
    // nodes and attribute values, and a swatch colour one CSSOM property (known names and
    // #rrggbb only), so nothing from a catalogue or a user is parsed as HTML or CSS.
    const labelOf = (answerId) => text(c.scale.find((e) => e.id === answerId)?.label) || answerId;
    const fieldsets = ids.map((id) => {
      const ind = byId.get(id);
      const answer = a.answerOf(id) ?? '';
      const comment = a.commentOf(id) ?? '';
      const name = `${this.#uid}-${id}`;
      const inScope = !this.#scope || this.#scope.has(id);
      const editableHere = editable && inScope;
      const team = this.#team?.indicators?.[id];
      const open = Boolean(this.#team?.open?.includes(id));
      const notes = [
        inScope ? null : h('p', { class: 'note' }, s.outOfScope),
        open ? h('p', { class: 'note disagreement' }, s.disagreement) : null,
        team?.resolution === 'decision' ? h('p', { class: 'note' }, s.decided) : null,
        team && team.responses.length
          ? h('ul', { class: 'responses', 'aria-label': s.responses },
              team.responses.map((r) => h('li', {}, `${r.department ? `${r.name} (${r.department})` : r.name}: ${labelOf(r.answer)}${r.comment ? ` – ${r.comment}` : ''}`)))
          : null,
        team && !team.responses.length ? h('p', { class: 'note' }, s.noResponses) : null,
      ];
      const options = [...c.scale.map((e) => ({ value: e.id, label: text(e.label), colour: swatchColour(swatches, e.colour) })), { value: '', label: s.notAnswered, colour: null }]
        .map((o) => {
          const swatch = h('span', { class: o.colour ? 'swatch' : 'swatch none', 'aria-hidden': 'true' });
          if (o.colour) swatch.style.backgroundColor = o.colour;
          return h('label', { class: 'opt' },
            h('input', { type: 'radio', name, value: o.value, checked: o.value === answer, disabled: !editableHere }),
            swatch,
            o.label);
        });
      const disabled = !editableHere || !answer || Boolean(this.#team);
      const area = h('textarea', { rows: '1', 'data-comment': id, disabled, title: editableHere && !answer ? s.commentDisabled : null }, comment);
      return h('fieldset', { 'data-indicator': id, 'data-answer': answer || 'none', class: inScope ? null : 'out-of-scope', 'data-disagreement': open },
        h('legend', {}, h('span', { class: 'num', 'aria-hidden': 'true' }, id.replace(/^.*-0*/, '')), text(ind?.text) || id),
        notes,
        this.#referenceNote(id, labelOf),
        h('div', { class: 'options' }, options),
        h('label', { class: 'comment' }, h('span', {}, s.comment), area));
    });
    const groupLabel = (gid) => this.#groupTitle(gid).title;
    const sr = (label) => {
      const x = h('span', { class: 'sr' }, ` – ${label}`);
      x.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap';
      return x;
    };
    const head = h('div', { class: 'head' },
      h('h2', { id: `${this.#uid}-title` }, title),
      h('button', { type: 'button', class: 'close', 'data-action': 'close', 'aria-label': s.close }, '×'),
      h('p', { class: 'level' }, subtitle),
      h('p', { class: 'status', role: 'status' }));
    const questions = h('div', { class: 'questions' }, editable ? null : h('p', { class: 'readonly' }, s.readOnly), fieldsets);
    const nav = h('div', { class: 'nav' },
      prev ? h('button', { type: 'button', 'data-action': 'go', 'data-group': prev }, `← ${s.previous}`, sr(groupLabel(prev))) : null,
      next ? h('button', { type: 'button', 'data-action': 'go', 'data-group': next }, s.next, sr(groupLabel(next)), ' →') : null);
    const foot = h('div', { class: 'foot' }, nav, h('button', { type: 'button', class: 'done', 'data-action': 'close' }, s.done));
    this.#dialog.replaceChildren(head, questions, foot);
    this.#updateDialogStatus(group);
  }

  #updateDialogStatus(group) {
    const s = STRINGS[this.lang];
    const status = this.#dialog.querySelector('.status');
    if (!status) return;
    const ids = this.#groupIds(group);
    const answered = ids.filter((id) => this.#assessment.answerOf(id) !== undefined).length;
    let text = s.answered(answered, ids.length);
    if (group.startsWith('area:')) {
      const area = this.#assessment.score().areas[group.slice(5)];
      text += ` · ${s.flower}: ${this.#flowerStatus(area)}`;
    }
    status.textContent = text;
  }

  #onDialogChange(event) {
    const input = event.target;
    if (!this.editable || !this.#assessment) return;
    if (input.type === 'radio') {
      const fieldset = input.closest('fieldset');
      const id = fieldset.getAttribute('data-indicator');
      if (this.#scope && !this.#scope.has(id)) return;
      if (this.#team) {
        // The coordinator decides; the page merges again and sets the new assessment and report.
        this.dispatchEvent(new CustomEvent('decide', { detail: { indicator: id, answer: input.value || null }, bubbles: true, composed: true }));
        return;
      }
      const previous = this.#assessment.answerOf(id);
      const previousComment = this.#assessment.commentOf(id);
      if (input.value) {
        const comment = fieldset.querySelector('textarea');
        this.#assessment.answer(id, input.value);
        comment.disabled = false;
        comment.removeAttribute('title');
      } else {
        this.#assessment.clear(id);
        const comment = fieldset.querySelector('textarea');
        comment.value = '';
        comment.disabled = true;
      }
      fieldset.setAttribute('data-answer', input.value || 'none');
      this.#changed(id, previous, previousComment);
    } else if (input.matches('textarea[data-comment]')) {
      this.#saveComment(input);
    }
  }

  #saveComment(textarea) {
    const id = textarea.getAttribute('data-comment');
    if (textarea.disabled || this.#assessment.answerOf(id) === undefined) return;
    const value = textarea.value.trim() ? textarea.value : null;
    const previousComment = this.#assessment.commentOf(id) ?? null;
    if (previousComment === value) return;
    this.#assessment.setComment(id, value);
    this.#changed(id, this.#assessment.answerOf(id), previousComment);
  }

  #onDialogClick(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    if (button.dataset.action === 'close') this.#dialog.close();
    if (button.dataset.action === 'go') this.openGroup(button.dataset.group);
  }

  #flushComments() {
    if (!this.editable || !this.#assessment) return;
    for (const t of this.#dialog.querySelectorAll('textarea[data-comment]')) this.#saveComment(t);
  }

  #onDialogClose() {
    // `close` fires a task after close(): if the questions were opened again meanwhile, keep them.
    if (this.#dialog.open) return;
    this.#flushComments();
    const group = this.#openGroup;
    this.#openGroup = null;
    this.#dialog.innerHTML = '';
    if (group) this.dispatchEvent(new CustomEvent('close', { detail: { group, indicator: null }, bubbles: true, composed: true }));
    // The picture was re-drawn while the dialog was open: focus the group's new shape.
    if (group) this.#group(group)?.focus();
  }
}

if (!customElements.get('eblom-flowerbox')) customElements.define('eblom-flowerbox', EblomFlowerbox);

export { EblomladaError };

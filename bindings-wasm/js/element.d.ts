import type { Assessment, AssessmentDocument, TeamReport } from './eblomlada';
export { EblomladaError } from './error';

/**
 * `<eblom-flowerbox>`: the flowerbox picture of an assessment, drawn by the core. Clicking (or
 * Enter/Space on) a flower's stem, the grass or the soil opens that group's questions.
 *
 * Attributes: `assessment-json`, `lang` (`sv` | `en`), `editable`, `chart`, `palette`
 * (`standard` | `colour-blind`), `reference-label`.
 */
export declare class EblomFlowerbox extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The panel's texts per language (`sv`, `en`); add a table to translate the element (`lang` then picks it). */
  static readonly strings: Record<string, Record<string, unknown>>;
  /** The assessment shown, edited in place when `editable`. */
  get assessment(): Assessment | null;
  /** An `Assessment`, an assessment file's JSON text, or a plain object; `null` clears. */
  set assessment(value: Assessment | string | AssessmentDocument | null);
  /** `sv` (default) or `en`; reflects the `lang` attribute. */
  lang: string;
  /** Whether answering is allowed; reflects the `editable` attribute. */
  editable: boolean;
  /** `standard` or `colour-blind`; reflects the `palette` attribute. */
  palette: 'standard' | 'colour-blind';
  /** Indicator ids the user answers (a respondent's scope; the rest is dimmed and read-only), or `null` for all. */
  get scope(): string[] | null;
  set scope(ids: string[] | null);
  /** A team report (`mergeTeam(…).report` of the team module): responses under each question, open disagreements marked, answers fire `decide`. */
  get team(): TeamReport | null;
  set team(report: TeamReport | null);
  /** Shows a merged assessment and its team report together, keeping open questions open. */
  showTeam(assessment: Assessment | string | AssessmentDocument, report: TeamReport | null): void;
  /** Milliseconds the last render took (score, drawing, DOM update). */
  lastRenderMs: number;
  /** The assessment's JSON text, or `null`. */
  toJson(): string | null;
  /** Opens the questions of a group: `area:<id>`, `level:lead` or `level:tech`; with `indicator`, at that question (focused, scrolled into view). */
  openGroup(group: string, indicator?: string | null): void;
  /** The group whose questions are open, or `null`. */
  readonly openedGroup: string | null;
  /** With `chart`: lists the indicators under a bar (`all`, `level:<id>`, `area:<id>`), sorted worst first, best first or in catalogue order. */
  openBar(group: string, sort?: 'worst' | 'best' | 'catalogue'): void;
  /**
   * What the assessment is compared with: a published document (`eblomladan-2016.published-2017.json`)
   * or a compilation (the JSON of `compile`), as an object or JSON text; `null` for none.
   */
  get reference(): object | null;
  set reference(value: object | string | null);
  /** Draws again after `assessment` was edited in place from outside; open questions stay open. */
  refresh(): void;
  /** Closes the questions, if open. */
  closeGroup(): void;
  addEventListener<K extends keyof EblomFlowerboxEventMap>(
    type: K,
    listener: (this: EblomFlowerbox, event: EblomFlowerboxEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** `detail` of a `change` event; `String(detail)` is `json`. */
export interface EblomFlowerboxChange {
  /** The indicator whose answer or comment changed. */
  readonly indicator: string;
  /** Its answer now (a scale entry id), or `null` when not answered. */
  readonly answer: string | null;
  /** Its comment now, or `null`. */
  readonly comment: string | null;
  /** Its answer before the change, or `null`. */
  readonly previous: string | null;
  /** Its comment before the change, or `null`. */
  readonly previousComment: string | null;
  /** The whole assessment's JSON text after the change. */
  readonly json: string;
  toString(): string;
}

/** Events of `<eblom-flowerbox>`. */
export interface EblomFlowerboxEventMap {
  /** An answer or comment changed: which, how, and the whole assessment's JSON text. */
  change: CustomEvent<EblomFlowerboxChange>;
  /** The questions of a group opened (`indicator`: the question opened at, or `null`). */
  open: CustomEvent<{ group: string; indicator: string | null }>;
  /** The questions of a group closed. */
  close: CustomEvent<{ group: string; indicator: null }>;
  /** `assessment-json` or `assessment` could not be read; `detail` is the `EblomladaError`. */
  error: CustomEvent<import('./error').EblomladaError>;
  /** With `team` set: the coordinator chose an answer (`null`: take the decision back). */
  decide: CustomEvent<{ indicator: string; answer: string | null }>;
}

declare global {
  interface HTMLElementTagNameMap {
    'eblom-flowerbox': EblomFlowerbox;
  }
}

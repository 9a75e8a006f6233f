import type { Assessment, AssessmentDocument, TeamReport } from './eblomlada';
export { EblomladaError } from './error';

/**
 * `<eblom-flowerbox>`: the flowerbox picture of an assessment, drawn by the core. Clicking (or
 * Enter/Space on) a flower's stem, the grass or the soil opens that group's questions.
 *
 * Attributes: `assessment-json`, `lang` (`sv` | `en`), `editable`, `chart`, `palette`
 * (`standard` | `colour-blind`).
 */
export declare class EblomFlowerbox extends HTMLElement {
  static readonly observedAttributes: string[];
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
  /** Opens the questions of a group: `area:<id>`, `level:lead` or `level:tech`. */
  openGroup(group: string): void;
  /** Closes the questions, if open. */
  closeGroup(): void;
  addEventListener<K extends keyof EblomFlowerboxEventMap>(
    type: K,
    listener: (this: EblomFlowerbox, event: EblomFlowerboxEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** Events of `<eblom-flowerbox>`. */
export interface EblomFlowerboxEventMap {
  /** An answer or comment changed; `detail` is the assessment's JSON text. */
  change: CustomEvent<string>;
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

//! Hand-written TypeScript types of the plain objects crossing the boundary, emitted into the
//! generated `.d.ts`. `tests/node/types.test.mjs` checks them against `schema/*.schema.json`
//! (the schemas the core generates) so the two cannot drift apart.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Answer ids of the eBlomlådan scale, best first: 3, 2 and 1 points. */
export type EblomladanAnswer = "fully" | "partly" | "not_met";
/** Level ids of eBlomlådan: the leaves, the grass and the soil. */
export type EblomladanLevel = "services" | "lead" | "tech";
/** Service areas (flowers) of eBlomlådan 2016. */
export type EblomladanArea = "elderly" | "children" | "business" | "housing" | "culture" | "public";
/** An exact non-negative fraction as text, e.g. `"7/3"` or `"2"`. */
export type FractionText = string;
/** A text per language tag, e.g. `{ sv: "Äldre", en: "Elderly" }`. */
export type Text = Record<string, string>;

/** Which catalogue an assessment was made against. */
export interface CatalogueRef {
  /** Catalogue family, e.g. `"eblomladan"`. */
  id: string;
  /** Version within the family, e.g. `"2016"`. */
  version: string;
}

/**
 * How many of a group of indicators are answered, and with what. Other catalogues than
 * eBlomlådan have other answer ids: use the type parameter.
 */
export interface Tally<Answer extends string = EblomladanAnswer> {
  /** Answered indicators in the group. */
  answered: number;
  /** All indicators in the group. */
  total: number;
  /** Answers per answer id, in scale order. */
  counts: Record<Answer, number>;
  /** Each answer's share of the answered indicators (0–1); `null` when none is answered. */
  shares: Record<Answer, number> | null;
  /** Each answer's share in whole percent, rounded half up; `null` when none is answered. */
  percent: Record<Answer, number> | null;
}

/** One level (services, lead, tech) across the whole catalogue. */
export interface LevelResult<Answer extends string = EblomladanAnswer> extends Tally<Answer> {
  /** Mean points of the answered indicators; `null` when none is answered. */
  mean: number | null;
  /** The same mean as an exact fraction, e.g. `"81/44"`. */
  mean_exact: FractionText | null;
}

/** The fixed fields of one flower's result. */
export interface AreaResultFields<Answer extends string = EblomladanAnswer> extends Tally<Answer> {
  /** The flower score; `null` until every indicator that counts for the area is answered. */
  score: number | null;
  /** The flower score as an exact fraction. */
  score_exact: FractionText | null;
  /** The band colour of the exact score (`"green"`, `"yellow"`, `"red"`); `null` until complete. */
  colour: string | null;
  /** Whether every indicator that counts for the area is answered. */
  complete: boolean;
  /** The weighted score of what is answered so far; `null` while a level has no answer. */
  provisional_score: number | null;
  /** The provisional score as an exact fraction. */
  provisional_score_exact: FractionText | null;
}

/**
 * One flower: the fixed fields plus, per level id, the mean points of the answered indicators
 * that count for the area (`null` when none is answered).
 */
export type AreaResult<Level extends string = EblomladanLevel, Answer extends string = EblomladanAnswer> =
  AreaResultFields<Answer> & { [L in Level]: number | null };

/**
 * The score report of one assessment: exactly the JSON of `eblomlada score` (DESIGN.md), with
 * levels and areas in catalogue order. The defaults type eBlomlådan 2016.
 */
export interface ScoreResult<
  Level extends string = EblomladanLevel,
  Answer extends string = EblomladanAnswer,
  Area extends string = EblomladanArea
> extends Tally<Answer> {
  /** The catalogue scored against. */
  catalogue: CatalogueRef;
  /** Municipality code. */
  municipality: string;
  /** Year assessed. */
  year: number;
  /** Whether every indicator is answered. */
  complete: boolean;
  /** Points of the answered indicators. */
  points: number;
  /** Points if every indicator got the best answer. */
  max_points: number;
  /** Points if every indicator got the lowest answer. */
  min_points: number;
  /** Per level, in catalogue order. */
  levels: Record<Level, LevelResult<Answer>>;
  /** Per area (flower), in catalogue order. */
  areas: Record<Area, AreaResult<Level, Answer>>;
}

/** One problem found in input, with its place in the document. */
export interface Problem {
  /** `"error"` makes the input unusable; a `"warning"` does not. */
  severity: "error" | "warning";
  /** JSON path such as `"$.answers.lead-03.answer"` (`"$"` when the whole input or call is meant). */
  path: string;
  /** 1-based line where the JSON parser knows it, else `null`. */
  line: number | null;
  /** 1-based column where the JSON parser knows it, else `null`. */
  column: number | null;
  /** What is wrong and what was expected. */
  message: string;
}

/** What kind of error an `EblomladaError` is. */
export type EblomladaErrorKind =
  | "InvalidCatalogue"
  | "InvalidAssessment"
  | "UnknownCatalogue"
  | "UnknownIndicator"
  | "UnknownAnswer"
  | "InvalidField"
  | "InvalidArgument"
  | "Error";

/** Options of the render functions; every field may be left out. */
export interface RenderOptions {
  /** Language of labels and catalogue texts: `"sv"` (default) or `"en"`. */
  lang?: "sv" | "en" | (string & {});
  /** Width in pixels of the `width` attribute (default 960); the height follows. */
  width?: number;
  /** Write the title, area names and scores into the picture (default `true`). */
  labels?: boolean;
  /** Draw the legend (default `true`). */
  legend?: boolean;
  /** `"standard"` (default) or `"colour-blind"` (Okabe–Ito colours and patterns). */
  palette?: "standard" | "colour-blind";
}

/** One answer as written in an assessment file; other fields are kept as they are. */
export interface AnswerEntry {
  /** An answer id of the catalogue's scale. */
  answer: string;
  /** Why this answer was given. */
  comment?: string;
  [field: string]: unknown;
}

/** An assessment file, as `toJSON()` gives it; optional fields (name, status…) are kept. */
export interface AssessmentDocument {
  /** The catalogue answered. */
  catalogue: CatalogueRef;
  /** Four-digit municipality code, e.g. `"1881"`. */
  municipality: string;
  /** The year assessed. */
  year: number;
  /** Answers by indicator id, in catalogue order. */
  answers: Record<string, AnswerEntry>;
  [field: string]: unknown;
}

/** One possible answer of a catalogue's scale. */
export interface ScaleEntry {
  /** Answer id, e.g. `"fully"`. */
  id: string;
  /** Points the answer gives. */
  points: number;
  /** Colour name, e.g. `"green"`. */
  colour: string;
  /** Label per language. */
  label: Text;
}

/** A level and its exact weight in a flower's score. */
export interface CatalogueLevel {
  /** Level id, e.g. `"services"`. */
  id: string;
  /** Exact weight, e.g. `"1/2"`. */
  weight: FractionText;
  /** Name per language. */
  name: Text;
}

/** A colour band: flowers scoring at least `min` get `colour`. */
export interface Band {
  /** Colour name. */
  colour: string;
  /** Lowest score of the band, exact. */
  min: FractionText;
}

/** A service area: one flower. */
export interface CatalogueArea {
  /** Area id, e.g. `"elderly"`. */
  id: string;
  /** Name per language. */
  name: Text;
}

/** One statement a municipality rates itself against. */
export interface CatalogueIndicator {
  /** Indicator id, e.g. `"elderly-01"`. */
  id: string;
  /** Level id. */
  level: string;
  /** Area id; absent for a general indicator that counts for every area. */
  area?: string;
  /** The statement per language. */
  text: Text;
  /** How the source text was restored, where it was. */
  restored?: string;
}

/** Guidance text of a catalogue, e.g. the definition of a digital service. */
export interface Guidance {
  /** Guidance id. */
  id: string;
  /** Title per language. */
  title: Text;
  /** Body per language. */
  text: Text;
}

/** Where a catalogue comes from and which decisions it records. */
export interface Provenance {
  /** The source documents. */
  source: string;
  /** Inferences and decisions. */
  notes: string[];
}

/** A catalogue file, as `Catalogue.toJSON()` gives it. */
export interface CatalogueDocument {
  /** Catalogue family. */
  id: string;
  /** Version. */
  version: string;
  /** Name per language. */
  name: Text;
  /** Years the catalogue was made for. */
  measurement_years: number[];
  /** The answer scale, best first. */
  scale: ScaleEntry[];
  /** Levels and weights. */
  levels: CatalogueLevel[];
  /** Colour bands, highest first. */
  bands: Band[];
  /** Service areas. */
  areas: CatalogueArea[];
  /** Indicators in catalogue order. */
  indicators: CatalogueIndicator[];
  /** Guidance texts. */
  guidance: Guidance[];
  /** Source and decisions. */
  provenance?: Provenance;
  /** Free-form metadata. */
  metadata?: unknown;
}
"#;

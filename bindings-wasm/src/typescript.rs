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
  | "InvalidContribution"
  | "InvalidDecisions"
  | "InconsistentContributions"
  | "Empty"
  | "InvalidPublished"
  | "UnknownPublished"
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
  /** Indicator ids with an open disagreement (`TeamReport.open`): dotted violet outline, legend entry. */
  disagreements?: string[];
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

/** What a respondent answers: any union of areas (their own indicators), levels and single ids. */
export interface ScopeDocument {
  /** Area ids, e.g. `"elderly"`. */
  areas?: string[];
  /** Level ids, e.g. `"lead"`: every indicator of the level. */
  levels?: string[];
  /** Single indicator ids, e.g. `"tech-03"`. */
  indicators?: string[];
}

/** A team member who answers part of an assessment. */
export interface Respondent {
  /** Unique within the team, e.g. `"soc-1"`. */
  id: string;
  /** As the coordinator sees it. */
  name: string;
  /** The department answered for. */
  department?: string;
  /** What the respondent answers; left out: the whole catalogue. */
  scope?: ScopeDocument;
  [field: string]: unknown;
}

/** A contribution file: an assessment file plus its respondent. */
export interface ContributionDocument extends AssessmentDocument {
  /** Who answered, and what. */
  respondent: Respondent;
}

/** One coordinator decision. */
export interface Decision {
  /** The answer decided, an answer id such as `"partly"`. */
  answer: string;
  /** Why. */
  comment?: string;
}

/** The coordinator's decisions: by indicator id an answer or a `Decision`, or the file's shape. */
export type Decisions = Record<string, Decision | EblomladanAnswer | (string & {})> | { decisions: Record<string, Decision> };

/** What an undecided disagreement becomes: left open (unanswered), the lowest answer, or the median. */
export type TeamPolicy = "open" | "lowest" | "median";

/** How a merged answer was reached. */
export type TeamResolution = "unanswered" | "single" | "unanimous" | "decision" | "policy" | "open";

/** One respondent's answer to one indicator. */
export interface TeamResponse {
  /** Respondent id. */
  respondent: string;
  /** Respondent name. */
  name: string;
  /** Respondent department. */
  department?: string;
  /** The answer id. */
  answer: string;
  /** The respondent's comment. */
  comment?: string;
}

/** Who answered what for one indicator, and how the merged answer was reached. */
export interface TeamIndicator {
  /** The indicator's level. */
  level: string;
  /** The indicator's area; `null` for general indicators. */
  area: string | null;
  /** Respondents whose scope includes the indicator. */
  assigned: string[];
  /** Every response, in respondent-id order. */
  responses: TeamResponse[];
  /** Whether every response gives the same answer. */
  agree: boolean;
  /** The merged answer; `null` when unanswered or open. */
  merged: string | null;
  /** How it was reached. */
  resolution: TeamResolution;
}

/** Answered of assigned. */
export interface TeamProgress {
  /** Indicators in scope. */
  assigned: number;
  /** Of those, answered. */
  answered: number;
}

/** One respondent's participation. */
export interface TeamParticipation extends TeamProgress {
  /** Respondent id. */
  id: string;
  /** Name. */
  name: string;
  /** Department. */
  department?: string;
  /** The scope as written; `null` for the whole catalogue. */
  scope: ScopeDocument | null;
  /** Per area with something assigned. */
  areas: Record<string, TeamProgress>;
  /** Per level with something assigned. */
  levels: Record<string, TeamProgress>;
}

/** Counts of a merge. */
export interface TeamSummary {
  /** Respondents. */
  respondents: number;
  /** Indicators of the catalogue. */
  indicators: number;
  /** Indicators answered after merging. */
  answered: number;
  /** Indicators where respondents disagree (decided or not). */
  disagreements: number;
  /** Disagreements still open. */
  open: number;
  /** Indicators the coordinator decided. */
  decided: number;
  /** Indicators nobody's scope covers. */
  unassigned: number;
}

/** The team report: exactly the JSON of `eblomlada team merge --report`. */
export interface TeamReport {
  /** The catalogue. */
  catalogue: CatalogueRef;
  /** Municipality code. */
  municipality: string;
  /** Year. */
  year: number;
  /** The policy used. */
  policy: TeamPolicy;
  /** Counts. */
  summary: TeamSummary;
  /** Per respondent, in id order. */
  participation: TeamParticipation[];
  /** Every indicator, in catalogue order. */
  indicators: Record<string, TeamIndicator>;
  /** Open disagreements, in catalogue order. */
  open: string[];
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

/// The types of the analysis functions (feature `analysis`: `pkg-analysis/`, `pkg-analysis-node/`).
#[cfg(feature = "analysis")]
#[wasm_bindgen(typescript_custom_section)]
const ANALYSIS_TYPES: &'static str = r#"
/** What kind of error an analysis function threw, besides the kinds of `EblomladaErrorKind`. */
export type AnalysisErrorKind =
  | "Empty"
  | "MixedCatalogues"
  | "CatalogueMismatch"
  | "UnknownArea"
  | "UnknownColour"
  | "InvalidMapping"
  | "InvalidCsv"
  | "InvalidGrouping"
  | "Unplannable"
  | "TooLarge";

/**
 * How a compilation groups assessments: by county (län, from the municipality code), by year,
 * or by a map from municipality code to group name (e.g. SKR's municipality groups).
 */
export type Grouping = "county" | "year" | Record<string, string>;

/** Options of `compile`; every field may be left out. */
export interface CompileOptions {
  /** How to group the assessments (default: no groups). */
  by?: Grouping | null;
  /** How many indicators the top and bottom lists hold (default 10). */
  top?: number;
  /** Pools assessments of the mapping's old version, translated to its new one. */
  mapping?: Mapping | null;
}

/** Options of `compare`; every field may be left out. */
export interface CompareOptions {
  /** Also compare with the assessment's own group (its county, its year, its group in the map). */
  by?: Grouping | null;
  /** Pools assessments of the mapping's old version, translated to its new one. */
  mapping?: Mapping | null;
}

/** Options of `plan`; every field may be left out. */
export interface PlanOptions {
  /** Plan for this area only (default: every area, and a set that makes all of them reach the target). */
  area?: string | null;
  /** The target colour band (default: the best band, `"green"`). */
  target?: string | null;
  /**
   * The most changes and per-flower effects a plan may list (default 100 000); a bigger plan is
   * a `TooLarge` error before any work, as `eblomlada plan --max-plan-entries`.
   */
  maxEntries?: number | null;
}

/** Options of `renderReport`; every field may be left out. */
export interface ReportOptions {
  /** Last year's assessment (same catalogue): the change from last year. */
  previous?: Assessment | null;
  /** Assessments to compile as the reference (default: the published national figures of the catalogue and year where they exist). */
  against?: Assessment[] | null;
  /** `"sv"` (default) or `"en"`. */
  lang?: string | null;
  /** `"standard"` (default) or `"colour-blind"`. */
  palette?: string | null;
}

/** Options of `fromCsv`. */
export interface CsvOptions {
  /** Columns the format does not know (an index, a name): `"ignore"` (the default) or `"error"`. */
  extra?: "ignore" | "error";
  /** The field separator, one character; without it `,` `;` or tab is detected. */
  sep?: string;
}

/** Options of `synthetic`: `seed` and `years` are required. */
export interface SyntheticOptions {
  /** The seed (a whole number from 0 to 2^53 − 1); the same options give the same data. */
  seed: number;
  /** The years to generate. */
  years: number[];
  /** The municipality codes (default: all 290). */
  municipalities?: string[];
  /**
   * Probability that a municipality publishes an assessment in a given year (default: as many
   * as in the seeds, 61 of 290 in 2017 and 40 in 2016, or every one of `municipalities`).
   */
  participation?: number;
  /** Mean share of indicators left unanswered (default 0). */
  unanswered?: number;
  /** Probability that an answer carries a comment (default 0.05). */
  comments?: number;
  /** The catalogue answered (default the built-in eBlomlådan 2016). */
  catalogue?: Catalogue;
}

/** Figures of one indicator in a compilation. */
export interface IndicatorStats {
  /** The indicator's level. */
  level: string;
  /** The area it is scoped to; absent for a general indicator. */
  area?: string;
  /** Assessments that answered it. */
  answered: number;
  /** Assessments that left it unanswered. */
  unanswered: number;
  /** Assessments per answer, in scale order. */
  counts: Record<string, number>;
  /** Each answer's share of the answered (0–1); `null` when nobody answered. */
  shares: Record<string, number> | null;
  /** The shares in whole percent, rounded half up; `null` when nobody answered. */
  percent: Record<string, number> | null;
  /** Mean points of the answered; `null` when nobody answered. */
  mean: number | null;
  /** The mean as an exact fraction. */
  mean_exact: FractionText | null;
}

/** Figures of one level in a compilation. */
export interface LevelStats {
  /** Assessments that answered at least one indicator of the level. */
  assessments: number;
  /** Mean of the per-assessment level means; `null` when no assessment answered the level. */
  mean: number | null;
  /** The same mean as an exact fraction, when it fits. */
  mean_exact: FractionText | null;
  /** Mean points of every answer at the level, pooled over assessments. */
  pooled_mean: number | null;
  /** Answers given at the level, over all assessments. */
  answered: number;
  /** Indicators of the level left unanswered, over all assessments. */
  unanswered: number;
  /** Answers per answer id. */
  counts: Record<string, number>;
  /** Each answer's share of the answers at the level; `null` when none. */
  shares: Record<string, number> | null;
  /** The shares in whole percent, rounded half up. */
  percent: Record<string, number> | null;
}

/** Figures of one area (flower) in a compilation. */
export interface AreaStats {
  /** Assessments whose flower is complete (has a score and a colour). */
  scored: number;
  /** Assessments whose flower is still incomplete. */
  incomplete: number;
  /** Mean flower score of the complete flowers; `null` when none. */
  mean: number | null;
  /** The mean flower score as an exact fraction. */
  mean_exact: FractionText | null;
  /** Per level, the mean over complete flowers of the area's level mean. */
  means: Record<string, number | null>;
  /** Complete flowers per band colour, in band order. */
  colours: Record<string, number>;
  /** Each colour's share of the complete flowers; `null` when none. */
  colour_shares: Record<string, number> | null;
  /** The area's best indicator (highest share of the best answer). */
  best: RankedIndicator | null;
  /** The area's worst indicator (highest share of the lowest answer). */
  worst: RankedIndicator | null;
}

/** An indicator in a top, bottom, best or worst list. */
export interface RankedIndicator {
  /** 1-based place in the list. */
  rank: number;
  /** Indicator id. */
  id: string;
  /** Its level. */
  level: string;
  /** Its area, if scoped. */
  area?: string;
  /** The statement in the catalogue's source language. */
  statement: string;
  /** Share of the answered that gave the best answer (0–1). */
  share: number;
  /** The share in whole percent, rounded half up. */
  percent: number;
  /** The answer the list counts: the best for best and top, the lowest for worst and bottom. */
  ranked_by: string;
  /** Share of the answered that gave `ranked_by` (0–1). */
  ranked_share: number;
  /** That share in whole percent, rounded half up. */
  ranked_percent: number;
  /** Mean points of the answered. */
  mean: number;
  /** Assessments that answered it. */
  answered: number;
}

/** The figures of a compilation, over all assessments or over one group. */
export interface CompilationFigures {
  /** How many assessments. */
  assessments: number;
  /** How many different municipalities. */
  municipalities: number;
  /** The years assessed, ascending. */
  years: number[];
  /** Assessments with every indicator answered. */
  complete: number;
  /** Per indicator, in catalogue order. */
  indicators: Record<string, IndicatorStats>;
  /** Per level, in catalogue order. */
  levels: Record<string, LevelStats>;
  /** Per area, in catalogue order. */
  areas: Record<string, AreaStats>;
  /** The N indicators with the highest share of the best answer. */
  top: RankedIndicator[];
  /** The N indicators with the highest share of the lowest answer. */
  bottom: RankedIndicator[];
}

/** One group of a compilation. */
export interface CompilationGroup extends CompilationFigures {
  /** The group's name where one is known (the county's name). */
  name?: string;
}

/** How many assessments of each catalogue version went into a compilation. */
export interface CompilationSource {
  /** The catalogue version. */
  catalogue: CatalogueRef;
  /** How many assessments. */
  assessments: number;
  /** Whether they were translated through a version mapping. */
  mapped: boolean;
}

/** A compilation: exactly the JSON of `eblomlada compile`, in catalogue order everywhere. */
export interface Compilation extends CompilationFigures {
  /** The catalogue of the figures. */
  catalogue: CatalogueRef;
  /** `"county"`, `"year"` or `"custom"`; absent without grouping. */
  grouping?: "county" | "year" | "custom";
  /** The catalogue versions pooled. */
  sources: CompilationSource[];
  /** How many of the assessments are synthetic (invented data, not real results). */
  synthetic: number;
  /** Per group, ordered by key (county code, year, group name); absent without grouping. */
  groups?: Record<string, CompilationGroup>;
  /** With a map: the municipalities it does not name (they count in the overall figures only). */
  ungrouped?: string[];
}

/** Whether an answer gives more, as many or fewer points than the compilation's mean. */
export type Standing = "above" | "same" | "below";

/** A value (level mean or flower score) against a compilation. */
export interface Position {
  /** The assessment's value; `null` when it has none (an incomplete flower, an unanswered level). */
  value: number | null;
  /** The value as an exact fraction. */
  value_exact: FractionText | null;
  /** The compilation's mean. */
  mean: number | null;
  /** The compilation's median. */
  median: number | null;
  /** The median as an exact fraction. */
  median_exact: FractionText | null;
  /** `value − mean`. */
  difference: number | null;
  /** 1 + how many have a strictly higher value. */
  rank: number | null;
  /** How many in the compilation have a value. */
  of: number;
  /** Percent strictly below plus half percent equal (0–100). */
  percentile: number | null;
}

/** A flower against a compilation. */
export interface AreaPosition extends Position {
  /** The flower's colour; `null` until complete. */
  colour: string | null;
  /** Whether the flower is complete. */
  complete: boolean;
}

/** One indicator against a compilation ("77 % have digital safety alarms; we do too"). */
export interface IndicatorComparison {
  /** The assessment's answer; `null` when unanswered. */
  answer: string | null;
  /** Its points. */
  points: number | null;
  /** Whether the assessment gave the best answer. */
  meets: boolean;
  /** Share of the compilation's answers that are the best answer. */
  share: number | null;
  /** That share in whole percent. */
  percent: number | null;
  /** The compilation's mean points. */
  mean: number | null;
  /** The answer's points against that mean; `null` when either is missing. */
  standing: Standing | null;
}

/** One assessment against a set of assessments (all of them, or its group). */
export interface ComparisonAgainst {
  /** Group key (county code, year, group name); empty for the whole compilation. */
  key: string;
  /** The group's name, where known. */
  name?: string;
  /** How many assessments. */
  assessments: number;
  /** Per level. */
  levels: Record<string, Position>;
  /** Per area. */
  areas: Record<string, AreaPosition>;
  /** Per indicator. */
  indicators: Record<string, IndicatorComparison>;
}

/** One assessment compared with a compilation: exactly the JSON of `eblomlada compare`. */
export interface Comparison {
  /** The catalogue. */
  catalogue: CatalogueRef;
  /** Municipality code. */
  municipality: string;
  /** Its name, where known. */
  name?: string;
  /** The year assessed. */
  year: number;
  /** How many assessments of the compilation are synthetic (invented data). */
  synthetic: number;
  /** Against every assessment of the compilation. */
  all: ComparisonAgainst;
  /** Against the assessment's own group, when grouped. */
  group?: ComparisonAgainst;
}

/** One published national figure: the share of municipalities that gave `answer` to `indicator`. */
export interface PublishedFigure {
  /** Indicator id, e.g. `"elderly-06"`. */
  indicator: string;
  /** The answer the figure counts. */
  answer: string;
  /** Percent of the municipalities that published that year (0–100). */
  percent: number;
  /** The source's sentence, as it stands. */
  quote: string;
  /** The source document's file name; the document's `source` when left out. */
  source?: string;
}

/** A published-figures file: exactly `indicators/<catalogue key>.published-<year>.json`. */
export interface PublishedDocument {
  /** The catalogue the figures were measured with. */
  catalogue: CatalogueRef;
  /** The measurement year. */
  year: number;
  /** How many municipalities had published (the base of every percent). */
  assessments: number;
  /** Where the figures come from. */
  source: string;
  /** One figure per (indicator, answer). */
  figures: PublishedFigure[];
}

/** One published figure beside the municipality's own answer. */
export interface FigureComparison {
  /** Indicator id. */
  indicator: string;
  /** Its level. */
  level: string;
  /** Its area; `null` for a general indicator. */
  area: string | null;
  /** The answer the national figure counts. */
  answer: string;
  /** Percent of the municipalities that gave that answer. */
  percent: number;
  /** The source's sentence. */
  quote: string;
  /** The source document. */
  source: string;
  /** The municipality's own answer; `null` when unanswered. */
  own: string | null;
  /** Whether the municipality gave the answer the figure counts. */
  same: boolean;
  /** Whether the municipality gave the best answer. */
  meets: boolean;
  /** The figure and the own answer in one Swedish sentence. */
  text: string;
}

/** A section's (an area's, or a level's general indicators') best and worst published figures. */
export interface SectionFigures {
  /** `"area"` or `"level"`. */
  kind: string;
  /** The section's Swedish name. */
  name: string;
  /** Indicators with the highest share of the best answer (several when tied). */
  best: string[];
  /** Indicators with the highest share of the lowest answer (several when tied). */
  worst: string[];
}

/** What the published figures were. */
export interface PublishedSummary {
  /** The measurement year. */
  year: number;
  /** How many municipalities had published. */
  assessments: number;
  /** Where the figures come from. */
  source: string;
}

/** One assessment against published national figures: exactly the JSON of `eblomlada compare FILE --published`. */
export interface PublishedComparison {
  /** The catalogue. */
  catalogue: CatalogueRef;
  /** Municipality code. */
  municipality: string;
  /** Its name, where known. */
  name?: string;
  /** The year assessed. */
  year: number;
  /** 1 when the assessment is synthetic (invented data), else 0. */
  synthetic: number;
  /** The figures compared with. */
  published: PublishedSummary;
  /** Per figure, in the file's order. */
  figures: FigureComparison[];
  /** Per area (catalogue order), then per level for its general indicators. */
  sections: Record<string, SectionFigures>;
}

/** How one indicator's answer changed. */
export type DiffChange = "up" | "down" | "same" | "answered" | "cleared" | "unanswered" | "new";
/** How a new indicator relates to the old catalogue version. */
export type Relation = "same" | "reworded" | "stricter" | "merged" | "split" | "new";

/** A value before and after. */
export interface OldNew<T> {
  /** Before. */
  old: T;
  /** After. */
  new: T;
}

/** One indicator before and after. */
export interface IndicatorDiff {
  /** The old answer (translated across versions); `null` when unanswered. */
  old: string | null;
  /** The new answer; `null` when unanswered. */
  new: string | null;
  /** What changed. */
  change: DiffChange;
  /** Points after minus points before, when both are answered. */
  delta: number | null;
  /** Across versions: how the indicator relates to the old version. */
  relation?: Relation;
  /** Across versions: the old indicators it follows. */
  from?: string[];
  /** Present (`true`) when the new wording is stricter, so that a lower answer need not be a decline. */
  stricter?: boolean;
}

/** One answer's count before and after. */
export interface AnswerChange {
  /** Before. */
  old: number;
  /** After. */
  new: number;
  /** After minus before. */
  delta: number;
}

/** A score or mean before and after. */
export interface ScoreChange {
  /** Before; `null` when there is none (incomplete flower, unanswered level, no such area). */
  old: number | null;
  /** After. */
  new: number | null;
  /** Before, exact. */
  old_exact: FractionText | null;
  /** After, exact. */
  new_exact: FractionText | null;
  /** After minus before. */
  delta: number | null;
}

/** A flower's colour before and after. */
export interface ColourChange {
  /** Before; `null` while incomplete. */
  old: string | null;
  /** After. */
  new: string | null;
  /** Whether they differ. */
  changed: boolean;
}

/** One level before and after. */
export interface LevelDiff {
  /** Each answer's count before and after, over the level's indicators. */
  answers: Record<string, AnswerChange>;
  /** The level mean before and after. */
  mean: ScoreChange;
}

/** One flower before and after ("red answers went from four to two"). */
export interface AreaDiff {
  /** Each answer's count before and after, over the area's own indicators. */
  answers: Record<string, AnswerChange>;
  /** The flower score before and after. */
  score: ScoreChange;
  /** The flower colour before and after. */
  colour: ColourChange;
}

/** Two assessments compared: exactly the JSON of `eblomlada diff`. */
export interface DiffReport {
  /** The two catalogues. */
  catalogue: OldNew<CatalogueRef>;
  /** The two municipality codes (normally the same). */
  municipality: OldNew<string>;
  /** The two years. */
  year: OldNew<number>;
  /** Whether a version mapping was followed. */
  mapped: boolean;
  /** How many indicators changed in each way. */
  changes: Record<DiffChange, number>;
  /** How many indicators have stricter wording than before. */
  stricter: number;
  /** Total points before and after. */
  points: OldNew<number>;
  /** Per indicator of the new catalogue. */
  indicators: Record<string, IndicatorDiff>;
  /** Old indicators removed in the new version, with their old answer; absent when none. */
  removed?: Record<string, string | null>;
  /** Per level (matched by id). */
  levels: Record<string, LevelDiff>;
  /** Per area (matched by id). */
  areas: Record<string, AreaDiff>;
}

/** A flower's score after a change. */
export interface PlanGain {
  /** How much the flower score rises. */
  gain: number;
  /** The rise as an exact fraction. */
  gain_exact: FractionText;
  /** The flower score after the change. */
  score: number;
  /** Its colour band after the change. */
  colour: string | null;
  /** Whether the colour band gets better. */
  changes_colour: boolean;
}

/** A single-step change (red→yellow, yellow→green, red→green) and what it does to each flower. */
export interface PlanStep {
  /** Indicator id. */
  id: string;
  /** Its level. */
  level: string;
  /** Its area, if scoped (a general indicator counts for every flower). */
  area?: string;
  /** The answer now. */
  from: string;
  /** The better answer. */
  to: string;
  /** Answer steps between them (red→green is 2). */
  steps: number;
  /** Per flower it counts for (within the plan's areas): the effect. */
  gains: Record<string, PlanGain>;
  /** Sum of the gains. */
  total_gain: number;
  /** The flowers whose colour band gets better. */
  colour_changes: string[];
}

/** A single-step change seen from one flower. */
export interface AreaStep extends PlanGain {
  /** Indicator id. */
  id: string;
  /** The answer now. */
  from: string;
  /** The better answer. */
  to: string;
  /** Answer steps between them. */
  steps: number;
}

/** One change of a smallest set. */
export interface PlanMove {
  /** Indicator id. */
  id: string;
  /** The answer now. */
  from: string;
  /** The answer to reach. */
  to: string;
  /** Answer steps between them. */
  steps: number;
}

/** A flower's score after a set of changes. */
export interface PlanOutcome {
  /** The score. */
  score: number;
  /** The score as an exact fraction. */
  score_exact: FractionText;
  /** Its colour band. */
  colour: string | null;
}

/** The smallest set of changes that reaches the target: fewest indicators, then fewest steps. */
export interface MinimalSet {
  /** The changes, in catalogue order. */
  changes: PlanMove[];
  /** How many indicators change. */
  count: number;
  /** How many answer steps in all. */
  steps: number;
  /** The flowers' scores after the changes. */
  outcome: Record<string, PlanOutcome>;
}

/** The plan for one flower. */
export interface AreaPlan {
  /** Whether every indicator that counts for the area is answered. */
  complete: boolean;
  /** The (provisional while incomplete) flower score; `null` while a level has no answer. */
  score: number | null;
  /** The score as an exact fraction. */
  score_exact: FractionText | null;
  /** The colour band of the score. */
  colour: string | null;
  /** Whether the score is already in the target band or better. */
  reached: boolean;
  /** Single-step changes that raise this flower, best first. */
  ranked: AreaStep[];
  /** The smallest set of changes that reaches the target; empty when reached, `null` without a score. */
  minimal: MinimalSet | null;
}

/** The improvement plan of one assessment: exactly the JSON of `eblomlada plan`. */
export interface Plan {
  /** The catalogue. */
  catalogue: CatalogueRef;
  /** Municipality code. */
  municipality: string;
  /** Year assessed. */
  year: number;
  /** The target colour band. */
  target: string;
  /** Every single-step change that raises a flower of the plan, best first. */
  steps: PlanStep[];
  /** Per area planned. */
  areas: Record<string, AreaPlan>;
  /** Without a chosen area: the smallest set that makes every flower reach the target; absent when some flower has no score yet. */
  all?: MinimalSet;
}

/** One entry of a version mapping: a new indicator and what it follows in the old version. */
export interface MappingEntry {
  /** How it relates to the old version. */
  relation: Relation;
  /** The old indicators it corresponds to (none for `new`). */
  from?: string[];
  /** What changed, in words. */
  note?: string;
}

/** A version mapping file, as `Mapping.toJSON()` gives it. */
export interface MappingDocument {
  /** The old catalogue. */
  from: CatalogueRef;
  /** The new catalogue. */
  to: CatalogueRef;
  /** One entry per indicator of the new catalogue, keyed by its id. */
  indicators: Record<string, MappingEntry>;
  /** Old indicators with no counterpart in the new version. */
  removed: string[];
  /** Free text. */
  notes: string[];
}
"#;

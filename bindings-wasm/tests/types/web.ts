// Type-checked by tests/node/types.test.mjs (tsc --noEmit, strict): how a TypeScript user of the
// browser package writes code, and what the types must reject.
import init, { Assessment, Catalogue, EblomladaError, renderAnswerChart, renderFlowerbox } from '../../pkg/index.js';
import type { AreaResult, AssessmentDocument, CatalogueDocument, Problem, ScoreResult } from '../../pkg/index.js';
import { EblomFlowerbox } from '../../pkg/element.js';

await init();
const catalogue: Catalogue = Catalogue.builtin('eblomladan-2016');
const doc: CatalogueDocument = catalogue.toJSON();
const statement: string | undefined = doc.indicators[0]?.text['sv'];
const a = new Assessment(catalogue, '1881', 2017);
a.answer('elderly-01', 'fully', 'Sedan 2016.');
a.answer('elderly-01', 'partly', null);
a.answer('lead-01', 'not_met');
a.setComment('lead-01', null);
const answer: string | undefined = a.answerOf('lead-01');
const score: ScoreResult = a.score();
const elderly: AreaResult = score.areas.elderly;
const colour: string | null = elderly.colour;
const leadMean: number | null = elderly.lead;
const fully: number = score.counts.fully;
const share: number | undefined = score.shares?.partly;
const mean: number | null = score.levels.tech.mean;
// @ts-expect-error: not an area of eBlomlådan 2016
score.areas.harbour;
// @ts-expect-error: counts are numbers
const wrong: string = score.counts.fully;
const file: AssessmentDocument = a.toJSON();
const status: unknown = file['status'];
const svg: string = renderFlowerbox(a, { lang: 'en', palette: 'colour-blind', width: 640, legend: false });
renderAnswerChart(a);
// @ts-expect-error: no such palette
renderFlowerbox(a, { palette: 'rainbow' });
try {
  Assessment.fromJson('{}', catalogue);
} catch (error) {
  if (error instanceof EblomladaError) {
    const problems: Problem[] = error.problems;
    const line: number | null = problems[0]?.line ?? null;
    console.log(error.kind === 'InvalidAssessment', line, error.message);
  }
}
const element = document.querySelector('eblom-flowerbox');
if (element) {
  const typed: EblomFlowerbox = element;
  typed.assessment = a;
  typed.assessment = '{"catalogue": {}}';
  typed.addEventListener('change', (event) => {
    const json: string = event.detail.json;
    const which: string = event.detail.indicator;
    const previous: string | null = event.detail.previous;
    console.log(json.length, which, previous, String(event.detail));
  });
  typed.addEventListener('open', (event) => {
    const group: string = event.detail.group;
    console.log(group, event.detail.indicator);
  });
  typed.openGroup('area:elderly');
  typed.openGroup('level:lead', 'lead-02');
  typed.refresh();
  const opened: string | null = typed.openedGroup;
  console.log(opened);
  const current: Assessment | null = typed.assessment;
  console.log(current);
}
console.log(statement, answer, colour, leadMean, fully, share, mean, wrong, status, svg);

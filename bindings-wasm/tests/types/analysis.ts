// Type-checked by tests/node/types.test.mjs (tsc --noEmit, strict): how a TypeScript user of the
// analysis packages (pkg-analysis/, pkg-analysis-node/) writes code, and what the types reject.
import init, { Assessment, Catalogue, compile, compare, diff, EblomladaError, fromCsv, Mapping, plan, synthetic, toCsv } from '../../pkg-analysis/index.js';
import type {
  AnalysisErrorKind,
  Compilation,
  Comparison,
  DiffReport,
  EblomladaErrorKind,
  MappingDocument,
  Plan,
  RankedIndicator,
} from '../../pkg-analysis/index.js';
import * as node from '../../pkg-analysis-node/index.js';

await init();
const catalogue = Catalogue.builtin('eblomladan-2016');
const data: Assessment[] = synthetic({ seed: 7, years: [2016, 2017], participation: 0.9 });
const national: Compilation = compile(data, { by: 'county', top: 10 });
const share: number | undefined = national.indicators['elderly-06']?.shares?.['fully'];
const top: RankedIndicator | undefined = national.top[0];
const county: string | undefined = national.groups?.['18']?.name;
const custom: Compilation = compile(data, { by: { '1881': 'B4', '0180': 'A1' } });
const ungrouped: string[] | undefined = custom.ungrouped;
const kumla = data.find((a) => a.municipality === '1881' && a.year === 2017);
if (kumla) {
  const comparison: Comparison = compare(kumla, data, { by: 'county' });
  const percentile: number | null | undefined = comparison.group?.areas['elderly']?.percentile;
  const trend: DiffReport = diff(kumla, kumla);
  const up: number = trend.changes.up;
  const years: [number, number] = [trend.year.old, trend.year.new];
  const p: Plan = plan(kumla, { area: 'elderly', target: 'green' });
  const count: number | undefined = p.areas['elderly']?.minimal?.count;
  console.log(percentile, up, years, count);
  // @ts-expect-error: unknown option
  plan(kumla, { areas: 'elderly' });
  // @ts-expect-error: `by` is "county", "year" or a map
  compile(data, { by: 'kommun' });
}
const csv: string = toCsv(data);
const back: Assessment[] = fromCsv(csv, [catalogue]);
const semicolons: Assessment[] = fromCsv(csv, undefined, { extra: 'error', sep: ';' });
const mapping: Mapping = Mapping.fromJson('{}', catalogue, catalogue);
const doc: MappingDocument = mapping.toJSON();
const again: DiffReport = diff(back[0]!, back[1]!, mapping);
try {
  compile([]);
} catch (error) {
  if (error instanceof EblomladaError) {
    const kind: EblomladaErrorKind | AnalysisErrorKind = error.kind;
    if (error.kind === 'InvalidCsv') console.log(error.problems[0]?.line);
    console.log(kind);
  }
}
// @ts-expect-error: seed and years are required
synthetic({ seed: 1 });
const nodeCompilation: node.Compilation = node.compile(node.synthetic({ seed: 1, years: [2017] }));
console.log(share, top, county, ungrouped, back.length, doc.indicators, again.mapped, nodeCompilation.assessments);

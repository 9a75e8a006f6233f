// The hand-written TypeScript types (src/typescript.rs, emitted into eblomlada.d.ts) against the
// JSON Schemas the core generates (schema/*.schema.json): same fields, same optionality and
// nullability, same kinds. Then a strict `tsc --noEmit` of typical user code (tests/types/).
// The analysis package's types (pkg-analysis-node/, cargo feature `analysis`) are checked the same
// way against the compilation, comparison, diff, plan and mapping schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, read, repo, wasmDir } from './helpers.mjs';

const dts = read(wasmDir, 'pkg-node', 'eblomlada.d.ts');
const schema = (name) => JSON.parse(read(repo, 'schema', `${name}.schema.json`));

/** `export interface Name<…> extends Base<…> { members }` → `{ members: Map<name, {optional, type}>, base }`. */
function interfaces(text) {
  const found = new Map();
  const re = /export interface (\w+)(?:<[\s\S]*?>)?\s*(?:extends (\w+)(?:<[^>]*>)?)?\s*\{([\s\S]*?)\n\}/g;
  for (const [, name, base, body] of text.matchAll(re)) {
    const members = new Map();
    let index = null;
    for (const line of body.split('\n')) {
      const m = line.match(/^\s+(\w+)(\?)?:\s*(.+);\s*$/);
      if (m) members.set(m[1], { optional: Boolean(m[2]), type: m[3] });
      const sig = line.match(/^\s+\[\w+: string\]:\s*(.+);\s*$/);
      if (sig) index = sig[1];
    }
    found.set(name, { base, members, index });
  }
  return found;
}

const ts = interfaces(dts);
const analysisDts = read(wasmDir, 'pkg-analysis-node', 'eblomlada.d.ts');
const ats = interfaces(analysisDts);

/** `export type Name = "a" | "b";` aliases of string literals → their values. */
function stringAliases(text) {
  const found = new Map();
  for (const [, name, body] of text.matchAll(/export type (\w+) =\s*([^;]+);/g)) {
    const parts = body.split('|').map((p) => p.trim()).filter(Boolean);
    if (parts.every((p) => /^"[^"]*"$/.test(p))) found.set(name, parts.map((p) => p.slice(1, -1)));
  }
  return found;
}
const aliases = stringAliases(analysisDts);

/** All members of an interface with its base's. */
function membersOf(name, map = ts) {
  const i = map.get(name);
  assert.ok(i, `interface ${name} is in the .d.ts`);
  const base = i.base ? membersOf(i.base, map) : new Map();
  return new Map([...base, ...i.members]);
}

function resolve(root, node) {
  if (node && node.$ref) return resolve(root, root.$defs[node.$ref.split('/').pop()]);
  return node;
}

/** The kind of a schema node: number, string, boolean, array, object, any; and whether null is allowed. */
function schemaKind(root, node) {
  let nullable = false;
  let kinds = [];
  const visit = (n) => {
    n = resolve(root, n);
    if (!n || Object.keys(n).length === 0 || n === true) return kinds.push('any');
    if (n.anyOf || n.oneOf) return (n.anyOf || n.oneOf).forEach(visit);
    const types = Array.isArray(n.type) ? n.type : n.type ? [n.type] : n.additionalProperties ? ['object'] : ['any'];
    for (const t of types) {
      if (t === 'null') nullable = true;
      else kinds.push(t === 'integer' ? 'number' : t);
    }
  };
  visit(node);
  kinds = [...new Set(kinds)];
  return { kind: kinds.length === 1 ? kinds[0] : 'any', nullable };
}

function tsKind(type) {
  const parts = type.split('|').map((p) => p.trim());
  const nullable = parts.includes('null');
  const rest = parts.filter((p) => p !== 'null' && p !== 'undefined').join(' | ');
  let kind = 'object';
  if (rest === 'unknown' || rest === 'any') kind = 'any';
  else if (rest === 'number') kind = 'number';
  else if (rest === 'boolean') kind = 'boolean';
  else if (rest === 'string' || rest === 'FractionText' || /^"/.test(rest) || aliases.has(rest)) kind = 'string';
  else if (rest.endsWith('[]')) kind = 'array';
  return { kind, nullable };
}

/** Compares one schema object (root or a $def) with one TypeScript interface. */
function compare(root, node, name, map = ts) {
  node = resolve(root, node);
  const members = membersOf(name, map);
  const props = node.properties || {};
  assert.deepStrictEqual([...members.keys()].sort(), Object.keys(props).sort(), `${name}: the same fields as the schema`);
  for (const [field, prop] of Object.entries(props)) {
    const m = members.get(field);
    const s = schemaKind(root, prop);
    const t = tsKind(m.type);
    if ((node.required || []).includes(field)) assert.ok(!m.optional, `${name}.${field} is required by the schema`);
    if (t.nullable) assert.ok(s.nullable, `${name}.${field}: \`| null\` in TypeScript but not in the schema`);
    // A field the schema lets be null is either \`| null\` or, where the output leaves it out, optional.
    if (s.nullable && !t.nullable) assert.ok(m.optional || t.kind === 'any', `${name}.${field}: null allowed in the schema`);
    if (s.kind !== 'any') assert.equal(t.kind, s.kind, `${name}.${field}: kind`);
  }
  return members;
}

test('ScoreResult types match schema/score-result.schema.json', () => {
  const root = schema('score-result');
  compare(root, root, 'ScoreResult');
  compare(root, root.$defs.LevelResult, 'LevelResult');
  compare(root, root.$defs.CatalogueRef, 'CatalogueRef');
  const area = root.$defs.AreaResult;
  compare(root, area, 'AreaResultFields');
  // The schema's additionalProperties (level means, number or null) are the mapped level keys.
  assert.deepStrictEqual(schemaKind(root, area.additionalProperties), { kind: 'number', nullable: true });
  assert.match(dts, /AreaResultFields<Answer> & \{ \[L in Level\]: number \| null \}/);
});

test('every field of real score results is typed', () => {
  const fields = {
    root: membersOf('ScoreResult'),
    level: membersOf('LevelResult'),
    area: membersOf('AreaResultFields'),
  };
  for (const [name, , expected] of fixtures()) {
    for (const key of Object.keys(expected)) assert.ok(fields.root.has(key), `${name}: ${key}`);
    for (const level of Object.values(expected.levels)) for (const key of Object.keys(level)) assert.ok(fields.level.has(key), `${name}: level ${key}`);
    for (const area of Object.values(expected.areas)) {
      for (const key of Object.keys(area)) {
        assert.ok(fields.area.has(key) || Object.keys(expected.levels).includes(key), `${name}: area ${key}`);
      }
    }
  }
});

test('CatalogueDocument types match schema/catalogue.schema.json', () => {
  const root = schema('catalogue');
  compare(root, root, 'CatalogueDocument');
  const pairs = { Area: 'CatalogueArea', Band: 'Band', Guidance: 'Guidance', Indicator: 'CatalogueIndicator', Level: 'CatalogueLevel', Provenance: 'Provenance', ScaleEntry: 'ScaleEntry' };
  for (const [def, name] of Object.entries(pairs)) compare(root, root.$defs[def], name);
});

test('AssessmentDocument types match schema/assessment.schema.json', () => {
  const root = schema('assessment');
  compare(root, root, 'AssessmentDocument');
  compare(root, root.$defs.AnswerEntry, 'AnswerEntry');
  assert.equal(ts.get('AssessmentDocument').index, 'unknown', 'optional top-level fields are kept: index signature');
  assert.equal(ts.get('AnswerEntry').index, 'unknown');
});

test('team types match schema/contribution.schema.json and schema/team-report.schema.json', () => {
  const contribution = schema('contribution');
  compare(contribution, contribution, 'ContributionDocument');
  compare(contribution, contribution.$defs.RespondentDocument, 'Respondent');
  compare(contribution, contribution.$defs.ScopeDocument, 'ScopeDocument');
  const decisions = schema('decisions');
  compare(decisions, decisions.$defs.Decision, 'Decision');
  const root = schema('team-report');
  compare(root, root, 'TeamReport');
  const pairs = { TeamSummary: 'TeamSummary', Participation: 'TeamParticipation', Progress: 'TeamProgress', IndicatorReport: 'TeamIndicator', Response: 'TeamResponse' };
  for (const [def, name] of Object.entries(pairs)) compare(root, root.$defs[def], name);
  assert.deepStrictEqual(consts(root, 'Resolution').sort(), stringAliases(dts).get('TeamResolution').sort());
  assert.deepStrictEqual(consts(root, 'Policy').sort(), stringAliases(dts).get('TeamPolicy').sort());
});

test('Problem type matches what errors carry', async () => {
  const { eblomlada } = await import('./helpers.mjs');
  const members = membersOf('Problem');
  try {
    eblomlada.Assessment.fromJson('{');
    assert.fail('expected an error');
  } catch (error) {
    assert.deepStrictEqual(Object.keys(error.problems[0]).sort(), [...members.keys()].sort());
  }
});

const tsc = join(wasmDir, 'node_modules', 'typescript', 'bin', 'tsc');
test('typical TypeScript code type-checks against the packages, analysis included (tsc --strict)', { skip: !existsSync(tsc) && 'typescript is not installed (npm ci)' }, () => {
  try {
    execFileSync(process.execPath, [tsc, '-p', join(wasmDir, 'tests', 'types', 'tsconfig.json')], { encoding: 'utf8' });
  } catch (error) {
    assert.fail(`tsc found errors:\n${error.stdout}${error.stderr}`);
  }
});

// ---- the analysis package ----------------------------------------------------------------------

/** The `const` values of a schema enum (`oneOf` of consts). */
const consts = (root, def) => root.$defs[def].oneOf.map((o) => o.const);

test('analysis: the base types are the same as in the main package', () => {
  for (const name of ['ScoreResult', 'AssessmentDocument', 'CatalogueDocument', 'Problem', 'RenderOptions']) {
    assert.deepStrictEqual(ats.get(name), ts.get(name), name);
  }
  assert.ok(!dts.includes('interface Compilation'), 'the main package has no analysis types');
});

test('analysis: Compilation types match schema/compilation.schema.json', () => {
  const root = schema('compilation');
  compare(root, root, 'Compilation', ats);
  const pairs = { Group: 'CompilationGroup', Source: 'CompilationSource', IndicatorStats: 'IndicatorStats', LevelStats: 'LevelStats', AreaStats: 'AreaStats', RankedIndicator: 'RankedIndicator', CatalogueRef: 'CatalogueRef' };
  for (const [def, name] of Object.entries(pairs)) compare(root, root.$defs[def], name, ats);
});

test('analysis: Comparison types match schema/comparison.schema.json', () => {
  const root = schema('comparison');
  compare(root, root, 'Comparison', ats);
  const pairs = { Against: 'ComparisonAgainst', Position: 'Position', AreaPosition: 'AreaPosition', IndicatorComparison: 'IndicatorComparison' };
  for (const [def, name] of Object.entries(pairs)) compare(root, root.$defs[def], name, ats);
  assert.deepStrictEqual(aliases.get('Standing'), consts(root, 'Standing'));
});

test('analysis: PublishedComparison and PublishedDocument types match their schemas', () => {
  const root = schema('published-comparison');
  compare(root, root, 'PublishedComparison', ats);
  const pairs = { FigureComparison: 'FigureComparison', SectionFigures: 'SectionFigures', PublishedSummary: 'PublishedSummary' };
  for (const [def, name] of Object.entries(pairs)) compare(root, root.$defs[def], name, ats);
  const published = schema('published');
  compare(published, published, 'PublishedDocument', ats);
  compare(published, published.$defs.Figure, 'PublishedFigure', ats);
});

test('analysis: DiffReport types match schema/diff.schema.json', () => {
  const root = schema('diff');
  const members = compare(root, root, 'DiffReport', ats);
  const pairs = { IndicatorDiff: 'IndicatorDiff', AnswerChange: 'AnswerChange', ScoreChange: 'ScoreChange', ColourChange: 'ColourChange', LevelDiff: 'LevelDiff', AreaDiff: 'AreaDiff' };
  for (const [def, name] of Object.entries(pairs)) compare(root, root.$defs[def], name, ats);
  // The schema's Pair, Pair2… are OldNew<T> with T per field.
  for (const field of ['catalogue', 'municipality', 'year', 'points']) {
    const [, inner] = members.get(field).type.match(/^OldNew<(\w+)>$/) ?? [];
    assert.ok(inner, `DiffReport.${field} is an OldNew<…>`);
    const def = resolve(root, root.properties[field]);
    assert.deepStrictEqual(Object.keys(def.properties).sort(), [...membersOf('OldNew', ats).keys()].sort());
    for (const side of ['old', 'new']) {
      const kind = inner === 'CatalogueRef' ? 'object' : tsKind(inner).kind;
      assert.equal(schemaKind(root, def.properties[side]).kind, kind, `DiffReport.${field}.${side}`);
    }
  }
  assert.deepStrictEqual(aliases.get('DiffChange'), consts(root, 'Change'));
  assert.deepStrictEqual(aliases.get('Relation'), consts(root, 'Relation'));
});

test('analysis: Plan types match schema/plan.schema.json', () => {
  const root = schema('plan');
  compare(root, root, 'Plan', ats);
  const pairs = { AreaPlan: 'AreaPlan', AreaStep: 'AreaStep', Gain: 'PlanGain', MinimalSet: 'MinimalSet', Move: 'PlanMove', Outcome: 'PlanOutcome', Step: 'PlanStep' };
  for (const [def, name] of Object.entries(pairs)) compare(root, root.$defs[def], name, ats);
});

test('analysis: MappingDocument types match schema/mapping.schema.json', () => {
  const root = schema('mapping');
  compare(root, root, 'MappingDocument', ats);
  compare(root, root.$defs.MappingEntry, 'MappingEntry', ats);
  assert.deepStrictEqual(aliases.get('Relation'), consts(root, 'Relation'));
});

/** Checks that every field of `value` is a member of TypeScript type `type`, recursively. */
function typed(value, type, path) {
  type = type.replace(/\s*\|\s*null$/, '').trim();
  if (value === null) return;
  let m;
  if ((m = type.match(/^Record<[^,]+,\s*(.+)>$/))) {
    for (const [k, v] of Object.entries(value)) typed(v, m[1], `${path}.${k}`);
  } else if ((m = type.match(/^(\w+)\[\]$/))) {
    assert.ok(Array.isArray(value), `${path} is an array`);
    value.forEach((v, i) => typed(v, m[1], `${path}[${i}]`));
  } else if ((m = type.match(/^OldNew<(\w+)>$/))) {
    assert.deepStrictEqual(Object.keys(value), ['old', 'new'], path);
    typed(value.old, m[1], `${path}.old`);
    typed(value.new, m[1], `${path}.new`);
  } else if (ats.has(type)) {
    const members = membersOf(type, ats);
    for (const [k, v] of Object.entries(value)) {
      assert.ok(members.has(k), `${path}.${k} is not typed in ${type}`);
      typed(v, members.get(k).type, `${path}.${k}`);
    }
    for (const [k, member] of members) if (!member.optional) assert.ok(k in value, `${path}.${k} (required in ${type}) is missing`);
  } else {
    const kind = tsKind(type).kind;
    if (kind !== 'any' && kind !== 'object') assert.equal(typeof value, kind, `${path}: ${type}`);
    if (aliases.has(type)) assert.ok(aliases.get(type).includes(value), `${path}: ${value} is a ${type}`);
  }
}

test('analysis: every field of real results is typed', async () => {
  const { createRequire } = await import('node:module');
  const a = createRequire(import.meta.url)(join(wasmDir, 'pkg-analysis-node', 'index.js'));
  const data = a.synthetic({ seed: 4, years: [2016, 2017], municipalities: ['1880', '1881', '0180', '0114'], unanswered: 0.05, comments: 0.3 });
  const kumla2017 = data.find((x) => x.municipality === '1881' && x.year === 2017);
  const kumla2016 = data.find((x) => x.municipality === '1881' && x.year === 2016);
  typed(a.compile(data, { by: 'county', top: 5 }), 'Compilation', '$compile');
  typed(a.compile(data, { by: { 1880: 'A', 1881: 'B' } }), 'Compilation', '$compile');
  typed(a.compare(kumla2017, data, { by: 'year' }), 'Comparison', '$compare');
  typed(a.diff(kumla2016, kumla2017), 'DiffReport', '$diff');
  typed(a.plan(kumla2017), 'Plan', '$plan');
  typed(a.plan(kumla2017, { area: 'elderly', target: 'yellow' }), 'Plan', '$plan');
  const c2016 = a.Catalogue.builtin('eblomladan-2016');
  const c2099 = a.Catalogue.fromJson(read(repo, 'tests', 'analysis', 'fixture-eblomladan-2099.json'));
  const mapping = a.Mapping.fromJson(read(repo, 'tests', 'analysis', 'fixture-mapping-2016-2099.json'), c2016, c2099);
  typed(mapping.toJSON(), 'MappingDocument', '$mapping');
  const newer = a.Assessment.fromJson(read(repo, 'tests', 'analysis', 'fixture-kumla-2099.assessment.json'), c2099);
  const across = a.diff(kumla2017, newer, mapping);
  assert.ok(Object.values(across.indicators).some((i) => i.relation && i.from && i.stricter), 'the optional fields occur');
  typed(across, 'DiffReport', '$diff');
});

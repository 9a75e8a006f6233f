// The hand-written TypeScript types (src/typescript.rs, emitted into eblomlada.d.ts) against the
// JSON Schemas the core generates (schema/*.schema.json): same fields, same optionality and
// nullability, same kinds. Then a strict `tsc --noEmit` of typical user code (tests/types/).
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

/** All members of an interface with its base's. */
function membersOf(name) {
  const i = ts.get(name);
  assert.ok(i, `interface ${name} is in the .d.ts`);
  const base = i.base ? membersOf(i.base) : new Map();
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
  else if (rest === 'string' || rest === 'FractionText' || /^"/.test(rest)) kind = 'string';
  else if (rest.endsWith('[]')) kind = 'array';
  return { kind, nullable };
}

/** Compares one schema object (root or a $def) with one TypeScript interface. */
function compare(root, node, name) {
  node = resolve(root, node);
  const members = membersOf(name);
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
test('typical TypeScript code type-checks against both packages (tsc --strict)', { skip: !existsSync(tsc) && 'typescript is not installed (npm ci)' }, () => {
  try {
    execFileSync(process.execPath, [tsc, '-p', join(wasmDir, 'tests', 'types', 'tsconfig.json')], { encoding: 'utf8' });
  } catch (error) {
    assert.fail(`tsc found errors:\n${error.stdout}${error.stderr}`);
  }
});

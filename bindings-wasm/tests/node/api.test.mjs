// The JavaScript API beyond scoring: edits, serialisation, pictures, both packages' entry points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { eblomlada, golden, read, wasmDir } from './helpers.mjs';

const { Assessment, Catalogue, renderFlowerbox, renderAnswerChart, renderComparisonChart } = eblomlada;

test('Catalogue: built-in keys, fields, document', () => {
  assert.deepStrictEqual(Catalogue.builtinKeys(), ['eblomladan-2016']);
  const c = Catalogue.builtin('eblomladan-2016');
  assert.deepStrictEqual([c.key, c.id, c.version], ['eblomladan-2016', 'eblomladan', '2016']);
  assert.equal(c.name(), 'eBlomlådan 2016');
  assert.equal(c.name('en'), 'eBlomlådan 2016');
  const doc = c.toJSON();
  assert.equal(doc.indicators.length, 88);
  assert.deepStrictEqual(doc.scale.map((s) => [s.id, s.points, s.colour]), [['fully', 3, 'green'], ['partly', 2, 'yellow'], ['not_met', 1, 'red']]);
  assert.deepStrictEqual(doc.levels.map((l) => [l.id, l.weight]), [['services', '1/2'], ['lead', '1/4'], ['tech', '1/4']]);
  assert.deepStrictEqual(JSON.parse(c.toJson()), doc);
  const again = Catalogue.fromJson(c.toJson());
  assert.equal(again.key, c.key);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(again)), doc, 'JSON.stringify(catalogue) writes the document');
});

test('Assessment: answer, comment, clear, read back', () => {
  const c = Catalogue.builtin('eblomladan-2016');
  const a = new Assessment(c, '1881', 2017);
  assert.deepStrictEqual([a.municipality, a.county, a.year, a.answered, a.total], ['1881', '18', 2017, 0, 88]);
  a.answer('elderly-01', 'fully', 'Jämförelsetjänst sedan 2016.');
  assert.equal(a.answerOf('elderly-01'), 'fully');
  assert.equal(a.commentOf('elderly-01'), 'Jämförelsetjänst sedan 2016.');
  a.answer('elderly-01', 'partly');
  assert.equal(a.commentOf('elderly-01'), 'Jämförelsetjänst sedan 2016.', 'leaving the comment out keeps it');
  a.answer('elderly-01', 'partly', null);
  assert.equal(a.commentOf('elderly-01'), undefined, 'null removes it');
  a.setComment('elderly-01', 'igen');
  a.setComment('elderly-01', '   ');
  assert.equal(a.commentOf('elderly-01'), undefined, 'an empty comment is no comment');
  a.answer('lead-01', 'not_met', 'x');
  a.clear('lead-01');
  assert.deepStrictEqual([a.answerOf('lead-01'), a.commentOf('lead-01'), a.answered], [undefined, undefined, 1]);
  a.clear('lead-01');
  a.year = 2019;
  assert.equal(a.year, 2019);
  assert.deepStrictEqual(a.warnings(), [
    { severity: 'warning', path: '$.year', line: null, column: null, message: 'catalogue eblomladan-2016 was made for the years 2016, 2017, not 2019' },
  ]);
  assert.equal(a.catalogue.key, 'eblomladan-2016');
});

test('Assessment: JSON keeps comments and optional fields, in stable order', () => {
  const text = read(golden, 'half-answered.assessment.json');
  const a = Assessment.fromJson(text);
  const doc = a.toJSON();
  assert.deepStrictEqual(Object.keys(doc), ['catalogue', 'municipality', 'year', 'status', 'answers']);
  assert.equal(doc.status, 'draft');
  assert.deepStrictEqual(JSON.parse(a.toJson()), doc);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(a)), doc);
  a.answer('public-06', 'fully', 'Sista <svaret> & "citat"');
  const b = Assessment.fromJson(a.toJson());
  assert.equal(b.commentOf('public-06'), 'Sista <svaret> & "citat"');
  const ids = Object.keys(b.toJSON().answers);
  assert.equal(ids.at(-1), 'public-06', 'answers in catalogue order');
});

test('Assessment: clone is independent', () => {
  const a = Assessment.fromJson(read(golden, 'kumla-2017.assessment.json'));
  const b = a.clone();
  b.clear('elderly-01');
  assert.equal(a.answered, 88);
  assert.equal(b.answered, 87);
});

test('score(): incomplete areas have provisional scores only', () => {
  const a = new Assessment(Catalogue.builtin('eblomladan-2016'), '1881', 2017);
  for (const id of ['elderly-01', 'lead-01', 'tech-01']) a.answer(id, 'fully');
  const s = a.score();
  assert.equal(s.areas.elderly.provisional_score, 3);
  assert.deepStrictEqual([s.areas.elderly.score, s.areas.elderly.colour, s.areas.elderly.complete], [null, null, false]);
  assert.equal(s.areas.children.provisional_score, null);
  assert.deepStrictEqual(Object.keys(s.areas), ['elderly', 'children', 'business', 'housing', 'culture', 'public']);
  assert.deepStrictEqual(Object.keys(s.levels), ['services', 'lead', 'tech']);
});

test('pictures: flowerbox, answer chart and comparison chart', () => {
  const a = Assessment.fromJson(read(golden, 'kumla-2017.assessment.json'));
  const svg = renderFlowerbox(a);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /role="img"/);
  assert.equal(svg.match(/data-indicator="/g).length, 88);
  assert.equal(svg.match(/data-area="/g).length, 6);
  for (const g of ['area:elderly', 'area:public', 'level:lead', 'level:tech']) assert.ok(svg.includes(`data-group="${g}"`), g);
  assert.ok(svg.includes('data-indicator="elderly-01" data-level="services" data-answer="'));
  assert.equal(renderFlowerbox(a, {}), svg, 'deterministic; {} means the defaults');
  const en = renderFlowerbox(a, { lang: 'en', palette: 'colour-blind', width: 480, legend: false, labels: false });
  assert.match(en, /width="480"/);
  assert.notEqual(en, svg);
  assert.match(renderFlowerbox(a, { lang: 'en' }), /Elderly/);
  assert.match(renderAnswerChart(a), /^<svg/);
  const cmp = renderComparisonChart(a, 'Riket', { elderly: 2.1, public: 1.9 });
  assert.match(cmp, /Riket/);
});

test('version', () => {
  const pkg = JSON.parse(readFileSync(join(wasmDir, 'pkg-node', 'package.json'), 'utf8'));
  assert.equal(eblomlada.version(), pkg.version);
});

test('pkg-node: CommonJS entry, importable from ES modules, package.json names the entry point', async () => {
  const pkg = JSON.parse(readFileSync(join(wasmDir, 'pkg-node', 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'eblomlada');
  assert.equal(pkg.main, './index.js');
  assert.equal(pkg.types, './index.d.ts');
  for (const f of pkg.files) assert.ok(existsSync(join(wasmDir, 'pkg-node', f)), f);
  const esm = await import(join(wasmDir, 'pkg-node', 'index.js'));
  assert.equal(typeof esm.Catalogue.builtin, 'function', 'named exports seen from ESM');
  assert.equal(typeof esm.EblomladaError, 'function');
  assert.equal(esm.Catalogue, eblomlada.Catalogue);
});

test('pkg (browser ES module) works in Node with initSync too', async () => {
  const pkg = JSON.parse(readFileSync(join(wasmDir, 'pkg', 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  for (const f of pkg.files) assert.ok(existsSync(join(wasmDir, 'pkg', f)), f);
  const web = await import(join(wasmDir, 'pkg', 'index.js'));
  web.initSync({ module: readFileSync(join(wasmDir, 'pkg', 'eblomlada_bg.wasm')) });
  const a = web.Assessment.fromJson(read(golden, 'kumla-2017.assessment.json'));
  assert.deepStrictEqual(a.score(), JSON.parse(read(golden, 'kumla-2017.expected.json')));
  assert.throws(() => a.answer('x', 'fully'), web.EblomladaError);
  assert.equal(typeof web.default, 'function', 'the default export is init()');
});

test('Assessment: numbers in optional fields keep every digit through fromJson → toJson', () => {
  const text = '{"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017, '
    + '"ref": 18446744073709551616, "tiny": 0.1000000000000000055511151231257827, "neg": -99999999999999999999999, '
    + '"answers": {"lead-01": {"answer": "fully", "n": 123456789012345678901234567890}}}';
  const a = Assessment.fromJson(text);
  const out = a.toJson();
  for (const digits of ['18446744073709551616', '0.1000000000000000055511151231257827', '-99999999999999999999999', '123456789012345678901234567890']) {
    assert.ok(out.includes(digits), `${digits} in ${out}`);
  }
  assert.equal(Assessment.fromJson(out).toJson(), out);
});

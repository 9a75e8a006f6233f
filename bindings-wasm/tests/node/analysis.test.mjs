// The analysis functions of the analysis package (pkg-analysis-node/, cargo feature `analysis`):
// compile, compare, diff, Mapping, plan, CSV and synthetic data, checked against the command
// line's output on the same files (deep-equal, same key order), figures recomputed here, errors,
// and that nothing the caller passes in is taken away or changed.
//
// Needs the command line built: `cargo build -p eblomlada-cli` (scripts/test-wasm.sh does it);
// EBLOMLADA_CLI may name another binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { golden, keyOrder, read, repo, wasmDir } from './helpers.mjs';

const pkgDir = join(wasmDir, 'pkg-analysis-node');
assert.ok(existsSync(join(pkgDir, 'index.js')), 'pkg-analysis-node/ is missing: run bindings-wasm/build.sh first');
const eblomlada = createRequire(import.meta.url)(join(pkgDir, 'index.js'));
const { Assessment, Catalogue, EblomladaError, Mapping, compile, compare, diff, plan, toCsv, fromCsv, synthetic } = eblomlada;

const cli = process.env.EBLOMLADA_CLI || join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'debug', 'eblomlada');
const haveCli = existsSync(cli);

/** Runs the command line and returns its stdout; fails clearly when it is not built. */
function run(...args) {
  assert.ok(haveCli, `the command line is missing at ${cli}: run \`cargo build -p eblomlada-cli\` (or set EBLOMLADA_CLI)`);
  return execFileSync(cli, args, { encoding: 'utf8', cwd: repo, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}
/** The command line's JSON output, parsed. */
const runJson = (...args) => JSON.parse(run(...args));

/** Deep-equal and the same key order everywhere. */
function same(actual, expected, message) {
  assert.deepStrictEqual(actual, expected, message);
  assert.deepStrictEqual(keyOrder(actual), keyOrder(expected), `${message ?? ''}: key order`);
}

const goldenFiles = readdirSync(golden)
  .filter((f) => f.endsWith('.assessment.json'))
  .sort()
  .map((f) => join(golden, f));
const load = (file) => Assessment.fromJson(readFileSync(file, 'utf8'));
const kumlaFile = join(repo, 'examples', 'kumla-2017.json');
const halfFile = join(golden, 'half-answered.assessment.json');
const fixture2099 = join(repo, 'tests', 'analysis', 'fixture-eblomladan-2099.json');
const kumla2099File = join(repo, 'tests', 'analysis', 'fixture-kumla-2099.assessment.json');
const mappingFile = join(repo, 'tests', 'analysis', 'fixture-mapping-2016-2099.json');

/** A scratch folder, removed afterwards. */
function scratch(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'eblomlada-analysis-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn`, expects an EblomladaError and returns it. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof EblomladaError, `expected an EblomladaError, got ${error}`);
    assert.ok(error instanceof Error);
    assert.ok(Array.isArray(error.problems) && error.problems.length > 0, 'a problems array');
    for (const p of error.problems) assert.deepStrictEqual(Object.keys(p), ['severity', 'path', 'line', 'column', 'message']);
    return error;
  }
  assert.fail('expected an error');
}

/** After any error the module still works: the golden set still compiles as the CLI does. */
function stillUsable() {
  same(compile(goldenFiles.map(load)), runJson('compile', ...goldenFiles));
}

test('the command line is built (cargo build -p eblomlada-cli)', () => {
  assert.ok(haveCli, `missing ${cli}: run \`cargo build -p eblomlada-cli\` or set EBLOMLADA_CLI`);
});

test('compile: equals `eblomlada compile` on the golden assessments, ungrouped and grouped', () => {
  const assessments = goldenFiles.map(load);
  same(compile(assessments), runJson('compile', ...goldenFiles), 'ungrouped');
  same(compile(assessments, {}), runJson('compile', ...goldenFiles), 'options {}');
  same(compile(assessments, { by: 'county', top: 3 }), runJson('compile', ...goldenFiles, '--by', 'county', '--top', '3'), 'by county');
  const three = [kumlaFile, join(golden, 'all-fully.assessment.json'), join(golden, 'edge-yellow-5-3.assessment.json')];
  same(compile(three.map(load), { by: 'year', top: 0 }), runJson('compile', ...three, '--by', 'year', '--top', '0'), 'by year');
});

test('compile: a group map from the caller equals `--groups FILE.json`, and figures are recomputed here', () => {
  const data = synthetic({ seed: 3, years: [2017], municipalities: ['0114', '0180', '1880', '1881', '1882', '2584'] });
  const groups = { '0114': 'B', '0180': 'A', '1880': 'B', '1881': 'C' };
  const compilation = compile(data, { by: groups, top: 5 });
  scratch((dir) => {
    const files = data.map((a, i) => {
      const file = join(dir, `${String(i).padStart(2, '0')}.json`);
      writeFileSync(file, a.toJson());
      return file;
    });
    const groupsFile = join(dir, 'groups.json');
    writeFileSync(groupsFile, JSON.stringify(groups));
    same(compilation, runJson('compile', ...files, '--groups', groupsFile, '--top', '5'));
  });
  assert.equal(compilation.grouping, 'custom');
  assert.deepStrictEqual(Object.keys(compilation.groups), ['A', 'B', 'C']);
  assert.deepStrictEqual(compilation.ungrouped, ['1882', '2584']);
  // Independent: counts and shares of each indicator straight from the documents.
  const docs = data.map((a) => a.toJSON());
  for (const id of ['elderly-06', 'lead-01', 'tech-04']) {
    const counts = { fully: 0, partly: 0, not_met: 0 };
    for (const d of docs) if (d.answers[id]) counts[d.answers[id].answer] += 1;
    const answered = counts.fully + counts.partly + counts.not_met;
    const stats = compilation.indicators[id];
    assert.deepStrictEqual(stats.counts, counts, id);
    assert.equal(stats.answered, answered);
    assert.equal(stats.unanswered, docs.length - answered);
    assert.equal(stats.shares.fully, counts.fully / answered);
    assert.equal(stats.mean, (3 * counts.fully + 2 * counts.partly + counts.not_met) / answered);
    const b = docs.filter((d) => groups[d.municipality] === 'B');
    assert.equal(compilation.groups.B.indicators[id].counts.fully, b.filter((d) => d.answers[id]?.answer === 'fully').length);
  }
  assert.equal(compilation.assessments, 6);
  assert.equal(compilation.groups.B.assessments, 2);
});

test('compare: equals `eblomlada compare FILE --against FILE…`', () => {
  const kumla = load(kumlaFile);
  const all = goldenFiles.map(load);
  same(compare(kumla, all), runJson('compare', kumlaFile, '--against', ...goldenFiles));
  const grouped = compare(kumla, all, { by: 'county' });
  same(grouped, runJson('compare', kumlaFile, '--against', ...goldenFiles, '--by', 'county'));
  assert.equal(grouped.group.key, '18');
  assert.equal(thrown(() => compare(kumla, all, { top: 3 })).message, 'options: unknown option "top"; expected one of by, mapping');
});

test('diff: equals `eblomlada diff` for one municipality over two answers sets', () => {
  const before = load(kumlaFile);
  const after = load(halfFile);
  same(diff(before, after), runJson('diff', kumlaFile, halfFile));
  same(diff(after, before, null), runJson('diff', halfFile, kumlaFile));
  // A later year with changes made here, through a file for the command line.
  const later = before.clone();
  later.year = 2018;
  later.answer('elderly-01', 'fully');
  later.answer('lead-03', 'not_met', 'Omorganisation, åter till start.');
  later.clear('tech-02');
  scratch((dir) => {
    const file = join(dir, '1881-2018.json');
    writeFileSync(file, later.toJson());
    const report = diff(before, later);
    same(report, runJson('diff', kumlaFile, file));
    assert.deepStrictEqual(report.year, { old: 2017, new: 2018 });
    assert.equal(report.indicators['tech-02'].change, 'cleared');
  });
});

test('Mapping and diff across catalogue versions: equals `eblomlada diff --mapping`', () => {
  const c2016 = Catalogue.builtin('eblomladan-2016');
  const c2099 = Catalogue.fromJson(read(fixture2099));
  const mapping = Mapping.fromJson(read(mappingFile), c2016, c2099);
  assert.deepStrictEqual([mapping.from.key, mapping.to.key], ['eblomladan-2016', 'eblomladan-2099']);
  assert.deepStrictEqual(mapping.toJSON(), { removed: [], notes: [], ...JSON.parse(read(mappingFile)) });
  assert.deepStrictEqual(Object.keys(mapping.toJSON()), ['from', 'to', 'indicators', 'removed', 'notes']);
  const old = load(kumlaFile);
  const newer = Assessment.fromJson(read(kumla2099File), c2099);
  const report = diff(old, newer, mapping);
  same(report, runJson('diff', kumlaFile, kumla2099File, '--catalogue', fixture2099, '--mapping', mappingFile));
  assert.equal(report.mapped, true);
  assert.equal(report.indicators['elderly-03'].stricter, true);
  // Pooling both versions through the mapping, as `compile --mapping`.
  same(
    compile([old, newer], { mapping }),
    runJson('compile', kumlaFile, kumla2099File, '--catalogue', fixture2099, '--mapping', mappingFile),
  );
  // The caller keeps everything it passed.
  assert.equal(mapping.to.key, 'eblomladan-2099');
  assert.equal(c2099.key, 'eblomladan-2099');
  assert.equal(newer.answered, Object.keys(JSON.parse(read(kumla2099File)).answers).length);
});

test('plan: equals `eblomlada plan`, for all areas, one area and another target', () => {
  const kumla = load(kumlaFile);
  same(plan(kumla), runJson('plan', kumlaFile));
  same(plan(kumla, { area: 'elderly' }), runJson('plan', kumlaFile, '--area', 'elderly'));
  same(plan(kumla, { target: 'yellow', area: undefined }), runJson('plan', kumlaFile, '--target', 'yellow'));
  const half = load(halfFile);
  same(plan(half, { area: 'public' }), runJson('plan', halfFile, '--area', 'public'));
  const elderly = plan(kumla, { area: 'elderly' }).areas.elderly;
  if (elderly.minimal) {
    // Applying the recommended set really reaches the target band.
    const better = kumla.clone();
    for (const move of elderly.minimal.changes) better.answer(move.id, move.to);
    assert.equal(better.score().areas.elderly.colour, 'green');
  }
  const unknown = thrown(() => plan(kumla, { area: 'parks' }));
  assert.equal(unknown.kind, 'UnknownArea');
  assert.match(unknown.message, /^unknown area "parks"; expected one of elderly, children/);
  assert.equal(thrown(() => plan(kumla, { target: 'blue' })).kind, 'UnknownColour');
  assert.equal(thrown(() => plan(kumla, { area: 3 })).message, 'options.area: expected an area id, not 3');
});

test('CSV: toCsv equals `eblomlada export --csv`; export → import gives the same assessments', () => {
  const tricky = 'Komma, "citat" och\nny rad;\r\nCRLF, tab\t, åäö ÅÄÖ é – =1+1';
  // Optional fields (name, status) are not carried by the CSV: leave them out here.
  const bare = (file) => {
    const { name, status, ...doc } = JSON.parse(read(file));
    return Assessment.fromJson(JSON.stringify(doc));
  };
  const a = bare(kumlaFile);
  a.setComment('elderly-01', tricky);
  a.answer('lead-01', 'partly', '');
  const b = bare(halfFile);
  b.year = 2016;
  b.answer('public-06', 'not_met', 'Sista, "raden"');
  const empty = new Assessment(Catalogue.builtin('eblomladan-2016'), '0114', 2017);
  const all = [a, b, empty];
  const csv = toCsv(all);
  assert.ok(csv.startsWith('catalogue,municipality,year,indicator,answer,points,comment\r\n'));
  assert.equal(csv.split('\r\n').filter((l) => l.startsWith('eblomladan-2016,')).length, 3 * 88);
  scratch((dir) => {
    const files = all.map((x, i) => {
      const file = join(dir, `${i}.json`);
      writeFileSync(file, x.toJson());
      return file;
    });
    run('export', ...files, '--csv', join(dir, 'out.csv'));
    assert.equal(csv, readFileSync(join(dir, 'out.csv'), 'utf8'), 'byte for byte the command line\'s CSV');
  });
  const back = fromCsv(csv);
  assert.equal(back.length, 3);
  assert.ok(back.every((x) => x instanceof Assessment));
  assert.deepStrictEqual(back.map((x) => x.toJSON()), all.map((x) => x.toJSON()));
  assert.equal(back[0].commentOf('elderly-01'), tricky);
  assert.deepStrictEqual(back.map((x) => x.toJson()), all.map((x) => x.toJson()));
  // LF line ends and a byte-order mark are read too; catalogues may be given.
  const lf = fromCsv(`\ufeff${csv.replace(/\r\n/g, '\n').replace(tricky.replace(/\r\n/g, '\n'), 'x')}`, [Catalogue.builtin('eblomladan-2016')]);
  assert.equal(lf.length, 3);
  const c2099 = Catalogue.fromJson(read(fixture2099));
  const other = Assessment.fromJson(read(kumla2099File), c2099);
  const mixed = fromCsv(toCsv([a, other]), [c2099]);
  assert.deepStrictEqual(mixed.map((x) => x.catalogue.key), ['eblomladan-2016', 'eblomladan-2099']);
  assert.equal(c2099.key, 'eblomladan-2099', 'the caller keeps its catalogue');
  assert.equal(thrown(() => fromCsv(toCsv([other]))).kind, 'InvalidCsv', 'an unknown catalogue without the file');
});

test('synthetic: seeded, deterministic, the same data as `eblomlada synthetic`', () => {
  const options = { seed: 11, years: [2016, 2017], municipalities: ['1881', '0180', '2584'], participation: 1, unanswered: 0.1 };
  const data = synthetic(options);
  assert.equal(data.length, 6);
  assert.deepStrictEqual(data.map((a) => `${a.municipality}-${a.year}`), ['1881-2016', '0180-2016', '2584-2016', '1881-2017', '0180-2017', '2584-2017']);
  assert.equal(toCsv(synthetic(options)), toCsv(data), 'the same seed gives the same data');
  assert.notEqual(toCsv(synthetic({ ...options, seed: 12 })), toCsv(data));
  assert.ok(data.some((a) => a.answered < 88), 'unanswered 0.1 leaves some unanswered');
  assert.ok(synthetic({ seed: 1, years: [2017], comments: 0, municipalities: ['1881'] })[0].toJson().indexOf('"comment"') === -1);
  scratch((dir) => {
    const out = join(dir, 'national.csv');
    run('synthetic', '--seed', '5', '--years', '2016,2017', '--participation', '0.5', '--unanswered', '0', '--csv', out);
    const national = synthetic({ seed: 5, years: [2016, 2017], participation: 0.5 });
    assert.ok(national.length > 150 && national.length < 430, `${national.length} assessments`);
    assert.equal(toCsv(national), readFileSync(out, 'utf8'));
    // And a national compilation by county works on it.
    const compilation = compile(national, { by: 'county' });
    assert.equal(compilation.assessments, national.length);
    assert.deepStrictEqual(Object.keys(compilation.groups).sort(), [...new Set(national.map((a) => a.county))].sort());
  });
  assert.equal(thrown(() => synthetic({ years: [2017] })).message, 'options.seed is required, e.g. seed: 1');
  assert.equal(thrown(() => synthetic({ seed: 1, years: [2017], participation: 2 })).message, 'options.participation: expected a probability from 0 to 1, not 2');
  assert.equal(thrown(() => synthetic({ seed: 1, years: [17] })).kind, 'InvalidField');
  assert.equal(thrown(() => synthetic()).kind, 'InvalidArgument');
});

test('errors: mixed catalogue versions without a mapping', () => {
  const c2099 = Catalogue.fromJson(read(fixture2099));
  const old = load(kumlaFile);
  const newer = Assessment.fromJson(read(kumla2099File), c2099);
  const mixed = thrown(() => compile([old, load(halfFile), newer]));
  assert.equal(mixed.kind, 'MixedCatalogues');
  assert.equal(
    mixed.message,
    'assessment 2 is of catalogue eblomladan 2099 but assessment 0 is of eblomladan 2016; different catalogue versions are not pooled without a version mapping',
  );
  assert.equal(mixed.problems[0].message, mixed.message);
  const across = thrown(() => diff(old, newer));
  assert.equal(across.kind, 'CatalogueMismatch');
  assert.match(across.message, /expected catalogue eblomladan 2099, found eblomladan 2016|expected catalogue eblomladan 2016, found eblomladan 2099/);
  assert.equal(thrown(() => compare(old, [newer])).kind, 'CatalogueMismatch');
  const c2016 = Catalogue.builtin('eblomladan-2016');
  const bad = thrown(() => Mapping.fromJson(read(mappingFile), c2099, c2016));
  assert.equal(bad.kind, 'InvalidMapping');
  assert.ok(bad.problems.every((p) => p.path.startsWith('$')));
  assert.equal(thrown(() => Mapping.fromJson('{', c2016, c2099)).problems[0].line, 1);
  assert.equal(thrown(() => Mapping.fromJson('{}', c2016, 'eblomladan-2099')).message, 'toCatalogue must be a Catalogue, not string');
  stillUsable();
});

test('errors: empty input', () => {
  const e = thrown(() => compile([]));
  assert.equal(e.kind, 'Empty');
  assert.equal(e.message, 'nothing to compile: no assessments were given');
  assert.equal(thrown(() => compare(load(kumlaFile), [])).kind, 'Empty');
  const csv = thrown(() => fromCsv(''));
  assert.equal(csv.kind, 'InvalidCsv');
  assert.equal(csv.problems[0].line, 1);
  assert.deepStrictEqual(toCsv([]), 'catalogue,municipality,year,indicator,answer,points,comment\r\n');
  assert.deepStrictEqual(synthetic({ seed: 1, years: [] }), []);
  stillUsable();
});

test('fromCsv ignores extra columns unless told, and takes a separator', () => {
  const text = [
    ';catalogue;municipality;year;indicator;answer;points;comment;name',
    '0;eblomladan-2016;1881;2017;lead-01;fully;3;;Kumla',
    '1;eblomladan-2016;1881;2017;lead-02;Uppfyller delvis;2;;Kumla',
  ].join('\r\n');
  const [kumla] = fromCsv(text);
  assert.equal(kumla.answerOf('lead-02'), 'partly');
  assert.equal(fromCsv(text, undefined, { extra: 'ignore', sep: ';' }).length, 1);
  const refused = thrown(() => fromCsv(text, undefined, { extra: 'error' }));
  assert.equal(refused.kind, 'InvalidCsv');
  assert.match(refused.message, /unknown column/);
  assert.equal(thrown(() => fromCsv(text, [], { sep: ',' })).kind, 'InvalidCsv');
  assert.match(thrown(() => fromCsv(text, [], { extra: 'maybe' })).message, /options.extra: expected "ignore" or "error"/);
  assert.match(thrown(() => fromCsv(text, [], { delimiter: ';' })).message, /unknown option "delimiter"/);
});

test('errors: a bad CSV names line and column of every problem', () => {
  const text = [
    'catalogue,municipality,year,indicator,answer,points,comment',
    'eblomladan-2016,1881,2017,elderly-01,fully,3,"ok, fine"',
    'eblomladan-2016,181,2017,elderly-02,fully,3,',
    'eblomladan-2016,1881,2017,elderly-03,maybe,,',
    'eblomladan-2016,1881,2017,elderly-04,fully,2,',
    'eblomladan-2016,1881,2017,"elderly-05,partly,2,',
    '',
  ].join('\r\n');
  const e = thrown(() => fromCsv(text));
  assert.equal(e.kind, 'InvalidCsv');
  assert.match(e.message, /^invalid CSV: line \d+, column \d+: /);
  for (const p of e.problems) {
    assert.equal(typeof p.line, 'number', p.message);
    assert.equal(typeof p.column, 'number', p.message);
  }
  const where = e.problems.map((p) => [p.line, p.column]);
  assert.ok(where.some(([l]) => l === 6), `the unterminated quote on line 6: ${JSON.stringify(e.problems)}`);
  const good = thrown(() => fromCsv(text.split('\r\n').slice(0, 5).join('\r\n')));
  assert.deepStrictEqual(
    good.problems.map((p) => [p.line, p.column, p.path]),
    [
      [3, 2, 'municipality'],
      [4, 5, 'answer'],
      [5, 6, 'points'],
    ],
  );
  assert.match(good.problems[0].message, /dropped leading zeros: 0181/);
  assert.equal(thrown(() => fromCsv(42)).message, 'text must be a string, not number');
  assert.equal(thrown(() => fromCsv('', 'eblomladan-2016')).message, 'catalogues must be an array, not string');
  assert.equal(thrown(() => fromCsv('', [{}])).message, 'catalogues[0] must be a Catalogue, not object');
  stillUsable();
});

test('errors: arguments and options are checked', () => {
  const kumla = load(kumlaFile);
  const all = [kumla, load(halfFile)];
  assert.equal(thrown(() => compile(kumla)).message, 'assessments must be an array, not object');
  assert.equal(thrown(() => compile('x')).message, 'assessments must be an array, not string');
  const notOne = thrown(() => compile([kumla, { municipality: '1881' }]));
  assert.equal(notOne.message, 'assessments[1] must be an Assessment, not object');
  assert.equal(notOne.problems[0].path, '$[1]');
  assert.equal(thrown(() => compile([Catalogue.builtin('eblomladan-2016')])).message, 'assessments[0] must be an Assessment, not a Catalogue');
  assert.equal(thrown(() => compile(all, { by: 'kommun' })).message, 'options.by: expected "county", "year" or an object from municipality code to group, not "kommun"');
  assert.equal(thrown(() => compile(all, { top: -1 })).message, 'options.top: expected a whole number from 0 to 100000, not -1');
  assert.equal(thrown(() => compile(all, { group: 'county' })).message, 'options: unknown option "group"; expected one of by, top, mapping');
  assert.equal(thrown(() => compile(all, { mapping: {} })).message, 'options.mapping must be a Mapping, not object');
  const grouping = thrown(() => compile(all, { by: { 1881: 'A', 180: 'B' } }));
  assert.equal(grouping.kind, 'InvalidGrouping');
  assert.deepStrictEqual(grouping.problems.map((p) => p.path), ['$.by["180"]']);
  assert.match(grouping.problems[0].message, /invalid municipality code "180".*0180/);
  assert.equal(thrown(() => compile(all, { by: { 1881: 5 } })).message, 'options.by["1881"]: the group must be a string, not 5');
  assert.equal(thrown(() => diff(kumla, kumla, 'mapping')).message, 'mapping must be a Mapping, not string');
  assert.throws(() => diff(kumla, {}), Error, 'not an Assessment: wasm-bindgen refuses it');
  assert.throws(() => plan({}), Error);
  const trap = new Proxy([kumla], { get() { throw new Error('boom'); } });
  assert.equal(thrown(() => compile(trap)).message, 'assessments cannot be read');
  stillUsable();
});

test('nothing the caller holds is taken away or changed', () => {
  const c2016 = Catalogue.builtin('eblomladan-2016');
  const c2099 = Catalogue.fromJson(read(fixture2099));
  const mapping = Mapping.fromJson(read(mappingFile), c2016, c2099);
  const all = goldenFiles.map(load);
  const before = all.map((a) => a.toJson());
  const scores = all.map((a) => a.score());
  const kumla = all[goldenFiles.findIndex((f) => f.endsWith('kumla-2017.assessment.json'))];
  const repeated = [...all, kumla, kumla];
  // The same object twice is refused (one municipality counts once per year), and not consumed.
  assert.throws(() => compile(repeated, { by: 'county' }), /second assessment of municipality 1881 for 2017/);
  compile(all, { by: 'county' });
  compare(kumla, all);
  diff(kumla, all[0]);
  diff(kumla, kumla);
  plan(kumla);
  toCsv(repeated);
  fromCsv(toCsv([kumla]), [c2016, c2099]);
  compile([Assessment.fromJson(read(kumla2099File), c2099)], { mapping });
  diff(load(kumlaFile), Assessment.fromJson(read(kumla2099File), c2099), mapping);
  synthetic({ seed: 1, years: [2017], municipalities: ['1881'], catalogue: c2016 });
  // Every object is still alive, unchanged and editable.
  assert.deepStrictEqual(all.map((a) => a.toJson()), before);
  assert.deepStrictEqual(all.map((a) => a.score()), scores);
  kumla.answer('lead-01', 'not_met');
  assert.equal(kumla.answerOf('lead-01'), 'not_met');
  assert.deepStrictEqual([mapping.from.key, mapping.to.key, c2016.key, c2099.key], ['eblomladan-2016', 'eblomladan-2099', 'eblomladan-2016', 'eblomladan-2099']);
  assert.equal(compile([kumla]).indicators['lead-01'].counts.not_met, 1, 'an edit after a call is seen by the next call');
  // Many calls keep memory flat: copies made for a call are freed after it.
  const big = synthetic({ seed: 2, years: [2016, 2017] });
  const start = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 20; i += 1) compile(big, { by: 'county' });
  const grown = process.memoryUsage().arrayBuffers - start;
  assert.ok(grown < 16 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);
});

test('the browser package pkg-analysis/ works in Node with initSync; pkg/ has no analysis', async () => {
  const web = await import(join(wasmDir, 'pkg-analysis', 'index.js'));
  web.initSync({ module: readFileSync(join(wasmDir, 'pkg-analysis', 'eblomlada_bg.wasm')) });
  const all = goldenFiles.map((f) => web.Assessment.fromJson(read(f)));
  same(web.compile(all, { by: 'county' }), runJson('compile', ...goldenFiles, '--by', 'county'));
  assert.throws(() => web.compile([]), web.EblomladaError);
  assert.equal(typeof web.renderFlowerbox, 'function', 'the same API as pkg/, plus analysis');
  for (const dir of ['pkg-analysis', 'pkg-analysis-node']) {
    const pkg = JSON.parse(readFileSync(join(wasmDir, dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'eblomlada-analysis');
    for (const f of pkg.files) assert.ok(existsSync(join(wasmDir, dir, f)), `${dir}/${f}`);
  }
  const plain = createRequire(import.meta.url)(join(wasmDir, 'pkg-node', 'index.js'));
  for (const name of ['compile', 'compare', 'diff', 'plan', 'toCsv', 'fromCsv', 'synthetic', 'Mapping']) {
    assert.equal(plain[name], undefined, `pkg-node has no ${name}`);
  }
  assert.ok(!read(wasmDir, 'pkg', 'eblomlada.d.ts').includes('Compilation'), 'nor its types');
});

test('CSV: text cells a spreadsheet would run get a leading quote, removed again by fromCsv', () => {
  for (const trigger of ['=', '+', '-', '@', '\t', '\r']) {
    const a = new Assessment(Catalogue.builtin('eblomladan-2016'), '1881', 2017);
    const comment = `${trigger}HYPERLINK("http://127.0.0.1:9/leak")`;
    a.answer('lead-01', 'fully', comment);
    const csv = toCsv([a]);
    const row = csv.split('\r\n').find((l) => l.includes(',lead-01,'));
    assert.ok(row.split(',').slice(6).join(',').replace(/^"/, '').startsWith(`'${trigger}`), JSON.stringify(row));
    assert.equal(fromCsv(csv)[0].commentOf('lead-01'), comment);
  }
});

test('plan: a plan beyond the output limit is a TooLarge error, before the work', () => {
  const doc = JSON.parse(read(repo, 'indicators', 'eblomladan-2016.json'));
  const n = 1400;
  doc.id = 'huge';
  doc.areas = Array.from({ length: n }, (_, i) => ({ id: `a${i}`, name: { sv: 'A', en: 'A' } }));
  doc.indicators = [
    ...Array.from({ length: n }, (_, i) => ({ id: `g${i}`, level: i % 2 ? 'tech' : 'lead', text: { sv: 'x', en: 'x' } })),
    ...Array.from({ length: n }, (_, i) => ({ id: `s${i}`, level: 'services', area: `a${i}`, text: { sv: 'x', en: 'x' } })),
  ];
  delete doc.guidance;
  const c = Catalogue.fromJson(JSON.stringify(doc));
  const a = new Assessment(c, '1881', 2017);
  for (const ind of c.toJSON().indicators) a.answer(ind.id, 'not_met');
  assert.throws(() => plan(a), (e) => e instanceof EblomladaError && e.kind === 'TooLarge' && /more than the limit of 100000/.test(e.message));
  // The limit is the caller's: lower for a page that must stay responsive, refused when not a count.
  const kumla = load(kumlaFile);
  assert.ok(plan(kumla, { maxEntries: 100000 }).areas);
  assert.throws(() => plan(kumla, { maxEntries: 3 }), (e) => e instanceof EblomladaError && e.kind === 'TooLarge' && /more than the limit of 3\b/.test(e.message));
  for (const bad of [0, -1, 1.5, 'many', Number.MAX_VALUE]) {
    assert.throws(() => plan(kumla, { maxEntries: bad }), (e) => e instanceof EblomladaError && /options\.maxEntries: expected a whole number of at least 1/.test(e.message), String(bad));
  }
});

test('comparePublished and publishedFigures: the published national figures, as the command line', () => {
  const { comparePublished, publishedFigures, municipalityName } = eblomlada;
  const kumla = load(kumlaFile);
  const result = comparePublished(kumla);
  same(result, runJson('compare', kumlaFile, '--published'));
  assert.equal(result.figures.length, 17);
  assert.deepStrictEqual(result.sections.tech.best, ['tech-01', 'tech-03']);
  const alarms = result.figures.find((f) => f.indicator === 'elderly-06');
  assert.deepStrictEqual([alarms.percent, alarms.own, alarms.same], [77, 'fully', true]);
  const shipped = readFileSync(join(repo, 'indicators', 'eblomladan-2016.published-2017.json'), 'utf8');
  assert.deepStrictEqual(publishedFigures(), JSON.parse(shipped));
  assert.deepStrictEqual(publishedFigures('eblomladan-2016', 2017), JSON.parse(shipped));
  same(comparePublished(kumla, shipped), result);
  // A broken file: every problem with its path; no figures for 2016; wrong arguments.
  const broken = JSON.parse(shipped);
  broken.figures[0].answer = 'sometimes';
  broken.figures[2].percent = -3;
  const e = thrown(() => comparePublished(kumla, JSON.stringify(broken)));
  assert.equal(e.kind, 'InvalidPublished');
  assert.deepStrictEqual(e.problems.map((p) => p.path), ['$.figures[0].answer', '$.figures[2].percent']);
  assert.equal(thrown(() => publishedFigures('eblomladan-2016', 2016)).kind, 'UnknownPublished');
  assert.equal(thrown(() => publishedFigures('eblomladan-2016', 2016.5)).kind, 'InvalidArgument');
  assert.equal(thrown(() => comparePublished(kumla, 42)).kind, 'InvalidArgument');
  // Municipality names from the bundled table; synthetic data says so.
  assert.equal(municipalityName('1881'), 'Kumla');
  assert.equal(municipalityName('1899'), undefined);
  const one = new Assessment(Catalogue.builtin('eblomladan-2016'), '1881', 2017);
  assert.equal(one.municipalityName, 'Kumla');
  assert.equal(one.synthetic, false);
  const invented = synthetic({ seed: 1, years: [2017] });
  assert.equal(invented.length, 61);
  assert.ok(invented.every((a) => a.synthetic));
  assert.equal(compile(invented).synthetic, 61);
  assert.equal(comparePublished(invented[0]).synthetic, 1);
  stillUsable();
});

// Bad input: every error is an EblomladaError (an Error) with the core's exact message and a
// `problems` array, and no bad call leaves the module or the object unusable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eblomlada, fixtures, golden, read } from './helpers.mjs';

const { Assessment, Catalogue, EblomladaError, renderFlowerbox } = eblomlada;
const HEAD = '"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": "1881", "year": 2017';
const [, kumlaText, kumlaExpected] = fixtures().find(([name]) => name === 'kumla-2017');

/** Runs `fn`, expects an EblomladaError and returns it. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof EblomladaError, `expected an EblomladaError, got ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'EblomladaError');
    assert.ok(Array.isArray(error.problems) && error.problems.length > 0, 'a problems array');
    for (const p of error.problems) {
      assert.deepStrictEqual(Object.keys(p), ['severity', 'path', 'line', 'column', 'message']);
      assert.ok(['error', 'warning'].includes(p.severity));
    }
    return error;
  }
  assert.fail('expected an error');
}

/** After any error the module still works: a full fixture still scores right. */
function stillUsable() {
  assert.deepStrictEqual(Assessment.fromJson(kumlaText).score(), kumlaExpected);
}

test('unknown indicator id', () => {
  const a = new Assessment(Catalogue.builtin('eblomladan-2016'), '1881', 2017);
  a.answer('lead-01', 'partly');
  const e = thrown(() => a.answer('lead-99', 'fully'));
  assert.equal(e.kind, 'UnknownIndicator');
  assert.equal(e.message, 'unknown indicator "lead-99" in catalogue eblomladan-2016');
  assert.deepStrictEqual(e.problems, [
    { severity: 'error', path: '$', line: null, column: null, message: 'unknown indicator "lead-99" in catalogue eblomladan-2016' },
  ]);
  for (const call of [() => a.clear('lead-99'), () => a.answerOf('x'), () => a.commentOf('x'), () => a.setComment('x', 'c')]) {
    assert.equal(thrown(call).kind, 'UnknownIndicator');
  }
  assert.equal(a.answerOf('lead-01'), 'partly', 'the object is unchanged and usable');
  a.answer('lead-02', 'fully');
  assert.equal(a.answered, 2);
  stillUsable();
});

test('unknown answer, in an edit and in a file', () => {
  const a = new Assessment(Catalogue.builtin('eblomladan-2016'), '1881', 2017);
  a.answer('lead-03', 'partly', 'planerat');
  const e = thrown(() => a.answer('lead-03', 'maybe', 'ändrad'));
  assert.equal(e.kind, 'UnknownAnswer');
  assert.equal(e.message, 'unknown answer "maybe"; expected one of fully, partly, not_met');
  assert.equal(a.answerOf('lead-03'), 'partly', 'nothing changed: neither answer nor comment');
  assert.equal(a.commentOf('lead-03'), 'planerat');

  const f = thrown(() =>
    Assessment.fromJson(`{${HEAD}, "answers": {"lead-03": {"answer": "maybe"}, "elderly-99": {"answer": "fully"}}}`),
  );
  assert.equal(f.kind, 'InvalidAssessment');
  assert.equal(f.message, 'invalid assessment: $.answers.lead-03.answer: unknown answer "maybe"; expected one of fully, partly, not_met (and 1 more problems)');
  assert.deepStrictEqual(
    f.problems.map((p) => [p.path, p.message]),
    [
      ['$.answers.lead-03.answer', 'unknown answer "maybe"; expected one of fully, partly, not_met'],
      ['$.answers.elderly-99', 'unknown indicator "elderly-99"; catalogue eblomladan-2016 has no such indicator'],
    ],
  );
  stillUsable();
});

test('malformed JSON names line and column', () => {
  const e = thrown(() => Assessment.fromJson(`{${HEAD},\n  "answers": {"lead-01": {"answer": "fully"},}\n}`));
  assert.equal(e.kind, 'InvalidAssessment');
  assert.equal(e.problems.length, 1);
  const [p] = e.problems;
  assert.equal(p.line, 2);
  assert.equal(typeof p.column, 'number');
  assert.match(e.message, /^invalid assessment: line 2, column \d+: \$/);
  assert.ok(e.message.endsWith(p.message), 'the message carries the problem');
  const empty = thrown(() => Assessment.fromJson(''));
  assert.equal(empty.message, 'invalid assessment: $: the document is empty; expected a JSON object');
  stillUsable();
});

test('a key given twice is an error, not silently accepted', () => {
  const e = thrown(() =>
    Assessment.fromJson(`{${HEAD}, "answers": {"lead-01": {"answer": "fully"}, "lead-01": {"answer": "partly"}}}`),
  );
  assert.equal(e.kind, 'InvalidAssessment');
  assert.match(e.problems[0].message, /"lead-01" is given twice/);
  assert.match(e.problems[0].path, /^\$\.answers/);
  const top = thrown(() => Assessment.fromJson(`{${HEAD}, "year": 2016, "answers": {}}`));
  assert.match(top.message, /duplicate field `year`/);
  stillUsable();
});

test('an unknown catalogue points at the file\'s reference', () => {
  const e = thrown(() =>
    Assessment.fromJson('{"catalogue": {"id": "eblomladan", "version": "2014"}, "municipality": "1881", "year": 2014, "answers": {}}'),
  );
  assert.equal(e.kind, 'UnknownCatalogue');
  assert.equal(e.message, 'unknown catalogue "eblomladan-2014"; built-in catalogues: eblomladan-2016');
  assert.equal(e.problems[0].path, '$.catalogue');
  assert.equal(thrown(() => Catalogue.builtin('nope')).kind, 'UnknownCatalogue');
  const other = Catalogue.builtin('eblomladan-2016');
  const mismatch = thrown(() =>
    Assessment.fromJson('{"catalogue": {"id": "eblomladan", "version": "2014"}, "municipality": "1881", "year": 2014, "answers": {}}', other),
  );
  assert.equal(mismatch.problems[0].path, '$.catalogue');
  assert.match(mismatch.message, /is for catalogue eblomladan 2014 but is being checked against eblomladan 2016/);
  stillUsable();
});

test('invalid fields and arguments of the wrong type', () => {
  const c = Catalogue.builtin('eblomladan-2016');
  assert.equal(thrown(() => new Assessment(c, '188', 2017)).kind, 'InvalidField');
  assert.equal(thrown(() => new Assessment(c, '1881', 17)).message, 'invalid year: year 17 is out of range; expected a year between 1900 and 2200');
  assert.equal(thrown(() => new Assessment(c, 1881, 2017)).message, 'municipality must be a string, not number');
  assert.equal(thrown(() => new Assessment(c, '1881', 2017.5)).kind, 'InvalidArgument');
  const a = new Assessment(c, '1881', 2017);
  assert.equal(thrown(() => a.answer(12, 'fully')).message, 'indicator id must be a string, not number');
  assert.equal(thrown(() => a.answer('lead-01')).message, 'answer must be a string, not undefined');
  assert.equal(thrown(() => a.answer('lead-01', 'fully', 42)).message, 'comment must be a string, not number');
  assert.equal(a.answerOf('lead-01'), undefined, 'a bad comment leaves the indicator unanswered');
  assert.equal(thrown(() => a.setComment('lead-01', 'x')).kind, 'InvalidField', 'commenting needs an answer');
  assert.equal(thrown(() => { a.year = 'next'; }).message, 'year must be a number, not string');
  assert.equal(a.year, 2017);
  assert.equal(thrown(() => Assessment.fromJson(a.toJson(), {})).message, 'catalogue must be a Catalogue, not object');
  assert.equal(thrown(() => Assessment.fromJson(a.toJson(), 'eblomladan-2016')).message, 'catalogue must be a Catalogue, not string');
  assert.equal(thrown(() => Assessment.fromJson({})).message, 'text must be a string, not object');
  assert.equal(thrown(() => Catalogue.fromJson('{"id": "x"}')).kind, 'InvalidCatalogue');
  assert.throws(() => new Assessment({}, '1881', 2017), Error, 'not a Catalogue: wasm-bindgen refuses it');
  stillUsable();
});

test('render options are checked', () => {
  const a = Assessment.fromJson(kumlaText);
  assert.equal(thrown(() => renderFlowerbox(a, { palete: 'standard' })).message, 'options: unknown option "palete"; expected one of lang, width, labels, legend, palette, disagreements');
  const p = thrown(() => renderFlowerbox(a, { palette: 'rainbow' }));
  assert.equal(p.message, 'options.palette: unknown palette "rainbow"; expected standard or colour-blind');
  assert.equal(p.problems[0].path, '$.palette');
  assert.equal(thrown(() => renderFlowerbox(a, { width: -3 })).kind, 'InvalidArgument');
  assert.equal(thrown(() => renderFlowerbox(a, 'en')).message, 'options must be an object, not string');
  const trap = new Proxy({}, { ownKeys() { throw new Error('boom'); } });
  assert.equal(thrown(() => renderFlowerbox(a, trap)).message, 'options cannot be read');
  const getter = { get lang() { throw new Error('boom'); } };
  assert.equal(thrown(() => renderFlowerbox(a, getter)).message, 'options cannot be read');
  assert.equal(thrown(() => eblomlada.renderComparisonChart(a, 'Riket', { elderly: 'high' })).message, 'reference.elderly: expected a finite number such as 2.1, not a string');
  assert.ok(renderFlowerbox(a, { lang: undefined }).startsWith('<svg'), 'undefined means the default');
  a.answer('lead-01', 'fully');
  stillUsable();
});

test('use after free throws but nothing else breaks', () => {
  const c = Catalogue.builtin('eblomladan-2016');
  const a = new Assessment(c, '1881', 2017);
  a.free();
  assert.throws(() => a.score(), Error);
  c.free();
  assert.equal(Catalogue.builtin('eblomladan-2016').key, 'eblomladan-2016', 'built-in catalogues are shared, not freed');
  stillUsable();
});

test('thousands of failing calls leave the module working and memory flat', () => {
  const a = Assessment.fromJson(read(golden, 'half-answered.assessment.json'));
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 3000; i += 1) {
    assert.throws(() => a.answer(`lead-${i}x`, 'fully'));
    assert.throws(() => Assessment.fromJson('{"catalogue": 1}'));
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  assert.ok(grown < 8 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);
  stillUsable();
});

test('a byte order mark (Windows editors, Excel) is ignored, as in the CLI and Python', () => {
  const { Assessment } = eblomlada;
  assert.deepStrictEqual(Assessment.fromJson('\ufeff' + kumlaText).score(), kumlaExpected);
});

test('render options and reference scores are checked like the CLI and Python', () => {
  const { Assessment, Catalogue, renderFlowerbox, renderComparisonChart } = eblomlada;
  const a = new Assessment(Catalogue.builtin('eblomladan-2016'), '1881', 2017);
  assert.throws(() => renderFlowerbox(a, { lang: 'de' }), /unknown language "de"/);
  assert.throws(() => renderFlowerbox(a, { width: 10 }), /width 10 is out of range; expected 240 to 8000/);
  assert.throws(() => renderComparisonChart(a, 'Riket', { harbour: 2 }), /unknown area "harbour"/);
  assert.throws(() => renderComparisonChart(a, 'Riket', { elderly: 3.5 }), /expected a number from 1 to 3/);
  assert.match(renderComparisonChart(a, 'Riket', { elderly: 1.9 }), /^<svg/);
});

// The shared golden fixtures (tests/golden/, written by an independent Python scorer) through
// the Node package: `score()` must be deep-equal to `*.expected.json`, keys in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eblomlada, fixtures, keyOrder } from './helpers.mjs';

const { Assessment, Catalogue } = eblomlada;
const all = fixtures();

test('there are golden fixtures to check', () => {
  assert.ok(all.length >= 5, `only ${all.length} fixtures found`);
});

for (const [name, text, expected] of all) {
  test(`golden ${name}: score() equals the expected result`, () => {
    const score = Assessment.fromJson(text).score();
    assert.deepStrictEqual(score, expected);
    assert.deepStrictEqual(keyOrder(score), keyOrder(expected), 'same key order as the CLI');
  });

  test(`golden ${name}: same result with an explicit catalogue and after a JSON round trip`, () => {
    const catalogue = Catalogue.builtin('eblomladan-2016');
    const a = Assessment.fromJson(text, catalogue);
    const again = Assessment.fromJson(a.toJson(), catalogue);
    assert.deepStrictEqual(again.score(), expected);
    assert.deepStrictEqual(Assessment.fromJson(JSON.stringify(a)).score(), expected, 'JSON.stringify uses toJSON()');
    assert.equal(catalogue.key, 'eblomladan-2016', 'the caller keeps its catalogue');
  });

  test(`golden ${name}: rebuilding it answer by answer gives the same result`, () => {
    const doc = JSON.parse(text);
    const a = new Assessment(Catalogue.builtin(`${doc.catalogue.id}-${doc.catalogue.version}`), doc.municipality, doc.year);
    for (const [id, entry] of Object.entries(doc.answers)) a.answer(id, entry.answer, entry.comment);
    assert.deepStrictEqual(a.score(), expected);
    assert.equal(a.answered, expected.answered);
  });
}

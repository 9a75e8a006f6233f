// renderReport (analysis package, pkg-analysis-node/): the same HTML document as
// `eblomlada report FILE -o -` for the same input; options checked; the caller's objects kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo, wasmDir } from './helpers.mjs';

const pkgDir = join(wasmDir, 'pkg-analysis-node');
assert.ok(existsSync(join(pkgDir, 'index.js')), 'pkg-analysis-node/ is missing: run bindings-wasm/build.sh first');
const { Assessment, EblomladaError, renderReport, synthetic } = createRequire(import.meta.url)(join(pkgDir, 'index.js'));
const cli = process.env.EBLOMLADA_CLI || join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'debug', 'eblomlada');
const run = (...args) => {
  assert.ok(existsSync(cli), `the command line is missing at ${cli}: run \`cargo build -p eblomlada-cli\``);
  return execFileSync(cli, args, { encoding: 'utf8', cwd: repo, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
};
const file = (year) => join(repo, 'examples', `kumla-${year}.json`);
const load = (year) => Assessment.fromJson(readFileSync(file(year), 'utf8'));

test('renderReport gives the CLI\'s document, in both languages', () => {
  const [now, before] = [load(2017), load(2016)];
  for (const lang of ['sv', 'en']) {
    const html = renderReport(now, { previous: before, lang });
    assert.equal(`${html}\n`.trimEnd(), run('report', file(2017), '--previous', file(2016), '--lang', lang, '-o', '-').trimEnd());
  }
  const html = renderReport(now, { previous: before });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /«Uppfyller inte alls» gick från 4 till 2/);
  assert.doesNotMatch(html, /<script/);
  // The caller's assessments stay usable.
  assert.equal(now.answered, 88);
  assert.equal(before.answered, 88);
});

test('renderReport against assessments says the reference is compiled and synthetic', () => {
  const national = synthetic({ seed: 4, years: [2017] });
  const html = renderReport(load(2017), { against: national });
  assert.match(html, /sammanställning av \d+ inlämnade skattningar/);
  assert.match(html, /syntetiska/);
  assert.equal(national[0].year, 2017, 'the caller keeps its assessments');
});

test('renderReport checks its options', () => {
  const a = load(2017);
  for (const [options, path] of [[{ lang: 'de' }, '$.lang'], [{ palette: 'pink' }, '$.palette'], [{ previous: {} }, '$.previous'], [{ colour: 1 }, '$.colour']]) {
    assert.throws(() => renderReport(a, options), (e) => e instanceof EblomladaError && e.problems[0].path === path, JSON.stringify(options));
  }
});

// Team assessments through the Node package: the shared golden team fixtures (tests/team/,
// written by an independent Python implementation), errors, and the marks on the picture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { eblomlada, read, repo } from './helpers.mjs';

const { Catalogue, Contribution, mergeTeam, renderFlowerbox, EblomladaError } = eblomlada;
const teamDir = join(repo, 'tests', 'team');
const cases = readdirSync(teamDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function load(name) {
  const dir = join(teamDir, name);
  const files = readdirSync(dir).filter((f) => f.startsWith('contribution-')).sort();
  const contributions = files.map((f) => Contribution.fromJson(read(dir, f)));
  const decisions = existsSync(join(dir, 'decisions.json')) ? JSON.parse(read(dir, 'decisions.json')) : undefined;
  return { dir, contributions, decisions };
}

test('there are golden team cases', () => {
  assert.deepStrictEqual(cases, ['kumla-team', 'one-full']);
});

for (const name of cases) {
  for (const policy of ['open', 'lowest', 'median']) {
    test(`golden team ${name} (${policy}): mergeTeam equals the independent implementation`, () => {
      const { dir, contributions, decisions } = load(name);
      const wantMerged = JSON.parse(read(dir, `expected.${policy}.merged.json`));
      const wantReport = JSON.parse(read(dir, `expected.${policy}.report.json`));
      for (const order of [contributions, [...contributions].reverse()]) {
        const result = mergeTeam(order, decisions, policy);
        assert.deepStrictEqual(result.assessment.toJSON(), wantMerged);
        assert.deepStrictEqual(result.report, wantReport);
      }
      // The caller keeps its contributions (mergeTeam reads copies).
      assert.ok(contributions[0].toJson().includes('"respondent"'));
    });
  }
}

test('decisions in every accepted shape; bad decisions name their path', () => {
  const { contributions } = load('kumla-team');
  const open = mergeTeam(contributions).report.open;
  assert.ok(open.length > 0);
  const id = open[0];
  for (const decisions of [{ [id]: 'partly' }, { [id]: { answer: 'partly', comment: 'Beslut' } }, { decisions: { [id]: { answer: 'partly' } } }]) {
    const { assessment, report } = mergeTeam(contributions, decisions);
    assert.equal(assessment.answerOf(id), 'partly');
    assert.equal(report.indicators[id].resolution, 'decision');
  }
  assert.throws(
    () => mergeTeam(contributions, { 'lead-99': 'fully' }),
    (e) => e instanceof EblomladaError && e.kind === 'InvalidDecisions' && e.problems[0].path === '$.decisions.lead-99',
  );
  assert.throws(() => mergeTeam(contributions, undefined, 'vote'), /unknown policy "vote"/);
  assert.throws(() => mergeTeam([]), (e) => e.kind === 'Empty');
  assert.throws(() => mergeTeam('x'), (e) => e.kind === 'InvalidArgument');
  assert.throws(() => mergeTeam([{}]), (e) => e.kind === 'InvalidArgument' && /contributions\[0\] must be a Contribution/.test(e.message));
});

test('a contribution is answered within its scope and round-trips', () => {
  const c = new Contribution(Catalogue.builtin('eblomladan-2016'), '1881', 2017, {
    id: 'soc', name: 'Sara', department: 'Soc', scope: { areas: ['elderly'] },
  });
  assert.equal(c.scopeIds().length, 8);
  c.answer('elderly-06', 'fully', 'Trygghetslarm');
  assert.throws(() => c.answer('tech-01', 'fully'), (e) => e.kind === 'InvalidField' && /outside the scope of respondent "soc"/.test(e.message));
  const again = Contribution.fromJson(c.toJson());
  assert.deepStrictEqual(again.toJSON(), c.toJSON());
  assert.deepStrictEqual(again.respondent, { id: 'soc', name: 'Sara', department: 'Soc', scope: { areas: ['elderly'] } });
  assert.equal(again.assessment.answerOf('elderly-06'), 'fully');
  const doc = c.toJSON();
  doc.answers['tech-01'] = { answer: 'fully' };
  assert.throws(
    () => Contribution.fromJson(JSON.stringify(doc)),
    (e) => e.kind === 'InvalidContribution' && e.problems[0].path === '$.answers.tech-01',
  );
  assert.throws(
    () => new Contribution(Catalogue.builtin('eblomladan-2016'), '1881', 2017, { id: 'x', name: 'X', scope: { levels: ['grass'] } }),
    (e) => e.kind === 'InvalidContribution' && e.problems[0].path === '$.respondent.scope.levels[0]',
  );
  assert.throws(() => new Contribution(Catalogue.builtin('eblomladan-2016'), '1881', 2017, 'x'), (e) => e.kind === 'InvalidArgument');
  const a = new Contribution(Catalogue.builtin('eblomladan-2016'), '1881', 2017, { id: 'a', name: 'A' });
  const b = new Contribution(Catalogue.builtin('eblomladan-2016'), '1880', 2017, { id: 'b', name: 'B' });
  assert.throws(() => mergeTeam([a, b]), (e) => e.kind === 'InconsistentContributions' && e.problems[0].path === '$.municipality');
});

test('open disagreements are marked on the picture', () => {
  const { contributions } = load('kumla-team');
  const { assessment, report } = mergeTeam(contributions);
  const svg = renderFlowerbox(assessment, { disagreements: report.open });
  assert.equal(svg.split('data-disagreement="true"').length - 1, report.open.length);
  assert.ok(svg.includes(`Oenighet att avgöra: ${report.open.length}`));
  assert.throws(() => renderFlowerbox(assessment, { disagreements: 'lead-01' }), /options.disagreements: expected an array of indicator ids/);
  assert.throws(() => renderFlowerbox(assessment, { disagreements: [1] }), /options.disagreements/);
});

// Type-checked by tests/node/types.test.mjs: the Node package's types.
import { Assessment, Catalogue, EblomladaError, renderFlowerbox, version } from '../../pkg-node/index.js';
import type { ScoreResult, EblomladaErrorKind } from '../../pkg-node/index.js';

const a: Assessment = Assessment.fromJson('{}');
const b = new Assessment(Catalogue.builtin('eblomladan-2016'), '1881', 2017);
const s: ScoreResult = b.score();
const kind: EblomladaErrorKind = 'UnknownAnswer';
const e = new EblomladaError('x', kind, []);
const v: string = version();
console.log(a, s.areas.public.score, e.problems.length, v, renderFlowerbox(b).length);

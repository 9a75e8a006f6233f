// Completes the wasm-bindgen output into npm-style packages (called by build.sh):
//   pkg/       the browser package: ES modules, the custom element, TypeScript types
//   pkg-node/  the Node package: CommonJS (also importable from ES modules), TypeScript types
// With --analysis, the same from the build with the cargo feature `analysis` (the same API plus
// compile, compare, diff, plan, CSV and synthetic data):
//   pkg-analysis/       the browser package `eblomlada-analysis`
//   pkg-analysis-node/  the Node package `eblomlada-analysis`
// Usage: node tools/package.mjs <version> [--analysis]
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const version = process.argv[2];
const analysis = process.argv.slice(3).includes('--analysis');
if (!version || process.argv.slice(3).some((a) => a !== '--analysis')) {
  throw new Error('usage: node tools/package.mjs <version> [--analysis]');
}

const common = analysis
  ? {
      name: 'eblomlada-analysis',
      version,
      description:
        'eBlomlådan self-assessment of Swedish municipalities: catalogues, exact scoring, the flowerbox picture and the analysis functions (compilations, comparisons, trends, the improvement planner, CSV; WebAssembly build of the Rust core)',
      license: 'MIT OR Apache-2.0',
      keywords: ['eblomladan', 'eblomlada', 'self-assessment', 'municipality', 'webassembly', 'svg', 'analysis'],
    }
  : {
      name: 'eblomlada',
      version,
      description:
        'eBlomlådan self-assessment of Swedish municipalities: catalogues, exact scoring and the flowerbox picture (WebAssembly build of the Rust core)',
      license: 'MIT OR Apache-2.0',
      keywords: ['eblomladan', 'eblomlada', 'self-assessment', 'municipality', 'webassembly', 'svg'],
    };

// The analysis packages' errors also have the analysis kinds (`AnalysisErrorKind`).
const kindType = analysis ? 'EblomladaErrorKind | AnalysisErrorKind' : 'EblomladaErrorKind';
const kindImports = analysis ? 'AnalysisErrorKind, EblomladaErrorKind, Problem' : 'EblomladaErrorKind, Problem';
const errorDts = `import type { ${kindImports} } from './eblomlada';

/**
 * Thrown by every eblomlada function and method on bad input. \`message\` is the core library's
 * exact message (what the command line prints); \`problems\` lists every problem found, each with
 * its JSON path (and line and column where the JSON parser knows them).
 */
export declare class EblomladaError extends Error {
  constructor(message: string, kind?: ${kindType} | string, problems?: string | Problem[]);
  readonly name: 'EblomladaError';
  /** Which error this is, e.g. \`"InvalidAssessment"\` or \`"UnknownAnswer"\`. */
  kind: ${kindType};
  /** Every problem found; at least one. */
  problems: Problem[];
}
`;

/**
 * wasm-bindgen types `[Symbol.dispose]()`, which needs TypeScript's `esnext.disposable` library:
 * reference it from the file, so users need no `lib` setting for it (TypeScript 5.2 or later).
 */
function selfContainedTypes(dir) {
  const file = join(dir, 'eblomlada.d.ts');
  const text = readFileSync(file, 'utf8');
  if (!text.includes('reference lib="esnext.disposable"')) {
    writeFileSync(file, `/// <reference lib="esnext.disposable" />\n${text}`);
  }
}

// ---- browser --------------------------------------------------------------------------------
const web = join(here, analysis ? 'pkg-analysis' : 'pkg');
selfContainedTypes(web);
copyFileSync(join(here, 'README.md'), join(web, 'README.md'));
copyFileSync(join(here, 'js/error.js'), join(web, 'error.js'));
copyFileSync(join(here, 'js/element.js'), join(web, 'element.js'));
copyFileSync(join(here, 'js/element.d.ts'), join(web, 'element.d.ts'));
// The published national figures, for `<eblom-flowerbox>`'s `reference` (fetched by a page that wants them).
const published = 'eblomladan-2016.published-2017.json';
copyFileSync(join(here, '..', 'indicators', published), join(web, published));
writeFileSync(join(web, 'error.d.ts'), errorDts);
writeFileSync(
  join(web, 'index.js'),
  `// The browser entry point: call the default export (init) once before anything else, or use
// ./element.js, which does it for you.
export * from './eblomlada.js';
export { default } from './eblomlada.js';
export { EblomladaError } from './error.js';
`,
);
writeFileSync(
  join(web, 'index.d.ts'),
  `export * from './eblomlada';
export { default } from './eblomlada';
export { EblomladaError } from './error';
`,
);
// The team module (feature `team`) and the workbook module (feature `workbook`): the same API
// plus Contribution and mergeTeam, or assessmentWorkbook and assessmentCsv, each in a second
// .wasm that a page imports only when it needs it (`import('eblomlada/team')`,
// `import('eblomlada/workbook')`). Their errors are the main package's EblomladaError class.
const LAZY = {
  team: 'Team assessments in the browser: call the default export (init) once, then use Contribution\n// and mergeTeam',
  workbook: 'Downloads in the browser: call the default export (init) once, then use assessmentWorkbook\n// (Excel, as `eblomlada export --xlsx`) and assessmentCsv',
};
if (!analysis) {
  for (const [name, what] of Object.entries(LAZY)) {
    const dir = join(web, name);
    selfContainedTypes(dir);
    writeFileSync(join(dir, 'error.js'), "export { EblomladaError } from '../error.js';\n");
    writeFileSync(join(dir, 'error.d.ts'), "export { EblomladaError } from '../error';\n");
    writeFileSync(
      join(dir, 'index.js'),
      `// ${what} (and everything of the main package) from this module. Objects of this module and
// of the main one cannot be mixed: move assessments between them as JSON (toJson / fromJson).
export * from './eblomlada.js';
export { default } from './eblomlada.js';
export { EblomladaError } from './error.js';
`,
    );
    writeFileSync(join(dir, 'index.d.ts'), `export * from './eblomlada';\nexport { default } from './eblomlada';\nexport { EblomladaError } from './error';\n`);
  }
}
const lazyFiles = ['index.js', 'index.d.ts', 'eblomlada.js', 'eblomlada.d.ts', 'eblomlada_bg.wasm', 'eblomlada_bg.wasm.d.ts', 'error.js', 'error.d.ts'];
const teamFiles = analysis ? [] : Object.keys(LAZY).flatMap((dir) => lazyFiles.map((f) => `${dir}/${f}`));
const webFiles = [
  ...teamFiles,
  'index.js',
  'index.d.ts',
  'eblomlada.js',
  'eblomlada.d.ts',
  'eblomlada_bg.wasm',
  'eblomlada_bg.wasm.d.ts',
  'error.js',
  'error.d.ts',
  'element.js',
  'element.d.ts',
  'eblomladan-2016.published-2017.json',
  'README.md',
];
writeFileSync(
  join(web, 'package.json'),
  JSON.stringify(
    {
      ...common,
      type: 'module',
      main: './index.js',
      module: './index.js',
      types: './index.d.ts',
      exports: {
        '.': { types: './index.d.ts', default: './index.js' },
        './element': { types: './element.d.ts', default: './element.js' },
        './element.js': { types: './element.d.ts', default: './element.js' },
        ...(analysis
          ? {}
          : {
              './team': { types: './team/index.d.ts', default: './team/index.js' },
              './workbook': { types: './workbook/index.d.ts', default: './workbook/index.js' },
            }),
        './eblomlada_bg.wasm': './eblomlada_bg.wasm',
        './package.json': './package.json',
      },
      files: webFiles,
      sideEffects: ['./element.js'],
    },
    null,
    2,
  ) + '\n',
);

// ---- Node -----------------------------------------------------------------------------------
const node = join(here, analysis ? 'pkg-analysis-node' : 'pkg-node');
selfContainedTypes(node);
copyFileSync(join(here, 'README.md'), join(node, 'README.md'));
const esm = readFileSync(join(here, 'js/error.js'), 'utf8');
const cjs = `'use strict';\n${esm.replace('export class EblomladaError', 'class EblomladaError')}\nmodule.exports = { EblomladaError };\n`;
if (cjs.includes('export ')) throw new Error('js/error.js: could not turn it into CommonJS');
writeFileSync(join(node, 'error.js'), cjs);
writeFileSync(join(node, 'error.d.ts'), errorDts);
writeFileSync(
  join(node, 'index.js'),
  `'use strict';
// The Node entry point: the WebAssembly is loaded synchronously on first require.
module.exports = { ...require('./eblomlada.js'), ...require('./error.js') };
`,
);
writeFileSync(
  join(node, 'index.d.ts'),
  `export * from './eblomlada';
export { EblomladaError } from './error';
`,
);
writeFileSync(
  join(node, 'package.json'),
  JSON.stringify(
    {
      ...common,
      main: './index.js',
      types: './index.d.ts',
      exports: {
        '.': { types: './index.d.ts', default: './index.js' },
        './package.json': './package.json',
      },
      files: ['index.js', 'index.d.ts', 'eblomlada.js', 'eblomlada.d.ts', 'eblomlada_bg.wasm', 'eblomlada_bg.wasm.d.ts', 'error.js', 'error.d.ts', 'README.md'],
      engines: { node: '>=18' },
    },
    null,
    2,
  ) + '\n',
);
const dirs = analysis ? 'pkg-analysis/ (browser) and pkg-analysis-node/ (Node)' : 'pkg/, pkg/team/ and pkg/workbook/ (browser) and pkg-node/ (Node)';
console.log(`packaged ${common.name} ${version}: ${dirs}`);

#!/usr/bin/env node
// Prints the sizes of the built packages: the .wasm raw, gzip (level 9) and brotli (quality 11),
// and what a browser downloads for <eblom-flowerbox>. The budget (DESIGN.md) is 150 KB gzip
// for the .wasm, read strictly as 150 000 bytes. Prints figures; exits 1 only with --strict.
// The analysis package (pkg-analysis/, the cargo feature `analysis`) is reported too, with no
// budget: it is not the one the intranet page loads.
//   node tools/size-report.mjs [--strict] [--json]
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { execFileSync } from 'node:child_process';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const BUDGET_GZIP = 150_000;

function sizes(file) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const wasmFile = join(here, 'pkg', 'eblomlada_bg.wasm');
if (!existsSync(wasmFile)) {
  console.error('size-report: pkg/eblomlada_bg.wasm is missing; run bindings-wasm/build.sh first');
  process.exit(2);
}
const wasm = sizes(wasmFile);
const browserFiles = ['eblomlada_bg.wasm', 'eblomlada.js', 'index.js', 'error.js', 'element.js'];
const files = Object.fromEntries(browserFiles.map((f) => [f, sizes(join(here, 'pkg', f))]));
const total = Object.values(files).reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const nodeWasm = sizes(join(here, 'pkg-node', 'eblomlada_bg.wasm'));
const within = wasm.gzip <= BUDGET_GZIP;
const teamFile = join(here, 'pkg', 'team', 'eblomlada_bg.wasm');
const team = existsSync(teamFile) ? sizes(teamFile) : null;
const workbookFile = join(here, 'pkg', 'workbook', 'eblomlada_bg.wasm');
const workbook = existsSync(workbookFile) ? sizes(workbookFile) : null;
const analysisFile = join(here, 'pkg-analysis', 'eblomlada_bg.wasm');
const analysis = existsSync(analysisFile) ? sizes(analysisFile) : null;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ wasm, budgetGzip: BUDGET_GZIP, withinBudget: within, browserFiles: files, browserTotal: total, nodeWasm, teamWasm: team, workbookWasm: workbook, analysisWasm: analysis }, null, 2));
} else {
  const n = (b) => b.toLocaleString('en-US').replace(/,/g, '\u2009');
  const k = (b) => `${(b / 1000).toFixed(1)} kB`;
  const row = (name, s) => `  ${name.padEnd(22)} ${n(s.raw).padStart(9)} B  ${n(s.gzip).padStart(9)} B  ${n(s.brotli).padStart(9)} B`;
  console.log('eblomlada WebAssembly size report');
  console.log(`  ${''.padEnd(22)} ${'raw'.padStart(11)}  ${'gzip -9'.padStart(11)}  ${'brotli 11'.padStart(11)}`);
  console.log(row('pkg/eblomlada_bg.wasm', wasm));
  for (const [f, s] of Object.entries(files)) if (f !== 'eblomlada_bg.wasm') console.log(row(`pkg/${f}`, s));
  console.log(row('browser download', total));
  console.log(`  .wasm: raw ${k(wasm.raw)}, gzip ${k(wasm.gzip)}, brotli ${k(wasm.brotli)} (gzip: zlib level 9, as web servers compress)`);
  try {
    const gnu = execFileSync('gzip', ['-9c', wasmFile], { maxBuffer: 1 << 26 }).length;
    console.log(`  .wasm with GNU gzip -9: ${k(gnu)}`);
  } catch {
    // no gzip(1): the zlib figure above is the one that counts
  }
  console.log(
    within
      ? `  budget: .wasm gzip ${k(wasm.gzip)} <= 150 kB (${n(BUDGET_GZIP)} B): within`
      : `  budget: .wasm gzip ${k(wasm.gzip)} > 150 kB (${n(BUDGET_GZIP)} B): OVER by ${k(wasm.gzip - BUDGET_GZIP)}`,
  );
  if (team) {
    console.log(row('pkg/team/eblomlada_bg.wasm', team));
    console.log(
      `  team module .wasm (feature \`team\`, loaded on demand by the respondent and coordinator modes, no budget): ` +
        `gzip ${k(team.gzip)}; +${k(team.gzip - wasm.gzip)} gzip over pkg/`,
    );
  }
  if (workbook) {
    console.log(row('pkg/workbook/eblomlada_bg.wasm', workbook));
    console.log(
      `  workbook module .wasm (feature \`workbook\`, the Excel and CSV downloads, loaded only when one is asked for, no budget): ` +
        `gzip ${k(workbook.gzip)}; +${k(workbook.gzip - wasm.gzip)} gzip over pkg/`,
    );
  } else {
    console.log('  pkg/workbook/eblomlada_bg.wasm is missing (build.sh builds it)');
  }
  if (nodeWasm.raw !== wasm.raw && (!team || nodeWasm.raw !== team.raw)) console.log(row('pkg-node/eblomlada_bg.wasm', nodeWasm));
  if (analysis) {
    console.log(row('pkg-analysis/eblomlada_bg.wasm', analysis));
    console.log(
      `  analysis package .wasm (feature \`analysis\`, no budget): raw ${k(analysis.raw)}, gzip ${k(analysis.gzip)}, brotli ${k(analysis.brotli)}; ` +
        `+${k(analysis.gzip - wasm.gzip)} gzip over pkg/`,
    );
  } else {
    console.log('  pkg-analysis/eblomlada_bg.wasm is missing (build.sh builds it)');
  }
}
if (!within && process.argv.includes('--strict')) process.exit(1);

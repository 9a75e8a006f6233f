// Shared by the Node tests: the built Node package and the repository's shared fixtures.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const wasmDir = join(here, '..', '..');
export const repo = join(wasmDir, '..');
export const golden = join(repo, 'tests', 'golden');

/** The Node package (CommonJS) built by build.sh. */
export const eblomlada = createRequire(import.meta.url)(join(wasmDir, 'pkg-node', 'index.js'));

export const read = (...parts) => readFileSync(join(...parts), 'utf8');

/** `[name, assessment text, expected score]` for every golden fixture. */
export function fixtures() {
  return readdirSync(golden)
    .filter((f) => f.endsWith('.assessment.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.assessment\.json$/, '');
      return [name, read(golden, f), JSON.parse(read(golden, `${name}.expected.json`))];
    });
}

/** Every object's keys in order, depth first: deep-equal plus the same key order. */
export function keyOrder(value, path = '$', out = []) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    out.push(`${path}: ${Object.keys(value).join(',')}`);
    for (const [k, v] of Object.entries(value)) keyOrder(v, `${path}.${k}`, out);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => keyOrder(v, `${path}[${i}]`, out));
  }
  return out;
}

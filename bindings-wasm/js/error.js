// The error every eblomlada function throws. The WebAssembly module imports this class (see
// `raw_module = "./error.js"` in src/lib.rs) and constructs it with the core's message.
// build.sh copies this file into pkg/ as an ES module and into pkg-node/ as CommonJS.

/**
 * Thrown by every eblomlada function and method on bad input. `message` is the core library's
 * exact message (what the command line prints); `problems` lists every problem found, each with
 * a JSON path (and line and column where the parser knows them); `kind` says which error it is.
 */
export class EblomladaError extends Error {
  /**
   * @param {string} message
   * @param {string} [kind]
   * @param {string | Array<object>} [problems] a JSON array (from WebAssembly) or an array
   */
  constructor(message, kind, problems) {
    super(String(message));
    /** @type {string} */
    this.kind = typeof kind === 'string' ? kind : 'Error';
    let list = [];
    if (Array.isArray(problems)) {
      list = problems;
    } else if (typeof problems === 'string') {
      try {
        const parsed = JSON.parse(problems);
        if (Array.isArray(parsed)) list = parsed;
      } catch {
        // never throw from an error constructor
      }
    }
    /** @type {Array<{severity: string, path: string, line: number | null, column: number | null, message: string}>} */
    this.problems = list;
  }
}

Object.defineProperty(EblomladaError.prototype, 'name', {
  value: 'EblomladaError',
  writable: true,
  configurable: true,
  enumerable: false,
});

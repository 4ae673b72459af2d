// Node.js (V8) runner of a benchmark capsule: node run_wasm.cjs NAME.wasm SCALE
// Instantiates the module with no imports, calls run(SCALE), prints the result
// as the last line; exit 0 when it is 0 (self-check passed), 1 otherwise.
'use strict';
const fs = require('fs');

const [file, scaleText] = process.argv.slice(2);
const scale = Number(scaleText);
if (!file || !Number.isInteger(scale) || scale < 1) {
  console.error('usage: node run_wasm.cjs MODULE.wasm SCALE');
  process.exit(2);
}
const wasmModule = new WebAssembly.Module(fs.readFileSync(file));
const instance = new WebAssembly.Instance(wasmModule, {});
const result = instance.exports.run(scale);
console.log(String(result));
process.exit(result === 0 ? 0 : 1);

;; Well-formed binary, invalid module (type mismatch): assembled with --no-check; wasm2c rejects it.
(module
  (func (export "f") (result i32) (i64.const 1)))

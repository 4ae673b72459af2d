;; A WASI import: must be refused (unknown import).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (func (export "f") (result i32) (i32.const 0)))

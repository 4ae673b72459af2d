;; A WASI import outside wcap's subset (fd_read): must be refused, naming the
;; subset (docs/host-api.md, "WASI").
(module
  (import "wasi_snapshot_preview1" "fd_read" (func (param i32 i32 i32 i32) (result i32)))
  (func (export "f") (result i32) (i32.const 0)))

;; small: a 1-page memory packaged with --memory-max 4096 (a small memory).
(module
  (memory 1 2)
  (data (i32.const 4000) "edge")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
)

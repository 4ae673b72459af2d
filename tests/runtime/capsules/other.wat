;; other: the neighbour capsule of the fault-isolation tests: keeps state in
;; memory and a global, so corruption by a faulting neighbour would show.
(module
  (memory 1 1)
  (global $calls (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32)
    (i32.store (i32.const 100) (i32.add (i32.load (i32.const 100)) (i32.const 1)))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.add (local.get 0) (local.get 1)))
  (func (export "calls") (result i32) (global.get $calls))
  (func (export "stored") (result i32) (i32.load (i32.const 100)))
)

;; Threads: shared memory and an atomic operation; must be refused.
(module
  (memory 1 1 shared)
  (func (export "inc") (result i32)
    (i32.atomic.rmw.add (i32.const 0) (i32.const 1))))

;; Two memories (multi-memory): must be refused.
(module
  (memory 1)
  (memory 1)
  (func (export "f") (result i32) (i32.const 0)))

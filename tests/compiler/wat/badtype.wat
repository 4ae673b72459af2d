;; A host import with the wrong type: must be refused.
(module
  (import "wcap" "log" (func (param i32)))
  (func (export "f")))

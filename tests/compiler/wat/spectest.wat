;; Imports from another module: only with the test-only --allow-imports spectest
;; and the mangled name listed by --extra-symbols.
(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (func (export "f") (param i32) (call $print (local.get 0))))

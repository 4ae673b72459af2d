;; deep: recursion of a chosen depth for the stack_peak.* tests. The recursive
;; call goes through call_indirect and its result is used afterwards, so the C
;; compiler can neither see the recursion nor turn it into a loop: each level
;; is one native frame of wasm2c's code.
(module
  (type $ii (func (param i32) (result i32)))
  (memory 1 1)
  (table 1 funcref)
  (elem (i32.const 0) $deep)
  (func $deep (type $ii) (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (local.get $n)
              (call_indirect (type $ii) (i32.sub (local.get $n) (i32.const 1)) (i32.const 0))))))
  (func (export "deep") (param $n i32) (result i32) (call $deep (local.get $n)))
)

;; loops: loop- and call-heavy kernel for the check-cost measurement.
;; run(n): n rounds of a 256-element insertion-style pass plus a call per element.
(module
  (memory 1)
  (func $mix (param i32) (result i32)
    (i32.xor (i32.mul (local.get 0) (i32.const 0x9E3779B1)) (i32.shr_u (local.get 0) (i32.const 15))))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $r i32)
    (loop $rounds
      (local.set $i (i32.const 0))
      (loop $elems
        (i32.store (i32.shl (local.get $i) (i32.const 2))
          (call $mix (i32.add (local.get $acc) (local.get $i))))
        (local.set $acc (i32.add (local.get $acc)
          (i32.load (i32.shl (i32.and (i32.add (local.get $i) (i32.const 7)) (i32.const 255)) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $elems (i32.lt_u (local.get $i) (i32.const 256))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rounds (i32.lt_u (local.get $r) (local.get $n))))
    (local.get $acc))
)

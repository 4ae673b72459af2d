;; The access list of host/compiler/wasm_access.c (tests/compiler/access_map.c):
;; dead code after br / unreachable is not listed, as wasm2c does not write it.
(module
  (memory 1)
  (func $a (param i32) (result i32)
    (i32.store offset=8 (local.get 0) (i32.const 1))
    (block (br 0) (drop (i32.load (local.get 0))))
    (if (local.get 0)
      (then (unreachable) (i64.store (local.get 0) (i64.const 0)))
      (else (i32.store8 (local.get 0) (i32.const 2))))
    (block (block (br_if 1 (local.get 0)) (f64.store offset=16 (local.get 0) (f64.const 1))))
    (i32.load16_u offset=2 (local.get 0)))
  (func $b (param i32)
    (memory.fill (local.get 0) (i32.const 0) (i32.const 4))
    (return)
    (i32.store (local.get 0) (i32.const 3)))
  (export "a" (func $a))
  (export "b" (func $b)))

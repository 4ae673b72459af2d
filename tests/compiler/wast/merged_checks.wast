;; host/compiler/wasm_checks.c merges the bounds checks of accesses through one base
;; into one check at the first access. These checks pin what must not change:
;; which accesses trap, with which trap, and what memory holds afterwards,
;; including addresses whose i32 arithmetic wraps around 4 GiB.
;; compiler.merged_checks_emitted checks that the functions are merged.
(module
  (memory 1 1)
  (data (i32.const 0) "\01\00\00\00\02\00\00\00")

  ;; one base, memarg offsets 0 and 8
  (func (export "sum_off") (param $p i32) (result i32)
    (i32.add (i32.load offset=0 (local.get $p)) (i32.load offset=8 (local.get $p))))

  ;; one base, i32 address arithmetic p+8 and p+12 (wraps for large p)
  (func (export "sum_add") (param $p i32) (result i32)
    (i32.add (i32.load (i32.add (local.get $p) (i32.const 8)))
             (i32.load (i32.add (local.get $p) (i32.const 12)))))

  ;; negative delta first: p-4 then p
  (func (export "sum_neg") (param $p i32) (result i32)
    (i32.add (i32.load (i32.add (local.get $p) (i32.const -4)))
             (i32.load (local.get $p))))

  ;; a store, then a load through the same base that traps: the store happened
  (func (export "store_then_oob") (param $p i32)
    (i32.store offset=0 (local.get $p) (i32.const 77))
    (i32.store offset=4 (local.get $p) (i32.const 78))
    (drop (i32.load offset=65536 (local.get $p))))
  (func (export "peek") (param $p i32) (result i32) (i32.load (local.get $p)))

  ;; a load, then a division that traps, then a load out of bounds: the
  ;; division's trap comes first
  (func (export "div_then_oob") (param $p i32) (param $d i32) (result i32)
    (i32.add (i32.load (local.get $p))
             (i32.add (i32.div_u (i32.const 1) (local.get $d))
                      (i32.load offset=4 (local.get $p)))))

  ;; a load, then a store through another base, then an out-of-bounds load
  ;; through the first base: the other store happened
  (func (export "other_store_then_oob") (param $p i32) (param $q i32)
    (drop (i32.load (local.get $p)))
    (i32.store (local.get $q) (i32.const 99))
    (drop (i32.load offset=65532 (local.get $p))))

  ;; an address bounded by its arithmetic (a byte times 4 plus a table base)
  ;; that always lies below the memory's guaranteed size needs no check
  (func (export "byte_index") (param $p i32) (result i32)
    (i32.load (i32.add (i32.const 8192) (i32.shl (i32.load8_u (local.get $p)) (i32.const 2)))))
  (func (export "masked") (param $x i32) (result i32)
    (i32.load (i32.and (local.get $x) (i32.const 0xFFFC))))
  ;; bounded, but not below the size: checked
  (func (export "masked_wide") (param $x i32) (result i32)
    (i32.load (i32.and (local.get $x) (i32.const 0x1FFFC))))

  ;; a load after a store, covered by the store's check
  (func (export "store_then_covered") (param $p i32) (result i32)
    (i32.store offset=8 (local.get $p) (i32.const 5))
    (i32.load offset=4 (local.get $p)))

  ;; constant addresses (static data) share one group
  (func (export "consts") (result i32)
    (i32.add (i32.load (i32.const 0)) (i32.load (i32.const 4))))
  (func (export "consts_oob") (result i32)
    (i32.add (i32.load (i32.const 0)) (i32.load (i32.const 65533))))
)

(assert_return (invoke "sum_off" (i32.const 0)) (i32.const 1))
(assert_return (invoke "sum_off" (i32.const 65524)) (i32.const 0))
(assert_trap (invoke "sum_off" (i32.const 65525)) "out of bounds memory access")
(assert_trap (invoke "sum_off" (i32.const 65528)) "out of bounds memory access")
(assert_trap (invoke "sum_off" (i32.const -1)) "out of bounds memory access")

(assert_return (invoke "sum_add" (i32.const -8)) (i32.const 3))
(assert_return (invoke "sum_add" (i32.const -4)) (i32.const 2))
(assert_trap (invoke "sum_add" (i32.const -12)) "out of bounds memory access")
(assert_trap (invoke "sum_add" (i32.const 65521)) "out of bounds memory access")
(assert_return (invoke "sum_add" (i32.const 65516)) (i32.const 0))

(assert_return (invoke "sum_neg" (i32.const 4)) (i32.const 3))
(assert_trap (invoke "sum_neg" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "sum_neg" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "sum_neg" (i32.const 65532)) (i32.const 0))

(assert_trap (invoke "store_then_oob" (i32.const 16)) "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 16)) (i32.const 77))
(assert_return (invoke "peek" (i32.const 20)) (i32.const 78))

(assert_trap (invoke "div_then_oob" (i32.const 65532) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div_then_oob" (i32.const 65532) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "div_then_oob" (i32.const 0) (i32.const 1)) (i32.const 4))

(assert_trap (invoke "other_store_then_oob" (i32.const 8) (i32.const 32)) "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 32)) (i32.const 99))

(assert_return (invoke "consts") (i32.const 3))
(assert_trap (invoke "consts_oob") "out of bounds memory access")

(assert_return (invoke "byte_index" (i32.const 0)) (i32.const 0))
(assert_trap (invoke "byte_index" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "masked" (i32.const -1)) (i32.const 0))
(assert_return (invoke "masked" (i32.const 65536)) (i32.const 1))
(assert_return (invoke "masked" (i32.const 4)) (i32.const 2))
(assert_return (invoke "masked_wide" (i32.const 4)) (i32.const 2))
(assert_trap (invoke "masked_wide" (i32.const 0x10000)) "out of bounds memory access")
(assert_return (invoke "store_then_covered" (i32.const 65524)) (i32.const 0))
(assert_return (invoke "peek" (i32.const 65532)) (i32.const 5))
(assert_trap (invoke "store_then_covered" (i32.const 65528)) "out of bounds memory access")

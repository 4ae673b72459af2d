;; One function per bounds-check decision of host/compiler/wasm_checks.c, and
;; per thing that ends a run or keeps one going. tests/compiler/check_decisions.c
;; prints the decisions; tests/compiler/golden/checks.txt is what they must be.
;; Run with a 65536-byte guaranteed memory size.
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $callee)
  ;; f1 full: a lone access with a memarg offset keeps wasm2c's check
  (func $full (param i32) (result i32)
    (i32.load offset=4 (local.get 0)))
  ;; f2 one: a lone access without an offset
  (func $one (param i32) (result i32)
    (i32.load (local.get 0)))
  ;; f3 none: a byte-masked address is below 65536
  (func $none (param i32) (result i32)
    (i32.load8_u offset=100 (i32.and (local.get 0) (i32.const 255))))
  ;; f4 group + covered through one local and clang's p + 4 arithmetic
  (func $group (param i32) (result i32)
    (i32.add (i32.load (local.get 0))
             (i32.add (i32.load (i32.add (local.get 0) (i32.const 4)))
                      (i32.load offset=8 (local.get 0)))))
  ;; f5 a group starting below its first member: lo = -8
  (func $group_lo (param i32) (result i32)
    (i32.add (i32.load (local.get 0))
             (i32.load (i32.sub (local.get 0) (i32.const 8)))))
  ;; f6 a store ends widening: p+8 after the store is a new (lone) check
  (func $store_seals (param i32) (result i32)
    (drop (i32.load (local.get 0)))
    (i32.store offset=4 (local.get 0) (i32.const 1))
    (i32.load offset=8 (local.get 0)))
  ;; f7 after a store, an access the check already covers still joins
  (func $store_covered (param i32) (result i32)
    (drop (i32.load offset=8 (local.get 0)))
    (i32.store (local.get 0) (i32.const 1))
    (i32.load offset=4 (local.get 0)))
  ;; f8 a division ends the run (it may trap): two lone checks
  (func $div_ends (param i32 i32) (result i32)
    (drop (i32.load (local.get 0)))
    (drop (i32.div_u (local.get 1) (local.get 1)))
    (i32.load offset=4 (local.get 0)))
  ;; f9 a call, a br_if and a global.set end runs; a global.get does not
  (func $ends (param i32) (result i32)
    (drop (i32.load (local.get 0)))
    (call $callee)
    (drop (i32.load offset=4 (local.get 0)))
    (drop (global.get $g))
    (drop (i32.load offset=8 (local.get 0)))
    (block (br_if 0 (local.get 0)))
    (drop (i32.load offset=12 (local.get 0)))
    (global.set $g (i32.const 1))
    (i32.load offset=16 (local.get 0)))
  ;; f10 a span over 64 KiB is not merged
  (func $too_wide (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load offset=70000 (local.get 0))))
  ;; f11 a block start does not end a run; a loop (a label) does
  (func $block_loop (param i32) (result i32)
    (drop (i32.load (local.get 0)))
    (block (drop (i32.load offset=4 (local.get 0))))
    (loop (drop (i32.load offset=8 (local.get 0))))
    (i32.load offset=12 (local.get 0)))
  ;; f12 a bounded local keeps its bound across a call; not across a label
  (func $bound_kept (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.and (local.get 0) (i32.const 1020)))
    (call $callee)
    (drop (i32.load (local.get 1)))
    (if (local.get 0) (then (nop)))
    (i32.load (local.get 1)))
  ;; f13 addresses near 4 GiB: the constant base wraps, so a span check, not none
  (func $wrap (result i32)
    (i32.add (i32.load (i32.const -4)) (i32.load offset=8 (i32.const -4))))
  ;; f14 memory.grow ends the run; memory.size does not
  (func $grow (param i32) (result i32)
    (drop (i32.load (local.get 0)))
    (drop (memory.size))
    (drop (i32.load offset=4 (local.get 0)))
    (drop (memory.grow (i32.const 0)))
    (i32.load offset=8 (local.get 0)))
  ;; f15 a counted loop: its checks (one, group) get ranges of the loop's entry test;
  ;; the second loop's bound is written in the body: no entry test
  (func $counted (param i32 i32) (result i32)
    (local i32 i32)
    (loop
      (local.set 3 (i32.add (local.get 3)
        (i32.add (i32.load (i32.add (local.get 0) (i32.shl (local.get 2) (i32.const 2))))
                 (i32.load8_u offset=1 (local.get 2)))))
      (drop (i32.load offset=4 (local.get 2)))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get 2) (local.get 1))))
    (loop
      (drop (i32.load (local.get 2)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get 2) (local.get 1))))
    (local.get 3))
  (export "full" (func $full)))

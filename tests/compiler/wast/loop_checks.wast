;; Loop-level bounds checks (host/compiler/wasm_checks.c "Loops"): a counted
;; loop tests once, on entry, that every access of every iteration fits, and
;; otherwise runs its checks. These loops put their last iteration exactly at
;; the memory's end (or below address 0): a trip count one short, a bound the
;; body changes, a wrapped address or a step that is not an induction
;; variable would let that access through instead of trapping.
;; compiler.loop_checks_emitted checks which functions get the entry test.
(module
  (memory 1 1)
  (data (i32.const 0) "\01\00\00\00\02\00\00\00")
  (data (i32.const 65532) "\07\00\00\00")

  ;; i != n, i += 4
  (func (export "up_ne") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.ne (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; i <u n
  (func (export "up_lt_u") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; n >u i (the operands the other way round)
  (func (export "up_swapped") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.gt_u (local.get $n) (local.get $i))))
    (local.get $acc))

  ;; i <s n
  (func (export "up_lt_s") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.lt_s (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; i -= 4 while i >u n
  (func (export "down_gt_u") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $top (i32.gt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; i -= 4 while i >s n: the last iteration reads at -4
  (func (export "down_gt_s") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $top (i32.gt_s (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; b + (i << 2), counted by i itself from 0
  (func (export "scaled") (param $b i32) (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc)
        (i32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.ne (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; the address moves with i, the exit counts k
  (func (export "two_ivs") (param $i i32) (param $n i32) (result i32) (local $k i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load offset=4 (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $k) (local.get $n))))
    (local.get $acc))

  ;; two loads per iteration (one merged check), the second the first to trap
  (func (export "pairs") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc)
        (i32.add (i32.load (local.get $i)) (i32.load offset=4 (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $top (i32.ne (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; the bound grows inside the loop: more iterations than the entry values say
  (func (export "bound_grows") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; i is stepped twice per iteration (no induction variable of one step)
  (func (export "two_steps") (param $i i32) (param $n i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; i is stepped only on some iterations
  (func (export "cond_step") (param $i i32) (param $n i32) (result i32) (local $k i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (if (i32.and (local.get $k) (i32.const 1))
        (then (local.set $i (i32.add (local.get $i) (i32.const 8)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $k) (local.get $n))))
    (local.get $acc))

  ;; b + i wraps around 4 GiB into bounds: checked, and in bounds
  (func (export "wraps") (param $b i32) (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (local.set $i (i32.const 16))
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.ne (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; stores, the last one out of bounds: the earlier ones stay done
  (func (export "fill") (param $i i32) (param $n i32)
    (loop $top
      (i32.store (local.get $i) (i32.const 9))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.ne (local.get $i) (local.get $n)))))
  (func (export "peek") (param $p i32) (result i32) (i32.load (local.get $p)))

  ;; br_if on the counter itself ("k != 0"), as clang writes a count-down
  ;; loop: no entry test (wasm_checks.c exit_test wants a comparison); the
  ;; last iteration's trap stays where it is
  (func (export "count_down") (param $i i32) (param $k i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (local.tee $k (i32.add (local.get $k) (i32.const -1)))))
    (local.get $acc))

  ;; i from a negative value up to 0, the address b + i below b: an entry
  ;; test, but wcap_trips refuses a != test that counts across 2^32, so the
  ;; checked copy runs
  (func (export "from_negative") (param $b i32) (param $i i32) (result i32) (local $acc i32)
    (loop $top
      (local.set $acc (i32.add (local.get $acc) (i32.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.ne (local.get $i) (i32.const 0))))
    (local.get $acc))

  ;; carry a word one place (insertion sort's shift): a store, then a load
  ;; 4 bytes away, are two checks (a load is not checked before an earlier
  ;; store) through the same induction variable; they share one entry test
  ;; (the lowest start, the furthest end), which one of them alone does not
  ;; give. Going up the load at i + 4 is the first to leave the memory; going
  ;; down the load at i (below address 0).
  (func (export "carry_up") (param $i i32) (param $n i32) (param $v i32)
    (loop $top
      (i32.store (local.get $i) (local.get $v))
      (local.set $v (i32.load (i32.add (local.get $i) (i32.const 4))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n)))))
  (func (export "carry_down") (param $i i32) (param $n i32) (param $v i32)
    (loop $top
      (i32.store (i32.add (local.get $i) (i32.const 4)) (local.get $v))
      (local.set $v (i32.load (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $top (i32.gt_s (local.get $i) (local.get $n)))))

  ;; the counted loop is the first thing of an outer loop (its C label follows the outer's)
  (func (export "nested_first") (param $i i32) (param $n i32) (result i32) (local $j i32) (local $acc i32)
    (loop $outer
      (loop $inner
        (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $inner (i32.lt_u (local.get $i) (local.get $n))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $j) (i32.const 2))))
    (local.get $acc))
)

(assert_return (invoke "up_ne" (i32.const 65520) (i32.const 65536)) (i32.const 7))
(assert_trap (invoke "up_ne" (i32.const 65524) (i32.const 65540)) "out of bounds memory access")
(assert_return (invoke "up_ne" (i32.const 0) (i32.const 16)) (i32.const 3))
(assert_return (invoke "up_lt_u" (i32.const 65520) (i32.const 65533)) (i32.const 7))
(assert_trap (invoke "up_lt_u" (i32.const 65520) (i32.const 65537)) "out of bounds memory access")
(assert_return (invoke "up_lt_u" (i32.const 65532) (i32.const 0)) (i32.const 7))
(assert_return (invoke "up_swapped" (i32.const 65520) (i32.const 65533)) (i32.const 7))
(assert_trap (invoke "up_swapped" (i32.const 65520) (i32.const 65537)) "out of bounds memory access")
(assert_return (invoke "up_lt_s" (i32.const 0) (i32.const 9)) (i32.const 3))
(assert_trap (invoke "up_lt_s" (i32.const 65528) (i32.const 65537)) "out of bounds memory access")
(assert_trap (invoke "up_lt_s" (i32.const -8) (i32.const 8)) "out of bounds memory access")
(assert_return (invoke "down_gt_u" (i32.const 12) (i32.const 0)) (i32.const 2))
(assert_trap (invoke "down_gt_u" (i32.const 65540) (i32.const 65528)) "out of bounds memory access")
(assert_return (invoke "down_gt_s" (i32.const 12) (i32.const 0)) (i32.const 2))
(assert_trap (invoke "down_gt_s" (i32.const 8) (i32.const -8)) "out of bounds memory access")
(assert_return (invoke "scaled" (i32.const 65520) (i32.const 4)) (i32.const 7))
(assert_trap (invoke "scaled" (i32.const 65520) (i32.const 5)) "out of bounds memory access")
(assert_return (invoke "two_ivs" (i32.const 65516) (i32.const 4)) (i32.const 7))
(assert_trap (invoke "two_ivs" (i32.const 65516) (i32.const 5)) "out of bounds memory access")
(assert_return (invoke "pairs" (i32.const 65520) (i32.const 65536)) (i32.const 7))
(assert_trap (invoke "pairs" (i32.const 65524) (i32.const 65540)) "out of bounds memory access")
(assert_return (invoke "bound_grows" (i32.const 65520) (i32.const 65530)) (i32.const 7))
(assert_trap (invoke "bound_grows" (i32.const 65520) (i32.const 65534)) "out of bounds memory access")
(assert_trap (invoke "two_steps" (i32.const 65520) (i32.const 65540)) "out of bounds memory access")
(assert_return (invoke "two_steps" (i32.const 65516) (i32.const 65533)) (i32.const 7))
(assert_return (invoke "cond_step" (i32.const 65516) (i32.const 6)) (i32.const 14))
(assert_trap (invoke "cond_step" (i32.const 65516) (i32.const 7)) "out of bounds memory access")
(assert_return (invoke "wraps" (i32.const -16) (i32.const 32)) (i32.const 3))
(assert_trap (invoke "wraps" (i32.const 65516) (i32.const 40)) "out of bounds memory access")
(assert_trap (invoke "fill" (i32.const 65524) (i32.const 65540)) "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 65532)) (i32.const 9))
(assert_return (invoke "peek" (i32.const 65524)) (i32.const 9))
(assert_return (invoke "nested_first" (i32.const 65520) (i32.const 65528)) (i32.const 18))
(assert_trap (invoke "nested_first" (i32.const 65528) (i32.const 65536)) "out of bounds memory access")
;; carry_up: 65516.. holds 0 0 9 9 9 (fill above)
(assert_return (invoke "carry_up" (i32.const 65516) (i32.const 65528) (i32.const 5)))
(assert_return (invoke "peek" (i32.const 65516)) (i32.const 5))
(assert_return (invoke "peek" (i32.const 65520)) (i32.const 0))
(assert_return (invoke "peek" (i32.const 65524)) (i32.const 9))
(assert_trap (invoke "carry_up" (i32.const 65524) (i32.const 65536) (i32.const 6)) "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 65524)) (i32.const 6))
(assert_return (invoke "peek" (i32.const 65532)) (i32.const 9))
;; carry_down: words 0, 4, 8 hold 1 2 0; the iteration at i = -4 stores, then traps on its load
(assert_trap (invoke "carry_down" (i32.const 8) (i32.const -8) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 12)) (i32.const 3))
(assert_return (invoke "peek" (i32.const 8)) (i32.const 0))
(assert_return (invoke "peek" (i32.const 4)) (i32.const 2))
(assert_return (invoke "peek" (i32.const 0)) (i32.const 1))
(assert_return (invoke "carry_down" (i32.const 8) (i32.const -4) (i32.const 4)))
(assert_return (invoke "peek" (i32.const 12)) (i32.const 4))
(assert_return (invoke "peek" (i32.const 0)) (i32.const 1))
;; 65520.. holds 0 6 9 9 (carry_up above)
(assert_return (invoke "count_down" (i32.const 65520) (i32.const 4)) (i32.const 24))
(assert_trap (invoke "count_down" (i32.const 65524) (i32.const 4)) "out of bounds memory access")
(assert_trap (invoke "count_down" (i32.const 65520) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "count_down" (i32.const 65520) (i32.const 1)) (i32.const 0))
(assert_return (invoke "from_negative" (i32.const 65536) (i32.const -16)) (i32.const 24))
(assert_trap (invoke "from_negative" (i32.const 65540) (i32.const -16)) "out of bounds memory access")
(assert_trap (invoke "from_negative" (i32.const 16) (i32.const -32)) "out of bounds memory access")
(assert_return (invoke "from_negative" (i32.const 8) (i32.const -8)) (i32.const 3))

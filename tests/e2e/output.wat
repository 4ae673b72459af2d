;; e2e.output: a capsule whose output exercises the event path: a 303-byte log
;; line (split into 128-byte events and joined by the host), many short lines,
;; reply bytes, and typed i64/f32/f64 arguments; start/stop hooks (e2e.start_stop,
;; e2e.reboot) and `state` telling which one ran last.
(module
  (import "wcap" "log" (func $log (param i32 i32)))
  (import "wcap" "reply" (func $reply (param i32 i32)))
  (memory 1 1)
  (global $started (mut i32) (i32.const 0))
  (data (i32.const 500) "started")
  (func (export "start") (global.set $started (i32.const 1)) (call $log (i32.const 500) (i32.const 7)))
  (func (export "stop") (global.set $started (i32.const 2)))
  (func (export "state") (result i32) (global.get $started))
  (data (i32.const 16) "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxEND")
  (data (i32.const 400) "line")
  (func (export "run") (result i32)
    (call $log (i32.const 16) (i32.const 303))
    (i32.const 7))
  (func (export "many") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $log (i32.const 400) (i32.const 4))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func (export "rep") (result i32)
    (call $reply (i32.const 16) (i32.const 200))
    (i32.const 1))
  (func (export "sum") (param i64 f32 f64) (result f64)
    (f64.add (f64.add (f64.convert_i64_s (local.get 0)) (f64.promote_f32 (local.get 1))) (local.get 2)))
)
;; host/compiler/w2c.c caches the memory's base and size per function and refreshes
;; the size after every call: memory grown by a callee must be usable by the
;; caller right after the call, and the new end must still trap.
(module
  (memory 1 3)
  (func $grow (result i32) (memory.grow (i32.const 1)))
  ;; the store before the call makes the function use the cached size
  (func (export "grow_then_use") (result i32)
    (i32.store (i32.const 65532) (i32.const 7))
    (drop (call $grow))
    (i32.store (i32.const 131068) (i32.const 42))
    (i32.add (i32.load (i32.const 131068)) (i32.load (i32.const 65532))))
  (func (export "grow_then_oob") (result i32)
    (i32.store (i32.const 65532) (i32.const 7))
    (drop (call $grow))
    (i32.load (i32.const 131069)))
  (func (export "oob_before_grow") (result i32)
    (i32.load (i32.const 65533))))

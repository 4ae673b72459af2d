;; As bigmem.wat, with clang's default 64 KiB C stack (ending at 70656): two
;; whole pages, which no 128 KiB board can hold with the code; the warning
;; says to link with a smaller stack (compiler.board_memory).
(module
  (memory 4)
  (global $__stack_pointer (mut i32) (i32.const 70656))
  (data (i32.const 1024) "wcap")
  (func (export "run") (result i32) (local i32)
    (local.set 0 (i32.sub (global.get $__stack_pointer) (i32.const 16)))
    (i32.store (local.get 0) (i32.const 42))
    (i32.load (local.get 0))))

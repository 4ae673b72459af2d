;; A C program linked with 256 KiB of memory (-Wl,--initial-memory=262144)
;; and an 8 KiB C stack: data at 1024, the stack (__stack_pointer, named in
;; the "name" section: wat2wasm --debug-names) ending at 9216. Too big for a
;; board as declared; data and stack fit one page (compiler.board_memory).
(module
  (memory 4)
  (global $__stack_pointer (mut i32) (i32.const 9216))
  (data (i32.const 1024) "wcap")
  (func (export "run") (result i32) (local i32)
    (local.set 0 (i32.sub (global.get $__stack_pointer) (i32.const 16)))
    (i32.store (local.get 0) (i32.const 42))
    (i32.load (local.get 0))))

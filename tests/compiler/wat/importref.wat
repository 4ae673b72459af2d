;; Host imports placed in a table: the capsule takes the addresses of imported
;; functions (import-address relocations: x86 GOTPCREL mov->lea, Arm ABS32, RISC-V PCREL_HI20/LO12 or ABS32).
(module
  (import "wcap" "led_toggle" (func $toggle (param i32)))
  (import "wcap" "sleep_ms" (func $sleep (param i32)))
  (type $v_i (func (param i32)))
  (table 2 funcref)
  (elem (i32.const 0) $toggle $sleep)
  (func (export "call_slot") (param i32 i32)
    (call_indirect (type $v_i) (local.get 1) (local.get 0))))

;; No imports: exported functions over i32/i64/f32/f64 only (always accepted).
(module
  (func (export "add_i32") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mul_i64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "div_i64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "sqrt_f32") (param f32) (result f32) (f32.sqrt (local.get 0)))
  (func (export "floor_f64") (param f64) (result f64) (f64.floor (local.get 0)))
  (func (export "mix") (param i32 i64 f32 f64) (result f64)
    (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
             (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))
  (func (export "pair") (param i32) (result i32 i64) (local.get 0) (i64.extend_i32_u (local.get 0)))
  (func (export "fac") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 1))
    (block $done
      (loop $again
        (br_if $done (i32.le_s (local.get 0) (i32.const 1)))
        (local.set 1 (i32.mul (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
    (local.get 1))
  (func (export "nothing"))
)

;; One page declared, data at 200..210: fits --memory-max 4096, not --memory-max 128.
(module
  (memory 1)
  (data (i32.const 200) "0123456789")
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))

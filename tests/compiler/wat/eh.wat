;; Exception handling (tag + throw): must be refused.
(module
  (tag $e (param i32))
  (func (export "f") (param i32) (throw $e (local.get 0))))

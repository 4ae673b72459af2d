;; A capsule whose start function never returns: loading it must end in an
;; init trap "time budget exceeded" (the loader runs instantiate under the
;; capsule's time budget), with nothing leaked and the device still serving.
(module
  (func $spin
    (loop $forever
      (br $forever)))
  (func (export "ok") (result i32)
    (i32.const 1))
  (start $spin))

;; gram.wat fragment: staging raw rows into panels.
  ;; Marks at `used` (one 8-byte slot per feature; nonzero = used) every feature that is nonzero in some
  ;; row of the n×d row-major float64 rows at `raw`.
  (func (export "usage") (param $raw i32) (param $n i32) (param $d i32) (param $used i32)
    (local $i i32) (local $k i32) (local $row i32) (local $pairs i32)
    (local.set $pairs (i32.and (local.get $d) (i32.const -2)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.add (local.get $raw) (i32.shl (i32.mul (local.get $i) (local.get $d)) (i32.const 3))))
        (local.set $k (i32.const 0))
        (block $pairsDone
          (loop $features
            (br_if $pairsDone (i32.ge_u (local.get $k) (local.get $pairs)))
            (v128.store align=8 (i32.add (local.get $used) (i32.shl (local.get $k) (i32.const 3)))
              (v128.or
                (v128.load align=8 (i32.add (local.get $used) (i32.shl (local.get $k) (i32.const 3))))
                (f64x2.ne
                  (v128.load align=8 (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 3))))
                  (v128.const f64x2 0 0))))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (br $features)))
        (if (i32.lt_u (local.get $pairs) (local.get $d))
          (then
            (if (f64.ne (f64.load (i32.add (local.get $row) (i32.shl (local.get $pairs) (i32.const 3)))) (f64.const 0))
              (then (i64.store (i32.add (local.get $used) (i32.shl (local.get $pairs) (i32.const 3))) (i64.const -1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Copies the `count` features listed (i32 indices) at `features` of every raw row (d per row, at
  ;; `raw`) into the panels set by `setup`; padding lanes stay as they are (zero in a fresh memory).
  (func (export "pack") (param $raw i32) (param $d i32) (param $features i32) (param $count i32)
    (local $i i32) (local $k i32) (local $src i32) (local $dst i32)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (global.get $n)))
        (local.set $src (i32.add (local.get $raw) (i32.shl (i32.mul (local.get $i) (local.get $d)) (i32.const 3))))
        (local.set $dst (call $row (local.get $i)))
        (local.set $k (i32.const 0))
        (block $featuresDone
          (loop $features
            (br_if $featuresDone (i32.ge_u (local.get $k) (local.get $count)))
            ;; packed feature k: step k>>1 (64 bytes), lane k&1 (8 bytes)
            (f64.store
              (i32.add (local.get $dst)
                (i32.add (i32.shl (i32.shr_u (local.get $k) (i32.const 1)) (i32.const 6))
                  (i32.shl (i32.and (local.get $k) (i32.const 1)) (i32.const 3))))
              (f64.load
                (i32.add (local.get $src)
                  (i32.shl (i32.load (i32.add (local.get $features) (i32.shl (local.get $k) (i32.const 2))))
                    (i32.const 3)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $features)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; ‖x_i‖² of every packed row into the norms, summed lane-wise like the dot products.
  (func (export "norms")
    (local $i i32) (local $a i32) (local $end i32) (local $s v128) (local $v v128)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (global.get $n)))
        (local.set $a (call $row (local.get $i)))
        (local.set $end (i32.add (local.get $a) (global.get $panelBytes)))
        (local.set $s (v128.const f64x2 0 0))
        (block $done
          (loop $k
            (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
            (local.set $v (v128.load (local.get $a)))
            (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v) (local.get $v))))
            (local.set $a (i32.add (local.get $a) (i32.const 64)))
            (br $k)))
        (f64.store (i32.add (global.get $norms) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

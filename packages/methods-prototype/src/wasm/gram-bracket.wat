;; gram.wat fragment: the median's bracket pass.
  ;; Counts the `count` float64 values at `at` (16-byte aligned) that are below lo and copies those in
  ;; [lo, hi] to `dst`, at most `cap` of them. Returns (below, copied); copied = cap + 1 means more
  ;; fell inside than fit (the caller then searches another way). Branch-free except for the rare
  ;; pairs with a value inside, so it runs at memory speed where a JS loop mispredicts every other value.
  (func (export "bracket") (param $at i32) (param $count i32) (param $lo f64) (param $hi f64) (param $dst i32)
    (param $cap i32) (result i32 i32)
    (local $end i32) (local $v v128) (local $lt v128) (local $in v128) (local $lov v128) (local $hiv v128)
    (local $acc v128) (local $m i32) (local $below i32) (local $x f64)
    (local.set $lov (f64x2.splat (local.get $lo)))
    (local.set $hiv (f64x2.splat (local.get $hi)))
    (local.set $end (i32.add (local.get $at) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $v (v128.load (local.get $at)))
        (local.set $lt (f64x2.lt (local.get $v) (local.get $lov)))
        (local.set $acc (i64x2.sub (local.get $acc) (local.get $lt)))
        (local.set $in (v128.andnot (f64x2.le (local.get $v) (local.get $hiv)) (local.get $lt)))
        (if (v128.any_true (local.get $in))
          (then
            (if (i32.ge_u (i32.add (local.get $m) (i32.const 1)) (local.get $cap))
              (then (return (i32.const 0) (i32.add (local.get $cap) (i32.const 1)))))
            (if (i64.ne (i64x2.extract_lane 0 (local.get $in)) (i64.const 0))
              (then
                (f64.store (i32.add (local.get $dst) (i32.shl (local.get $m) (i32.const 3)))
                  (f64x2.extract_lane 0 (local.get $v)))
                (local.set $m (i32.add (local.get $m) (i32.const 1)))))
            (if (i64.ne (i64x2.extract_lane 1 (local.get $in)) (i64.const 0))
              (then
                (f64.store (i32.add (local.get $dst) (i32.shl (local.get $m) (i32.const 3)))
                  (f64x2.extract_lane 1 (local.get $v)))
                (local.set $m (i32.add (local.get $m) (i32.const 1)))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $pairs)))
    (local.set $below
      (i32.wrap_i64 (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc)))))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $x (f64.load (local.get $at)))
        (if (f64.lt (local.get $x) (local.get $lo))
          (then (local.set $below (i32.add (local.get $below) (i32.const 1))))
          (else
            (if (f64.le (local.get $x) (local.get $hi))
              (then
                (if (i32.ge_u (local.get $m) (local.get $cap))
                  (then (return (i32.const 0) (i32.add (local.get $cap) (i32.const 1)))))
                (f64.store (i32.add (local.get $dst) (i32.shl (local.get $m) (i32.const 3))) (local.get $x))
                (local.set $m (i32.add (local.get $m) (i32.const 1)))))))))
    (local.get $below)
    (local.get $m))
